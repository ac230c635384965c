package io.fusebox.agent;

import io.fusebox.agent.engine.CircuitBreaker;
import io.fusebox.agent.engine.CircuitBreakerRegistry;
import io.fusebox.agent.http.HealthServer;
import io.fusebox.agent.reload.MountedDirectoryWatcher;
import io.fusebox.agent.reload.ReloadResult;
import io.fusebox.agent.reload.SettingsReloader;
import io.fusebox.settings.EnvironmentDefaults;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Measures the agent's delivery figures and prints a Markdown table:
 *
 * <ol>
 *   <li>time from the kubelet's {@code ..data} symlink swap to the new settings in effect, over 200
 *       swaps, with the JDK watch service and no periodic re-read;
 *   <li>latency of {@code /health/live} and {@code /health/ready} while 200 requests hold the
 *       application's 200 worker threads in a breaker call to a hung dependency.
 * </ol>
 *
 * <p>Run it with {@code benchmarks/run-reload.sh}. Everything binds to loopback and stops by
 * itself.
 */
public final class ReloadLatencyBenchmark {
  private static final int SWAPS = 200;
  private static final int PROBES = 1000;
  private static final int WORKERS = 200;

  private ReloadLatencyBenchmark() {}

  /** Runs both measurements. */
  public static void main(String[] args) throws Exception {
    long[] swap = swapLatencies();
    long[][] probes = probeLatencies();
    System.out.println("| measurement | samples | p50 ms | p99 ms | max ms |");
    System.out.println("|---|---|---|---|---|");
    row("symlink swap to settings in effect", swap);
    row("/health/live, 200 workers blocked", probes[0]);
    row("/health/ready, 200 workers blocked", probes[1]);
  }

  private static long[] swapLatencies() throws Exception {
    Path directory = Files.createTempDirectory("fusebox-reload-benchmark");
    try {
      CircuitBreakerRegistry registry = CircuitBreakerRegistry.ofDefaults();
      SettingsReloader reloader =
          new SettingsReloader(registry, EnvironmentDefaults.NONE, Clock.systemUTC());
      LinkedBlockingQueue<Long> applied = new LinkedBlockingQueue<>();
      reloader.addListener(
          (result, status) -> {
            if (result == ReloadResult.APPLIED) {
              applied.add(System.nanoTime());
            }
          });
      Path first = writeVersion(directory, 0);
      Files.createSymbolicLink(directory.resolve("..data"), first.getFileName());
      Path file = directory.resolve("circuit-breaker.yaml");
      Files.createSymbolicLink(file, Path.of("..data", "circuit-breaker.yaml"));
      long[] latencies = new long[SWAPS];
      try (MountedDirectoryWatcher watcher =
          MountedDirectoryWatcher.create(file, reloader, Duration.ofHours(1))) {
        watcher.start();
        applied.poll(10, TimeUnit.SECONDS);
        Path current = first;
        for (int i = 1; i <= SWAPS; i++) {
          Path next = writeVersion(directory, i);
          Path tmp = directory.resolve("..data_tmp");
          Files.createSymbolicLink(tmp, next.getFileName());
          long start = System.nanoTime();
          Files.move(tmp, directory.resolve("..data"), StandardCopyOption.ATOMIC_MOVE);
          Long done = applied.poll(10, TimeUnit.SECONDS);
          if (done == null) {
            throw new IllegalStateException("swap " + i + " was not applied within 10 s");
          }
          latencies[i - 1] = done - start;
          deleteTree(current);
          current = next;
          applied.clear();
        }
      }
      return latencies;
    } finally {
      deleteTree(directory);
    }
  }

  private static Path writeVersion(Path directory, int version) throws IOException {
    Path dir = directory.resolve(String.format(Locale.ROOT, "..2026_12_04_16_00_00.%09d", version));
    Files.createDirectory(dir);
    Files.writeString(
        dir.resolve("circuit-breaker.yaml"),
        "version: 1\nservices:\n  payments:\n    failure_threshold: " + (version + 1) + "\n",
        StandardCharsets.UTF_8);
    return dir;
  }

  private static long[][] probeLatencies() throws Exception {
    CircuitBreakerRegistry registry = CircuitBreakerRegistry.ofDefaults();
    SettingsReloader reloader =
        new SettingsReloader(registry, EnvironmentDefaults.NONE, Clock.systemUTC());
    reloader.apply(
        "f.yaml",
        "version: 1\nservices:\n  database:\n    timeout_seconds: 30\n"
            .getBytes(StandardCharsets.UTF_8));
    CircuitBreaker database = registry.find("database").orElseThrow();
    ExecutorService workers = Executors.newFixedThreadPool(WORKERS);
    CountDownLatch hang = new CountDownLatch(1);
    CountDownLatch busy = new CountDownLatch(WORKERS);
    for (int i = 0; i < WORKERS; i++) {
      workers.submit(
          () ->
              database.call(
                  () -> {
                    busy.countDown();
                    return hang.await(120, TimeUnit.SECONDS);
                  }));
    }
    HealthServer server =
        HealthServer.builder(registry)
            .reloader(reloader)
            .address(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
            .build()
            .start();
    try {
      if (!busy.await(30, TimeUnit.SECONDS)) {
        throw new IllegalStateException("the workers did not all start within 30 s");
      }
      HttpClient client = HttpClient.newHttpClient();
      probe(client, server.port(), "/health/live", 100);
      return new long[][] {
        probe(client, server.port(), "/health/live", PROBES),
        probe(client, server.port(), "/health/ready", PROBES)
      };
    } finally {
      hang.countDown();
      server.close();
      workers.shutdownNow();
      workers.awaitTermination(30, TimeUnit.SECONDS);
    }
  }

  private static long[] probe(HttpClient client, int port, String path, int count)
      throws Exception {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .timeout(Duration.ofSeconds(5))
            .build();
    long[] nanos = new long[count];
    for (int i = 0; i < count; i++) {
      long start = System.nanoTime();
      HttpResponse<Void> response = client.send(request, HttpResponse.BodyHandlers.discarding());
      nanos[i] = System.nanoTime() - start;
      if (response.statusCode() != 200) {
        throw new IllegalStateException(path + " answered " + response.statusCode());
      }
    }
    return nanos;
  }

  private static void row(String name, long[] nanos) {
    long[] sorted = nanos.clone();
    Arrays.sort(sorted);
    System.out.printf(
        Locale.ROOT,
        "| %s | %d | %.2f | %.2f | %.2f |%n",
        name,
        sorted.length,
        millis(percentile(sorted, 0.50)),
        millis(percentile(sorted, 0.99)),
        millis(sorted[sorted.length - 1]));
  }

  private static long percentile(long[] sorted, double quantile) {
    int index = (int) Math.ceil(quantile * sorted.length) - 1;
    return sorted[Math.max(0, index)];
  }

  private static double millis(long nanos) {
    return nanos / 1_000_000.0;
  }

  private static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    }
  }
}
