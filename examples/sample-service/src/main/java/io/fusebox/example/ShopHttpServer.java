package io.fusebox.example;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sample service's HTTP API on the JDK HTTP server: {@code GET /products/<id>} returns 200 with
 * a {@link ProductView}, 404 for an unknown product, 400 for an invalid id and 503 when the
 * database is unavailable and the product is not cached.
 */
public final class ShopHttpServer implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(ShopHttpServer.class);
  private static final Pattern PRODUCT_ID = Pattern.compile("[A-Za-z0-9-]{1,32}");

  private final HttpServer server;
  private final ExecutorService workers;
  private final ShopService shop;
  private final ObjectMapper json = new ObjectMapper();

  private ShopHttpServer(HttpServer server, ExecutorService workers, ShopService shop) {
    this.server = server;
    this.workers = workers;
    this.shop = shop;
  }

  /**
   * Starts the server on {@code address}.
   *
   * @param threads request threads; each blocks while a request waits for its dependencies
   */
  public static ShopHttpServer start(InetSocketAddress address, int threads, ShopService shop)
      throws IOException {
    HttpServerTuning.enableNoDelay();
    HttpServer server = HttpServer.create(address, 256);
    ExecutorService workers = Executors.newFixedThreadPool(threads);
    server.setExecutor(workers);
    ShopHttpServer shopServer = new ShopHttpServer(server, workers, shop);
    server.createContext("/products/", shopServer::handleProduct);
    server.start();
    LOG.info("Sample service listening on {}", server.getAddress());
    return shopServer;
  }

  /** Returns the bound address, with the real port when port 0 was requested. */
  public InetSocketAddress address() {
    return server.getAddress();
  }

  private void handleProduct(HttpExchange exchange) throws IOException {
    try (exchange) {
      if (!exchange.getRequestMethod().equals("GET")) {
        send(exchange, 405, Map.of("error", "method not allowed; use GET"));
        return;
      }
      String id = exchange.getRequestURI().getPath().substring("/products/".length());
      if (!PRODUCT_ID.matcher(id).matches()) {
        send(
            exchange,
            400,
            Map.of("error", "invalid product id '" + id + "'; expected [A-Za-z0-9-]{1,32}"));
        return;
      }
      Optional<ProductView> view;
      try {
        view = shop.product(id);
      } catch (ServiceUnavailableException e) {
        send(exchange, 503, Map.of("error", e.getMessage()));
        return;
      }
      if (view.isEmpty()) {
        send(exchange, 404, Map.of("error", "product '" + id + "' not found"));
        return;
      }
      send(exchange, 200, view.get());
    } catch (RuntimeException e) {
      LOG.error("Request {} failed", exchange.getRequestURI(), e);
      throw e;
    }
  }

  private void send(HttpExchange exchange, int status, Object body) throws IOException {
    byte[] bytes = json.writeValueAsString(body).getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  /** Stops accepting requests, waits up to one second for running ones, and stops the workers. */
  @Override
  public void close() {
    server.stop(1);
    workers.shutdownNow();
  }
}
