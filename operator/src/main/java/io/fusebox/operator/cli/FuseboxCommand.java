package io.fusebox.operator.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code fusebox} command. Each subcommand is one class listed in {@code subcommands}, so a new
 * subcommand is added by writing its class and naming it here.
 */
@Command(
    name = "fusebox",
    mixinStandardHelpOptions = true,
    versionProvider = FuseboxCommand.Version.class,
    description = "Circuit-breaker policy as a Kubernetes resource.",
    subcommands = {
      RenderCommand.class,
      ValidateCommand.class,
      OperatorCommand.class,
      CommandLine.HelpCommand.class
    })
public final class FuseboxCommand implements Runnable {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  /** Runs the command line and exits with its status. */
  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  /** Returns the configured command line, for {@link #main} and tests. */
  public static CommandLine commandLine() {
    return new CommandLine(new FuseboxCommand());
  }

  /** Without a subcommand, prints usage and fails with the usage status. */
  @Override
  public void run() {
    throw new CommandLine.ParameterException(
        spec.commandLine(), "missing subcommand; use render, validate or operator");
  }

  /** Reports the version from the jar manifest. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String version = FuseboxCommand.class.getPackage().getImplementationVersion();
      return new String[] {"fusebox " + (version == null ? "development build" : version)};
    }
  }
}
