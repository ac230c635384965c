package io.fusebox.agent.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.fusebox.agent.engine.CircuitBreakerRegistry;
import io.fusebox.agent.reload.SettingsReloader;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent's probe and metrics server, on its own port and its own small thread pool, so probe
 * answers stay fast while the application's request threads are saturated.
 *
 * <ul>
 *   <li>{@code /health/live}: 200 from in-process state only; never reads breakers, dependencies or
 *       reloads.
 *   <li>{@code /health/ready}: 200 when the initial settings were loaded and no breaker marked
 *       {@code readiness: true} is open; 503 otherwise and while shutting down. A failed reload
 *       never makes it fail.
 *   <li>{@code /metrics}: Prometheus text format 0.0.4 from the given Prometheus registry.
 *   <li>{@code /breakers}: read-only JSON with every breaker's state, settings and counts.
 * </ul>
 *
 * <p>Only GET and HEAD are served (405 otherwise, 404 for unknown paths). A request line with a
 * version other than HTTP/1.0 or HTTP/1.1 gets 400, and more than {@value #MAX_HEADER_LINES} header
 * lines or {@value #MAX_HEADER_BYTES} bytes of header names and values get 431. Request bodies are
 * never read, and no part of the request is echoed. The JDK server drains at most 64 KiB of an
 * unread body before it closes the connection ({@code sun.net.httpserver.drainAmount}).
 */
public final class HealthServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(HealthServer.class);
  private static final String TEXT = "text/plain; charset=utf-8";
  private static final String JSON = "application/json";
  private static final String NODELAY_PROPERTY = "sun.net.httpserver.nodelay";

  /** Maximum header lines of a request; a kubelet probe or a Prometheus scrape sends a handful. */
  static final int MAX_HEADER_LINES = 100;

  /** Maximum bytes of header names and values of a request. */
  static final int MAX_HEADER_BYTES = 16_384;

  /** Content type of the Prometheus text exposition format 0.0.4. */
  static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

  private final HttpServer server;
  private final ExecutorService executor;
  private final Readiness readiness;
  private final CircuitBreakerRegistry breakers;
  private final SettingsReloader reloader;
  private final PrometheusMeterRegistry prometheus;
  private final Duration drainDelay;

  private HealthServer(Builder builder) throws IOException {
    // The JDK server leaves Nagle's algorithm on unless this property is set before its first
    // use, and small responses then wait about 40 ms for a delayed ACK. An explicit setting by
    // the application wins.
    if (System.getProperty(NODELAY_PROPERTY) == null) {
      System.setProperty(NODELAY_PROPERTY, "true");
    }
    this.breakers = Objects.requireNonNull(builder.breakers, "breakers");
    this.reloader = builder.reloader;
    this.prometheus = builder.prometheus;
    this.drainDelay = builder.drainDelay;
    this.readiness = new Readiness(breakers, reloader);
    AtomicInteger threadNumber = new AtomicInteger();
    this.executor =
        Executors.newFixedThreadPool(
            builder.threads,
            runnable -> {
              Thread thread =
                  new Thread(runnable, "fusebox-health-" + threadNumber.incrementAndGet());
              thread.setDaemon(true);
              return thread;
            });
    this.server = HttpServer.create(builder.address, builder.backlog);
    server.createContext("/", this::handle);
    server.setExecutor(executor);
  }

  /** Returns a builder; {@code breakers} is required. */
  public static Builder builder(CircuitBreakerRegistry breakers) {
    return new Builder(breakers);
  }

  /** Starts serving. */
  public HealthServer start() {
    server.start();
    LOG.info("Health server listening on {}", server.getAddress());
    return this;
  }

  /** Returns the bound port, useful when the builder asked for port 0. */
  public int port() {
    return server.getAddress().getPort();
  }

  /** Makes {@code /health/ready} return 503 from now on; the server keeps serving. */
  public void beginShutdown() {
    readiness.startDraining();
  }

  /**
   * Turns readiness to 503, waits the drain delay so endpoints controllers remove the pod, then
   * stops the server. Meant for a shutdown hook.
   */
  public void shutdownGracefully() throws InterruptedException {
    beginShutdown();
    LOG.info("Readiness is now 503; stopping the health server in {}", drainDelay);
    Thread.sleep(drainDelay.toMillis());
    close();
  }

  /** Stops the server at once and its threads. */
  @Override
  public void close() {
    readiness.startDraining();
    server.stop(0);
    executor.shutdownNow();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try {
      String protocol = exchange.getProtocol();
      if (!"HTTP/1.1".equals(protocol) && !"HTTP/1.0".equals(protocol)) {
        send(exchange, 400, TEXT, "unsupported HTTP version; use HTTP/1.1\n", false);
        return;
      }
      if (headersTooLarge(exchange)) {
        send(
            exchange,
            431,
            TEXT,
            "request headers too large; send at most "
                + MAX_HEADER_LINES
                + " lines and "
                + MAX_HEADER_BYTES
                + " bytes\n",
            false);
        return;
      }
      String method = exchange.getRequestMethod();
      boolean head = "HEAD".equals(method);
      if (!head && !"GET".equals(method)) {
        exchange.getResponseHeaders().set("Allow", "GET, HEAD");
        send(exchange, 405, TEXT, "method not allowed; use GET or HEAD\n", false);
        return;
      }
      switch (exchange.getRequestURI().getRawPath()) {
        case "/health/live" -> send(exchange, 200, TEXT, "live\n", head);
        case "/health/ready" -> ready(exchange, head);
        case "/metrics" -> metrics(exchange, head);
        case "/breakers" ->
            send(exchange, 200, JSON, BreakersJson.render(breakers, reloader), head);
        default -> send(exchange, 404, TEXT, "not found\n", head);
      }
    } catch (RuntimeException e) {
      LOG.warn("Health server failed to answer a request", e);
    } finally {
      exchange.close();
    }
  }

  private static boolean headersTooLarge(HttpExchange exchange) {
    int lines = 0;
    long bytes = 0;
    for (var header : exchange.getRequestHeaders().entrySet()) {
      for (String value : header.getValue()) {
        lines++;
        bytes += header.getKey().length() + (value == null ? 0 : value.length());
      }
    }
    return lines > MAX_HEADER_LINES || bytes > MAX_HEADER_BYTES;
  }

  private void ready(HttpExchange exchange, boolean head) throws IOException {
    Optional<String> reason = readiness.notReadyReason();
    if (reason.isEmpty()) {
      send(exchange, 200, TEXT, "ready\n", head);
    } else {
      send(exchange, 503, TEXT, "not ready: " + reason.get() + "\n", head);
    }
  }

  private void metrics(HttpExchange exchange, boolean head) throws IOException {
    if (prometheus == null) {
      send(exchange, 404, TEXT, "metrics are not enabled\n", head);
      return;
    }
    String body = prometheus.scrape(PROMETHEUS_TEXT);
    send(exchange, 200, PROMETHEUS_TEXT, body, head);
  }

  private static void send(
      HttpExchange exchange, int status, String contentType, String body, boolean head)
      throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", contentType);
    exchange.getResponseHeaders().set("Cache-Control", "no-store");
    if (head) {
      exchange.sendResponseHeaders(status, -1);
      return;
    }
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  /** Options of a {@link HealthServer}. */
  public static final class Builder {
    private final CircuitBreakerRegistry breakers;
    private SettingsReloader reloader;
    private PrometheusMeterRegistry prometheus;
    private InetSocketAddress address = new InetSocketAddress(8081);
    private int threads = 2;
    private int backlog = 16;
    private Duration drainDelay = Duration.ofSeconds(5);

    private Builder(CircuitBreakerRegistry breakers) {
      this.breakers = breakers;
    }

    /** Sets the reloader whose initial load readiness waits for; null means no waiting. */
    public Builder reloader(SettingsReloader value) {
      reloader = value;
      return this;
    }

    /** Sets the registry {@code /metrics} scrapes; null serves 404 there. */
    public Builder prometheus(PrometheusMeterRegistry value) {
      prometheus = value;
      return this;
    }

    /** Sets the address to bind; default all interfaces, port 8081. */
    public Builder address(InetSocketAddress value) {
      address = Objects.requireNonNull(value, "address");
      return this;
    }

    /** Sets the number of server threads, at least 1; default 2. */
    public Builder threads(int value) {
      if (value < 1) {
        throw new IllegalArgumentException("threads must be at least 1 (was " + value + ")");
      }
      threads = value;
      return this;
    }

    /** Sets the time between readiness turning 503 and the server stopping; default 5 s. */
    public Builder drainDelay(Duration value) {
      if (value.isNegative()) {
        throw new IllegalArgumentException("drainDelay must not be negative (was " + value + ")");
      }
      drainDelay = value;
      return this;
    }

    /** Creates and binds the server; call {@link HealthServer#start()} to serve. */
    public HealthServer build() throws IOException {
      return new HealthServer(this);
    }
  }
}
