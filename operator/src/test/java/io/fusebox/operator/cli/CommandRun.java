package io.fusebox.operator.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import picocli.CommandLine;

/** The exit status, standard output and standard error of one in-process {@code fusebox} run. */
record CommandRun(int exitCode, String out, String err) {

  static CommandRun of(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine command = FuseboxCommand.commandLine();
    command.setOut(new PrintWriter(out));
    command.setErr(new PrintWriter(err));
    int exitCode = command.execute(args);
    return new CommandRun(exitCode, out.toString(), err.toString());
  }

  /** Returns the non-empty lines of standard error. */
  List<String> errLines() {
    return err.lines().filter(line -> !line.isBlank()).toList();
  }
}
