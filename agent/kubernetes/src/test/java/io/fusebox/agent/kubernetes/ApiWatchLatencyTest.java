package io.fusebox.agent.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fusebox.agent.engine.CircuitBreakerRegistry;
import io.fusebox.agent.reload.PeriodicScheduler;
import io.fusebox.agent.reload.ReloadResult;
import io.fusebox.agent.reload.SettingsReloader;
import io.fusebox.settings.EnvironmentDefaults;
import io.fusebox.testing.KubeApiServerTest;
import io.fusebox.testing.KubeTestEnvironment;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Measures ConfigMap update to settings in effect through the API watch, over 50 updates on the
 * local test API server, and prints a Markdown table row.
 */
@KubeApiServerTest(repositoryCrds = false)
class ApiWatchLatencyTest {
  private static final int UPDATES = 50;

  @Test
  void updateTakesEffectWithinOneSecond(KubernetesClient client, KubeTestEnvironment environment)
      throws Exception {
    String namespace = environment.namespace();
    client
        .configMaps()
        .inNamespace(namespace)
        .resource(ConfigMapWatchSourceTest.configMap(namespace, 1))
        .create();
    SettingsReloader reloader =
        new SettingsReloader(
            CircuitBreakerRegistry.ofDefaults(), EnvironmentDefaults.NONE, Clock.systemUTC());
    LinkedBlockingQueue<Long> applied = new LinkedBlockingQueue<>();
    reloader.addListener(
        (result, status) -> {
          if (result == ReloadResult.APPLIED) {
            applied.add(System.nanoTime());
          }
        });
    PeriodicScheduler never = (task, period) -> () -> {};
    long[] latencies = new long[UPDATES];
    try (ConfigMapWatchSource source =
        new ConfigMapWatchSource(
            client,
            namespace,
            ConfigMapWatchSourceTest.NAME,
            "circuit-breaker.yaml",
            reloader,
            Duration.ofMinutes(5),
            never,
            Clock.systemUTC())) {
      source.start();
      assertThat(applied.poll(30, TimeUnit.SECONDS)).isNotNull();
      for (int i = 0; i < UPDATES; i++) {
        long start = System.nanoTime();
        client
            .configMaps()
            .inNamespace(namespace)
            .resource(ConfigMapWatchSourceTest.configMap(namespace, i + 2))
            .update();
        Long done = applied.poll(30, TimeUnit.SECONDS);
        assertThat(done).as("update %d applied within 30 s", i).isNotNull();
        latencies[i] = done - start;
      }
    }

    Arrays.sort(latencies);
    long p99 = latencies[(int) Math.ceil(0.99 * UPDATES) - 1];
    System.out.printf(
        Locale.ROOT,
        "| ConfigMap update to settings in effect (API watch) | %d | %.2f | %.2f | %.2f |%n",
        UPDATES,
        latencies[UPDATES / 2 - 1] / 1e6,
        p99 / 1e6,
        latencies[UPDATES - 1] / 1e6);
    assertThat(p99).isLessThanOrEqualTo(TimeUnit.SECONDS.toNanos(1));
  }
}
