package io.fusebox.agent.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.fusebox.agent.engine.CircuitBreaker;
import io.fusebox.agent.engine.CircuitBreakerRegistry;
import io.fusebox.agent.reload.SettingsReloader;
import io.fusebox.settings.EnvironmentDefaults;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The database hangs and 200 requests fill the application's workers; probes stay fast. */
class SaturatedProbeTest {

  @Test
  void probesStayFastWhenWorkersSaturated() throws Exception {
    CircuitBreakerRegistry breakers = CircuitBreakerRegistry.ofDefaults();
    SettingsReloader reloader =
        new SettingsReloader(
            breakers, EnvironmentDefaults.NONE, Clock.fixed(Instant.EPOCH, ZoneOffset.UTC));
    reloader.apply(
        "f.yaml",
        "version: 1\nservices:\n  database:\n    timeout_seconds: 30\n"
            .getBytes(StandardCharsets.UTF_8));
    CircuitBreaker database = breakers.find("database").orElseThrow();
    ExecutorService workers = Executors.newFixedThreadPool(200);
    CountDownLatch hang = new CountDownLatch(1);
    CountDownLatch busy = new CountDownLatch(200);
    for (int i = 0; i < 200; i++) {
      workers.submit(
          () ->
              database.call(
                  () -> {
                    busy.countDown();
                    return hang.await(60, TimeUnit.SECONDS);
                  }));
    }
    HealthServer server =
        HealthServer.builder(breakers)
            .reloader(reloader)
            .address(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
            .build()
            .start();
    HttpClient client = HttpClient.newHttpClient();
    try {
      assertThat(busy.await(30, TimeUnit.SECONDS)).isTrue();
      // Warm-up, so the percentiles measure the server and not the JIT compiler.
      measure(client, server.port(), "/health/live", 100);
      long[] live = measure(client, server.port(), "/health/live", 500);
      long[] ready = measure(client, server.port(), "/health/ready", 500);

      assertThat(percentile(live, 0.99)).isLessThan(TimeUnit.MILLISECONDS.toNanos(50));
      assertThat(percentile(ready, 0.99)).isLessThan(TimeUnit.MILLISECONDS.toNanos(100));
    } finally {
      hang.countDown();
      server.close();
      workers.shutdownNow();
      assertThat(workers.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
    }
  }

  /** Returns the latency of {@code count} sequential GETs of {@code path}, in nanoseconds. */
  static long[] measure(HttpClient client, int port, String path, int count) throws Exception {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .timeout(Duration.ofSeconds(5))
            .build();
    long[] nanos = new long[count];
    for (int i = 0; i < count; i++) {
      long start = System.nanoTime();
      HttpResponse<Void> response = client.send(request, HttpResponse.BodyHandlers.discarding());
      nanos[i] = System.nanoTime() - start;
      assertThat(response.statusCode()).isEqualTo(200);
    }
    return nanos;
  }

  static long percentile(long[] values, double quantile) {
    long[] sorted = values.clone();
    Arrays.sort(sorted);
    int index = (int) Math.ceil(quantile * sorted.length) - 1;
    return sorted[Math.max(0, index)];
  }
}
