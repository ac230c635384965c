package io.fusebox.operator.cli;

import io.fusebox.operator.desired.ObservedTarget;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Option;

/** The input options shared by {@code render} and {@code validate}. */
final class InputOptions {

  /** Exit status of a run whose inputs are valid. */
  static final int EXIT_OK = 0;

  /** Exit status of a run with at least one invalid input. */
  static final int EXIT_INVALID = 1;

  /** Exit status of a usage error, as picocli uses for unknown options. */
  static final int EXIT_USAGE = 2;

  @Option(
      names = {"-f", "--filename"},
      required = true,
      paramLabel = "FILE|DIR",
      description =
          "Policy file, or directory searched recursively for .yaml and .yml files in sorted"
              + " order. Repeatable. Documents of other kinds are skipped.")
  List<Path> paths;

  @Option(
      names = {"-n", "--namespace"},
      paramLabel = "NAMESPACE",
      defaultValue = "default",
      description = "Namespace of policies that name none (default: ${DEFAULT-VALUE}).")
  String namespace;

  /**
   * Reads and checks the inputs, or prints a usage message and returns {@code null} when a path
   * does not exist.
   */
  PolicyInputs.Outcome check(ObservedTarget target, PrintWriter err) throws IOException {
    List<Path> files;
    try {
      files = PolicyInputs.files(paths);
    } catch (NoSuchFileException e) {
      err.println("file or directory not found: " + e.getFile() + "; check the -f argument");
      return null;
    }
    return new PolicyInputs(namespace, target).check(files, paths);
  }
}
