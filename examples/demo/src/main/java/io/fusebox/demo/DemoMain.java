package io.fusebox.demo;

/**
 * Entry point of {@code scripts/demo.sh}: runs the demo, prints its summary and exits 0 when every
 * expected event happened, 1 otherwise. Ctrl-C stops everything the demo started.
 */
public final class DemoMain {

  private DemoMain() {}

  /** Runs the demo. */
  public static void main(String[] args) {
    Demo demo = new Demo(System.out);
    Thread cleanup = new Thread(demo::close, "fusebox-demo-cleanup");
    Runtime.getRuntime().addShutdownHook(cleanup);
    DemoSummary summary = demo.run();
    demo.close();
    System.exit(summary.succeeded() ? 0 : 1);
  }
}
