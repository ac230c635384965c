package io.fusebox.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fusebox.agent.engine.CircuitBreakerRegistry;
import io.fusebox.agent.micrometer.FuseboxMetrics;
import io.fusebox.agent.reload.MountedDirectoryWatcher;
import io.fusebox.agent.reload.SettingsReloader;
import io.fusebox.example.ExternalApiStub;
import io.fusebox.example.ProductDatabase;
import io.fusebox.example.SampleService;
import io.fusebox.example.SampleServiceConfig;
import io.fusebox.settings.EnvironmentDefaults;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sample service under steady load on loopback while its settings file changes every second.
 * Every product request makes exactly one {@code external_api} call (admitted or rejected), so the
 * client's count of answered requests must equal the agent's {@code external_api} calls plus its
 * rejected calls: nothing lost, nothing counted twice. Latency percentiles are logged per window.
 *
 * <p>System property {@code fusebox.soak.seconds} sets the duration (default 20).
 */
class SampleServiceSoakTest {

  private static final Logger LOG = LoggerFactory.getLogger(SampleServiceSoakTest.class);
  private static final Pattern SAMPLE =
      Pattern.compile(
          "^(fusebox_circuit_breaker_calls_seconds_count|"
              + "fusebox_circuit_breaker_not_permitted_calls_total)\\{([^}]*)\\} ([0-9.eE+]+)$");

  private static final String SETTINGS =
      """
      version: 1
      services:
        database: {failure_threshold: 5, timeout_seconds: 2}
        redis: {failure_threshold: 5, timeout_seconds: 1}
        external_api: {failure_threshold: %d, timeout_seconds: 1, recovery_timeout_seconds: 5}
      """;

  @Test
  void reloadsUnderLoadLoseNoCalls(@TempDir Path tmp) throws Exception {
    int seconds = Integer.getInteger("fusebox.soak.seconds", 20);
    ConfigMapVolume volume = new ConfigMapVolume(tmp.resolve("fusebox"));
    volume.publish(SETTINGS.formatted(3));
    CircuitBreakerRegistry breakers = CircuitBreakerRegistry.ofDefaults();
    SettingsReloader reloader =
        new SettingsReloader(breakers, EnvironmentDefaults.NONE, Clock.systemUTC());
    PrometheusMeterRegistry prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    AtomicLong answered = new AtomicLong();
    AtomicLong transportErrors = new AtomicLong();
    List<String> windows = new ArrayList<>();
    try (MountedDirectoryWatcher watcher =
            MountedDirectoryWatcher.create(volume.file(), reloader, Duration.ofSeconds(1));
        ExternalApiStub stub = ExternalApiStub.start(0, 0)) {
      watcher.start();
      new FuseboxMetrics(breakers, reloader, watcher).bindTo(prometheus);
      SampleService service =
          SampleService.start(
              new SampleServiceConfig(
                  "127.0.0.1",
                  0,
                  16,
                  ProductDatabase.EMBEDDED_URL,
                  Optional.empty(),
                  URI.create(stub.apiUrl())),
              breakers);
      int port = service.address().getPort();
      HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
      AtomicBoolean running = new AtomicBoolean(true);
      ConcurrentLinkedQueue<Long> latencies = new ConcurrentLinkedQueue<>();
      ExecutorService clients = Executors.newFixedThreadPool(8);
      for (int c = 0; c < 8; c++) {
        int client = c;
        clients.execute(
            () -> {
              long n = 0;
              while (running.get()) {
                String id = "p-" + (1 + (client * 7 + n++) % 20);
                long started = System.nanoTime();
                try {
                  http.send(
                      HttpRequest.newBuilder(
                              URI.create("http://127.0.0.1:" + port + "/products/" + id))
                          .timeout(Duration.ofSeconds(10))
                          .build(),
                      HttpResponse.BodyHandlers.discarding());
                  answered.incrementAndGet();
                  latencies.add(System.nanoTime() - started);
                } catch (IOException e) {
                  transportErrors.incrementAndGet();
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                  return;
                }
              }
            });
      }
      long reloadsBefore = reloader.status().successes();
      for (int second = 1; second <= seconds; second++) {
        Thread.sleep(1000);
        volume.publish(SETTINGS.formatted(3 + second % 2));
        if (second % 5 == 0) {
          windows.add("t=" + second + "s " + percentiles(latencies));
        }
      }
      running.set(false);
      clients.shutdown();
      assertThat(clients.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
      long reloads = reloader.status().successes() - reloadsBefore;
      await()
          .atMost(Duration.ofSeconds(5))
          .until(() -> externalApiCalls(prometheus) == answered.get());
      service.close();
      LOG.info(
          "Soak {} s: {} answered requests, {} transport errors, external_api calls {}, {}"
              + " reloads applied, latency windows {}",
          seconds,
          answered.get(),
          transportErrors.get(),
          externalApiCalls(prometheus),
          reloads,
          windows);
      assertThat(transportErrors.get()).isZero();
      assertThat(externalApiCalls(prometheus)).isEqualTo(answered.get());
      assertThat(reloads).isGreaterThanOrEqualTo(seconds / 2);
    }
  }

  /** Returns the {@code external_api} calls of every outcome plus its rejected calls. */
  private static long externalApiCalls(PrometheusMeterRegistry prometheus) {
    double total = 0;
    for (String line : prometheus.scrape().split("\n")) {
      Matcher m = SAMPLE.matcher(line);
      if (m.matches() && m.group(2).contains("breaker=\"external_api\"")) {
        total += Double.parseDouble(m.group(3));
      }
    }
    return Math.round(total);
  }

  /** Returns p50, p99 and max of the latencies collected since the last call, and clears them. */
  private static String percentiles(ConcurrentLinkedQueue<Long> latencies) {
    List<Long> drained = new ArrayList<>();
    for (Long value; (value = latencies.poll()) != null; ) {
      drained.add(value);
    }
    if (drained.isEmpty()) {
      return "no requests";
    }
    long[] sorted = drained.stream().mapToLong(Long::longValue).toArray();
    Arrays.sort(sorted);
    return "n=%d p50=%.1fms p99=%.1fms max=%.1fms"
        .formatted(
            sorted.length,
            sorted[sorted.length / 2] / 1e6,
            sorted[(int) (sorted.length * 0.99)] / 1e6,
            sorted[sorted.length - 1] / 1e6);
  }
}
