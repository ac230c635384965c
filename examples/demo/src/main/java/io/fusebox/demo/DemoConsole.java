package io.fusebox.demo;

import java.io.PrintStream;

/** The demo's readable progress output: steps, events, phase results and the summary. */
final class DemoConsole {

  private final PrintStream out;
  private final long started = System.nanoTime();

  DemoConsole(PrintStream out) {
    this.out = out;
  }

  void step(String message) {
    print("");
    print("==> " + message);
  }

  void info(String message) {
    print("    " + message);
  }

  void event(String message) {
    print("  * " + message);
  }

  void phase(String message) {
    print("  | " + message);
  }

  void error(String message) {
    print("  ! " + message);
  }

  void block(String text) {
    for (String line : text.split("\n")) {
      print("      " + line);
    }
  }

  void summary(DemoSummary summary) {
    print("");
    print("==> Summary");
    print("    transitions seen:    " + (summary.transitions().isEmpty() ? "none" : ""));
    summary.transitions().forEach(line -> print("      " + line));
    print("    reload applied:      " + yesNo(summary.reloadApplied()));
    print("    state kept on reload:" + " " + yesNo(summary.stateKeptAcrossReload()));
    print("    recovery:            " + yesNo(summary.recovered()));
    if (!summary.failure().isEmpty()) {
      print("    failed step:         " + summary.failure());
    }
    print("    result:              " + (summary.succeeded() ? "PASSED" : "FAILED"));
  }

  private static String yesNo(boolean value) {
    return value ? "yes" : "no";
  }

  private synchronized void print(String line) {
    double seconds = (System.nanoTime() - started) / 1e9;
    out.printf("[%6.1fs] %s%n", seconds, line);
    out.flush();
  }
}
