package io.fusebox.chart;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A command-line tool that a test runs, such as helm. A missing tool skips the test with an
 * assumption that names it, unless {@code FUSEBOX_REQUIRE_TOOLS=true} (set by CI) makes it fail.
 * {@code scripts/install-tools.sh} installs the tools into {@code .cache/tools/bin}.
 */
final class ExternalTool {

  /** Maximum time one tool run may take before the test fails. */
  private static final long TIMEOUT_SECONDS = 120;

  private final Path executable;

  private ExternalTool(Path executable) {
    this.executable = executable;
  }

  /** Finds {@code name} in {@code .cache/tools/bin} or on the PATH, or skips or fails the test. */
  static ExternalTool require(String name) {
    Optional<Path> found = find(name);
    if (found.isEmpty()) {
      String message =
          name
              + " not found in .cache/tools/bin or on the PATH; run scripts/install-tools.sh to"
              + " install it";
      if ("true".equals(System.getenv("FUSEBOX_REQUIRE_TOOLS"))) {
        fail(message + " (FUSEBOX_REQUIRE_TOOLS=true makes a missing tool an error)");
      }
      assumeTrue(false, message);
    }
    return new ExternalTool(found.get());
  }

  private static Optional<Path> find(String name) {
    List<Path> dirs = new ArrayList<>();
    String toolsDir = System.getenv("FUSEBOX_TOOLS_DIR");
    if (toolsDir != null && !toolsDir.isBlank()) {
      dirs.add(Path.of(toolsDir, "bin"));
    }
    dirs.add(ProjectFiles.root().resolve(".cache/tools/bin"));
    String path = System.getenv().getOrDefault("PATH", "");
    for (String entry : path.split(File.pathSeparator)) {
      if (!entry.isBlank()) {
        dirs.add(Path.of(entry));
      }
    }
    return dirs.stream().map(dir -> dir.resolve(name)).filter(Files::isExecutable).findFirst();
  }

  /** Output and exit code of one run. */
  record Result(int exitCode, String stdout, String stderr) {}

  /** Runs the tool with {@code args} in the repository root and waits for it to exit. */
  Result run(List<String> args) {
    List<String> command = new ArrayList<>();
    command.add(executable.toString());
    command.addAll(args);
    try {
      Path stdout = Files.createTempFile("fusebox-tool", ".out");
      Path stderr = Files.createTempFile("fusebox-tool", ".err");
      try {
        Process process =
            new ProcessBuilder(command)
                .directory(ProjectFiles.root().toFile())
                .redirectOutput(stdout.toFile())
                .redirectError(stderr.toFile())
                .start();
        if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
          process.destroyForcibly();
          fail(String.join(" ", command) + " timed out after " + TIMEOUT_SECONDS + " s");
        }
        return new Result(
            process.exitValue(),
            Files.readString(stdout, StandardCharsets.UTF_8),
            Files.readString(stderr, StandardCharsets.UTF_8));
      } finally {
        Files.deleteIfExists(stdout);
        Files.deleteIfExists(stderr);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("failed to run " + String.join(" ", command), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while running " + command, e);
    }
  }
}
