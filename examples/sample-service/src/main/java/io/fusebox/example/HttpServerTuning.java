package io.fusebox.example;

/** JVM-wide settings of the JDK HTTP server that the sample service and the stand-in share. */
final class HttpServerTuning {

  private HttpServerTuning() {}

  /**
   * Turns on TCP_NODELAY for every JDK HTTP server in this JVM, unless set otherwise on the command
   * line. Without it the JDK 17 server sends headers and body in separate writes, and Nagle's
   * algorithm together with delayed ACKs can hold each response for about 40 ms. The JDK reads the
   * property once, when its first server is created, so this runs before that.
   */
  static void enableNoDelay() {
    if (System.getProperty("sun.net.httpserver.nodelay") == null) {
      System.setProperty("sun.net.httpserver.nodelay", "true");
    }
  }
}
