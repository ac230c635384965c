package io.fusebox.example;

import java.util.concurrent.CountDownLatch;

/**
 * Runs the external API stand-in on loopback until the process is stopped. Arguments: {@code
 * [apiPort [controlPort]]}, default 8091 and 8092, clear of the agent's health port 8081.
 */
public final class ExternalApiStubMain {

  private ExternalApiStubMain() {}

  /** Starts the stand-in and blocks until SIGTERM or Ctrl-C. */
  public static void main(String[] args) throws Exception {
    int apiPort = args.length > 0 ? Integer.parseInt(args[0]) : 8091;
    int controlPort = args.length > 1 ? Integer.parseInt(args[1]) : 8092;
    ExternalApiStub stub = ExternalApiStub.start(apiPort, controlPort);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  stub.close();
                  stopped.countDown();
                },
                "external-api-stub-shutdown"));
    System.out.println("API " + stub.apiUrl() + ", control " + stub.controlUrl());
    stopped.await();
  }
}
