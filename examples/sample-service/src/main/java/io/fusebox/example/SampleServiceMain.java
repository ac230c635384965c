package io.fusebox.example;

import io.fusebox.agent.FuseboxAgent;
import java.io.UncheckedIOException;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the sample service with the Fusebox agent until SIGTERM. The agent reads its own variables
 * ({@code FUSEBOX_SETTINGS_PATH}, default {@code /etc/fusebox/circuit-breaker.yaml}; {@code
 * FUSEBOX_HEALTH_PORT} for {@code /health/live}, {@code /health/ready} and {@code /metrics},
 * default 8081; the {@code CIRCUIT_BREAKER_*} defaults), the service those of {@link
 * SampleServiceConfig}.
 */
public final class SampleServiceMain {

  private static final Logger LOG = LoggerFactory.getLogger(SampleServiceMain.class);

  private SampleServiceMain() {}

  /** Starts the agent and the service and blocks until the process is stopped. */
  public static void main(String[] args) throws Exception {
    SampleServiceConfig config;
    try {
      config = SampleServiceConfig.fromEnvironment(System.getenv());
    } catch (IllegalArgumentException e) {
      LOG.error("Invalid configuration: {}", e.getMessage());
      System.exit(2);
      return;
    }
    // The agent's own shutdown hook turns readiness to 503 and drains before its server stops.
    FuseboxAgent agent;
    try {
      agent = FuseboxAgent.start();
    } catch (IllegalArgumentException | UncheckedIOException e) {
      LOG.error("Invalid configuration: {}", e.getMessage());
      System.exit(2);
      return;
    }
    SampleService service = SampleService.start(config, agent.registry());
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  service.close();
                  stopped.countDown();
                },
                "sample-service-shutdown"));
    stopped.await();
  }
}
