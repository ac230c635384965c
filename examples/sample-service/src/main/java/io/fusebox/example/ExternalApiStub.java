package io.fusebox.example;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A local stand-in for the external recommendations API whose behaviour switches at run time. It
 * binds to the loopback address only: the API on one port and a control endpoint on another, so the
 * control endpoint keeps answering while the API is down.
 *
 * <p>{@code POST /control?mode=healthy|slow|failing|hung|down} switches the behaviour; {@code GET
 * /control} returns the current mode and request count.
 */
public final class ExternalApiStub implements AutoCloseable {

  /** Behaviour of the recommendations endpoint. */
  public enum Behaviour {
    /** Responds 200 with a JSON array at once. */
    HEALTHY,
    /** Responds 200 after {@link ExternalApiStub#SLOW_DELAY}. */
    SLOW,
    /** Responds 500 at once. */
    FAILING,
    /** Accepts the request and sends no response until the mode changes or {@link #HUNG_LIMIT}. */
    HUNG,
    /** Closes the listening socket, so connections are refused. */
    DOWN
  }

  /** Delay of a response in {@link Behaviour#SLOW} mode. */
  public static final Duration SLOW_DELAY = Duration.ofSeconds(2);

  /** Maximum time a hung request is held, so the stub never keeps a connection forever. */
  public static final Duration HUNG_LIMIT = Duration.ofSeconds(60);

  private static final Logger LOG = LoggerFactory.getLogger(ExternalApiStub.class);

  private final AtomicReference<Behaviour> behaviour = new AtomicReference<>(Behaviour.HEALTHY);
  private final AtomicReference<CountDownLatch> release =
      new AtomicReference<>(new CountDownLatch(1));
  private final AtomicLong requests = new AtomicLong();
  private final ExecutorService workers = Executors.newCachedThreadPool();
  private final HttpServer control;
  private final int apiPort;
  // Guarded by this: the API server, or null while the mode is DOWN.
  private HttpServer api;

  private ExternalApiStub(int apiPort, int controlPort) throws IOException {
    HttpServerTuning.enableNoDelay();
    this.api = startApi(apiPort);
    this.apiPort = api.getAddress().getPort();
    this.control = HttpServer.create(loopback(controlPort), 16);
    control.createContext("/control", this::handleControl);
    control.start();
    LOG.info(
        "External API stand-in: API on {}, control on {}", api.getAddress(), control.getAddress());
  }

  /** Starts the stub on loopback; a port of 0 picks a free one. */
  public static ExternalApiStub start(int apiPort, int controlPort) throws IOException {
    return new ExternalApiStub(apiPort, controlPort);
  }

  /** Returns the URL that {@code EXTERNAL_API_URL} should point at. */
  public String apiUrl() {
    return "http://127.0.0.1:" + apiPort + "/recommendations";
  }

  /** Returns the base URL of the control endpoint. */
  public String controlUrl() {
    return "http://127.0.0.1:" + control.getAddress().getPort() + "/control";
  }

  /** Returns the current behaviour. */
  public Behaviour behaviour() {
    return behaviour.get();
  }

  /** Returns the number of API requests received. */
  public long requests() {
    return requests.get();
  }

  /** Switches the behaviour; hung requests are released when leaving {@link Behaviour#HUNG}. */
  public synchronized void switchTo(Behaviour next) throws IOException {
    Behaviour previous = behaviour.getAndSet(next);
    if (previous == next) {
      return;
    }
    if (previous == Behaviour.HUNG) {
      release.getAndSet(new CountDownLatch(1)).countDown();
    }
    if (next == Behaviour.DOWN && api != null) {
      api.stop(0);
      api = null;
    } else if (next != Behaviour.DOWN && api == null) {
      api = startApi(apiPort);
    }
    LOG.info("External API stand-in switched from {} to {}", previous, next);
  }

  private HttpServer startApi(int port) throws IOException {
    HttpServer server = HttpServer.create(loopback(port), 256);
    server.setExecutor(workers);
    server.createContext("/recommendations", this::handleApi);
    server.start();
    return server;
  }

  private void handleApi(HttpExchange exchange) throws IOException {
    requests.incrementAndGet();
    try (exchange) {
      switch (behaviour.get()) {
        case HEALTHY -> send(exchange, 200, "[\"p-2\",\"p-3\",\"p-5\"]");
        case SLOW -> {
          sleep(SLOW_DELAY);
          send(exchange, 200, "[\"p-2\",\"p-3\",\"p-5\"]");
        }
        case FAILING -> send(exchange, 500, "{\"error\":\"recommendations failing\"}");
        case HUNG -> {
          awaitRelease();
          send(exchange, 503, "{\"error\":\"released from hung mode\"}");
        }
        case DOWN -> send(exchange, 503, "{\"error\":\"down\"}");
      }
    }
  }

  private void handleControl(HttpExchange exchange) throws IOException {
    try (exchange) {
      if (exchange.getRequestMethod().equals("POST")) {
        String query = exchange.getRequestURI().getQuery();
        String value = query != null && query.startsWith("mode=") ? query.substring(5) : "";
        Behaviour next;
        try {
          next = Behaviour.valueOf(value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
          send(
              exchange,
              400,
              "{\"error\":\"invalid mode '"
                  + value
                  + "'; expected healthy, slow, failing, hung or down\"}");
          return;
        }
        switchTo(next);
      }
      send(
          exchange,
          200,
          "{\"mode\":\""
              + behaviour.get().name().toLowerCase(Locale.ROOT)
              + "\",\"requests\":"
              + requests.get()
              + "}");
    }
  }

  private void awaitRelease() {
    try {
      release.get().await(HUNG_LIMIT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void sleep(Duration delay) {
    try {
      Thread.sleep(delay.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void send(HttpExchange exchange, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  private static InetSocketAddress loopback(int port) {
    return new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
  }

  /** Stops both servers and releases hung requests. */
  @Override
  public synchronized void close() {
    release.get().countDown();
    if (api != null) {
      api.stop(0);
      api = null;
    }
    control.stop(0);
    workers.shutdownNow();
  }
}
