package io.fusebox.demo;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A bounded closed-loop load generator for the sample service on loopback: a fixed number of
 * workers each send {@code GET /products/p-N} one after another until the phase ends. Each request
 * has a timeout, so a phase ends at most one timeout after its duration.
 */
final class DemoLoad implements AutoCloseable {

  /** Timeout of one request; above the external API's 5 s call timeout. */
  static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(15);

  private final URI base;
  private final int workers;
  private final ExecutorService clientThreads;
  private final HttpClient http;

  DemoLoad(URI base, int workers) {
    this.base = base;
    this.workers = workers;
    this.clientThreads = Executors.newFixedThreadPool(Math.max(2, workers / 4));
    this.http =
        HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(2))
            .executor(clientThreads)
            .build();
  }

  /** Stops the HTTP client's threads. */
  @Override
  public void close() {
    clientThreads.shutdownNow();
  }

  /** Result of one phase: counts by response kind and latency percentiles. */
  record Result(
      String phase,
      long requests,
      long full,
      long degraded,
      long unavailable,
      long errors,
      double p50Millis,
      double p99Millis,
      double maxMillis,
      double seconds) {

    /** Returns one readable line with the counts and percentiles. */
    String describe() {
      return String.format(
          "%-22s %6d requests in %4.1f s | ok %5d  degraded %5d  503 %5d  errors %3d | p50 %8.1f ms"
              + "  p99 %8.1f ms  max %8.1f ms",
          phase,
          requests,
          seconds,
          full,
          degraded,
          unavailable,
          errors,
          p50Millis,
          p99Millis,
          maxMillis);
    }
  }

  /** Runs the load for {@code duration} and returns the counts and latency percentiles. */
  Result run(String phase, Duration duration) throws InterruptedException {
    long started = System.nanoTime();
    long deadline = started + duration.toNanos();
    AtomicLong full = new AtomicLong();
    AtomicLong degraded = new AtomicLong();
    AtomicLong unavailable = new AtomicLong();
    AtomicLong errors = new AtomicLong();
    ExecutorService pool = Executors.newFixedThreadPool(workers);
    List<Future<long[]>> futures = new ArrayList<>();
    for (int w = 0; w < workers; w++) {
      int worker = w;
      futures.add(
          pool.submit(
              () -> {
                long[] latencies = new long[1024];
                int count = 0;
                for (int i = 0; System.nanoTime() < deadline; i++) {
                  String id = "p-" + ((worker * 7 + i) % 20 + 1);
                  long start = System.nanoTime();
                  classify(send(id), full, degraded, unavailable, errors);
                  if (count == latencies.length) {
                    latencies = Arrays.copyOf(latencies, count * 2);
                  }
                  latencies[count++] = System.nanoTime() - start;
                }
                return Arrays.copyOf(latencies, count);
              }));
    }
    pool.shutdown();
    long[] all = new long[0];
    for (Future<long[]> future : futures) {
      try {
        long[] part =
            future.get(duration.plus(REQUEST_TIMEOUT).toMillis() + 5000, TimeUnit.MILLISECONDS);
        long[] merged = Arrays.copyOf(all, all.length + part.length);
        System.arraycopy(part, 0, merged, all.length, part.length);
        all = merged;
      } catch (ExecutionException | TimeoutException e) {
        errors.incrementAndGet();
      }
    }
    pool.shutdownNow();
    Arrays.sort(all);
    double seconds = (System.nanoTime() - started) / 1e9;
    return new Result(
        phase,
        all.length,
        full.get(),
        degraded.get(),
        unavailable.get(),
        errors.get(),
        percentile(all, 0.50),
        percentile(all, 0.99),
        all.length == 0 ? 0 : all[all.length - 1] / 1e6,
        seconds);
  }

  /** Returns the {@code q} quantile of sorted nanosecond latencies, in milliseconds. */
  static double percentile(long[] sorted, double q) {
    if (sorted.length == 0) {
      return 0;
    }
    int index = (int) Math.ceil(q * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(index, sorted.length - 1))] / 1e6;
  }

  private HttpResponse<String> send(String id) {
    HttpRequest request =
        HttpRequest.newBuilder(base.resolve("/products/" + id))
            .timeout(REQUEST_TIMEOUT)
            .GET()
            .build();
    try {
      return http.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }

  private static void classify(
      HttpResponse<String> response,
      AtomicLong full,
      AtomicLong degraded,
      AtomicLong unavailable,
      AtomicLong errors) {
    if (response == null) {
      errors.incrementAndGet();
    } else if (response.statusCode() == 200 && response.body().contains("\"degraded\":true")) {
      degraded.incrementAndGet();
    } else if (response.statusCode() == 200) {
      full.incrementAndGet();
    } else if (response.statusCode() == 503) {
      unavailable.incrementAndGet();
    } else {
      errors.incrementAndGet();
    }
  }
}
