package io.fusebox.reliability;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Timed GET requests to an agent's health server on 127.0.0.1. */
final class Probes {

  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private final int port;
  private long maxNanos;

  Probes(int port) {
    this.port = port;
  }

  /** Returns the status of {@code GET path}; a failed request counts as status -1. */
  int status(String path) {
    long started = System.nanoTime();
    try {
      return http.send(
              HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                  .timeout(Duration.ofSeconds(2))
                  .build(),
              HttpResponse.BodyHandlers.discarding())
          .statusCode();
    } catch (IOException e) {
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    } finally {
      maxNanos = Math.max(maxNanos, System.nanoTime() - started);
    }
  }

  /** Forgets the slowest response so far, for example the first one, which opens a connection. */
  void resetMax() {
    maxNanos = 0;
  }

  /** Returns the slowest response since creation or {@link #resetMax()}, in milliseconds. */
  double maxMillis() {
    return maxNanos / 1e6;
  }
}
