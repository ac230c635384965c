package io.fusebox.operator.runtime;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Small JDK HTTP server for the operator's probes and metrics, on its own port.
 *
 * <ul>
 *   <li>{@code /healthz}: 200 while the process runs and the liveness check passes, else 503.
 *   <li>{@code /readyz}: 200 once the operator has started and every informer is healthy, else 503.
 *   <li>{@code /metrics}: the Prometheus text format of the given registry.
 * </ul>
 */
public final class HealthServer implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(HealthServer.class);

  private final HttpServer server;
  private final ExecutorService executor;

  private HealthServer(HttpServer server, ExecutorService executor) {
    this.server = server;
    this.executor = executor;
  }

  /**
   * Binds and starts the server.
   *
   * @param address where to listen; port 0 picks a free port
   * @param registry the registry served at {@code /metrics}
   * @param ready decides the status of {@code /readyz}
   * @throws IOException when the address cannot be bound
   */
  public static HealthServer start(
      InetSocketAddress address, PrometheusMeterRegistry registry, BooleanSupplier ready)
      throws IOException {
    return start(address, registry, ready, () -> true);
  }

  /**
   * Binds and starts the server with a liveness check behind {@code /healthz}.
   *
   * @param live decides the status of {@code /healthz}; it must return quickly because the kubelet
   *     probe times out after a few seconds
   * @throws IOException when the address cannot be bound
   */
  public static HealthServer start(
      InetSocketAddress address,
      PrometheusMeterRegistry registry,
      BooleanSupplier ready,
      BooleanSupplier live)
      throws IOException {
    HttpServer server = HttpServer.create(address, 0);
    server.createContext(
        "/healthz",
        exchange -> {
          boolean isLive = live.getAsBoolean();
          respond(
              exchange, isLive ? 200 : 503, isLive ? "ok\n" : "reconciles stalled\n", "text/plain");
        });
    server.createContext(
        "/readyz",
        exchange -> {
          boolean isReady = ready.getAsBoolean();
          respond(exchange, isReady ? 200 : 503, isReady ? "ok\n" : "not ready\n", "text/plain");
        });
    server.createContext(
        "/metrics",
        exchange ->
            respond(exchange, 200, registry.scrape(), "text/plain; version=0.0.4; charset=utf-8"));
    // Two threads, so one slow scrape does not block a probe.
    ExecutorService executor =
        Executors.newFixedThreadPool(
            2,
            runnable -> {
              Thread thread = new Thread(runnable, "fusebox-health-server");
              thread.setDaemon(true);
              return thread;
            });
    server.setExecutor(executor);
    server.start();
    LOG.info("Health and metrics server listening on {}", server.getAddress());
    return new HealthServer(server, executor);
  }

  /** Returns the bound address, with the real port when port 0 was requested. */
  public InetSocketAddress address() {
    return server.getAddress();
  }

  /** Stops accepting requests and waits at most one second for running ones. */
  @Override
  public void close() {
    server.stop(1);
    executor.shutdownNow();
  }

  private static void respond(HttpExchange exchange, int status, String body, String contentType)
      throws IOException {
    try (exchange) {
      byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", contentType);
      if ("HEAD".equals(exchange.getRequestMethod())) {
        exchange.sendResponseHeaders(status, -1);
        return;
      }
      exchange.sendResponseHeaders(status, bytes.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    }
  }
}
