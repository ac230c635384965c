package io.fusebox.agent.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fusebox.agent.engine.CircuitBreakerRegistry;
import io.fusebox.agent.reload.PeriodicScheduler;
import io.fusebox.agent.reload.ReloadResult;
import io.fusebox.agent.reload.SettingsReloader;
import io.fusebox.settings.EnvironmentDefaults;
import io.fusebox.testing.KubeApiServerTest;
import io.fusebox.testing.KubeTestEnvironment;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** The API-watch source against a real kube-apiserver of the test-support module. */
@KubeApiServerTest(repositoryCrds = false)
class ConfigMapWatchSourceTest {
  static final String NAME = "checkout-circuit-breakers";
  static final Duration MAX_AGE = Duration.ofMinutes(5);

  private final CircuitBreakerRegistry breakers = CircuitBreakerRegistry.ofDefaults();
  private final MutableClock clock = new MutableClock();
  private final SettingsReloader reloader =
      new SettingsReloader(breakers, EnvironmentDefaults.NONE, clock);
  private final LinkedBlockingQueue<ReloadResult> results = new LinkedBlockingQueue<>();
  private final List<Runnable> ageChecks = new CopyOnWriteArrayList<>();
  private final PeriodicScheduler manual =
      (task, period) -> {
        ageChecks.add(task);
        return () -> ageChecks.remove(task);
      };

  static String file(int threshold) {
    return "version: 1\nservices:\n  payments:\n    failure_threshold: " + threshold + "\n";
  }

  static ConfigMap configMap(String namespace, int threshold) {
    return new ConfigMapBuilder()
        .withNewMetadata()
        .withName(NAME)
        .withNamespace(namespace)
        .endMetadata()
        .withData(Map.of("circuit-breaker.yaml", file(threshold)))
        .build();
  }

  private int activeThreshold() {
    return breakers.find("payments").orElseThrow().config().failureThreshold();
  }

  private ReloadResult nextResult() throws InterruptedException {
    ReloadResult result = results.poll(30, TimeUnit.SECONDS);
    assertThat(result).as("a reload within 30 s").isNotNull();
    return result;
  }

  @Test
  void configMapUpdateApplies(KubernetesClient client, KubeTestEnvironment environment)
      throws Exception {
    String namespace = environment.namespace();
    client.configMaps().inNamespace(namespace).resource(configMap(namespace, 3)).create();
    reloader.addListener((result, status) -> results.add(result));

    try (ConfigMapWatchSource source =
        new ConfigMapWatchSource(
            client, namespace, NAME, "circuit-breaker.yaml", reloader, MAX_AGE, manual, clock)) {
      source.start();
      assertThat(nextResult()).isEqualTo(ReloadResult.APPLIED);
      assertThat(activeThreshold()).isEqualTo(3);

      client.configMaps().inNamespace(namespace).resource(configMap(namespace, 7)).update();

      assertThat(nextResult()).isEqualTo(ReloadResult.APPLIED);
      assertThat(activeThreshold()).isEqualTo(7);
      assertThat(source.lastSync()).isEqualTo(clock.instant());
    }
  }

  /**
   * The watch stays open but delivers nothing while two edits happen: after the maximum watch age
   * the source restarts the informer, and only the latest edit is applied, once.
   */
  @Test
  void silentWatchIsRestartedAfterMaxAge(KubernetesClient client, KubeTestEnvironment environment)
      throws Exception {
    String namespace = environment.namespace();
    client.configMaps().inNamespace(namespace).resource(configMap(namespace, 3)).create();
    URI server = URI.create(client.getConfiguration().getMasterUrl());
    try (FreezableProxy proxy =
            new FreezableProxy(new InetSocketAddress(server.getHost(), server.getPort()));
        KubernetesClient proxied = proxiedClient(client.getConfiguration(), server, proxy)) {
      reloader.addListener((result, status) -> results.add(result));
      try (ConfigMapWatchSource source =
          new ConfigMapWatchSource(
              proxied, namespace, NAME, "circuit-breaker.yaml", reloader, MAX_AGE, manual, clock)) {
        source.start();
        assertThat(nextResult()).isEqualTo(ReloadResult.APPLIED);
        // Freeze only once the watch connection exists: a watch opened after the freeze would
        // pass through the proxy and deliver the edits before the maximum age.
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(source::isWatching);

        proxy.freeze();
        client.configMaps().inNamespace(namespace).resource(configMap(namespace, 8)).update();
        client.configMaps().inNamespace(namespace).resource(configMap(namespace, 9)).update();
        clock.advance(MAX_AGE.minusSeconds(1));
        ageChecks.forEach(Runnable::run);
        ReloadResult beforeAge = results.poll(2, TimeUnit.SECONDS);
        clock.advance(Duration.ofSeconds(1));
        ageChecks.forEach(Runnable::run);

        assertThat(beforeAge).isNull();
        assertThat(nextResult()).isEqualTo(ReloadResult.APPLIED);
        assertThat(activeThreshold()).isEqualTo(9);
        assertThat(source.restarts()).isEqualTo(1);
        assertThat(source.lastSync()).isEqualTo(clock.instant());
        assertThat(results.poll(2, TimeUnit.SECONDS)).isNull();
        assertThat(reloader.status().successes()).isEqualTo(2);
      }
    }
  }

  private static KubernetesClient proxiedClient(Config config, URI server, FreezableProxy proxy) {
    String url = server.getScheme() + "://" + server.getHost() + ":" + proxy.port();
    // A short request timeout lets a list that lands on a frozen pooled connection fail fast,
    // so the informer retries on a new connection.
    Config proxiedConfig =
        new ConfigBuilder(config).withMasterUrl(url).withRequestTimeout(3000).build();
    return new KubernetesClientBuilder().withConfig(proxiedConfig).build();
  }
}
