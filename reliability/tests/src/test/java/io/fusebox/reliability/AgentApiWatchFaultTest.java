package io.fusebox.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fusebox.agent.FuseboxAgent;
import io.fusebox.testing.KubeApiServerTest;
import io.fusebox.testing.KubeTestEnvironment;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent in API-watch mode ({@code FUSEBOX_API_WATCH=true}) reads its ConfigMap through a {@link
 * FaultProxy} in front of the harness API server. Each fault (watch connections stalled and
 * resumed, stalled and abandoned, cut) lasts a fixed time while the ConfigMap changes. During the
 * fault the probes must return 200 and the last good settings must stay; after it the change must
 * apply within {@link #BOUND}; and the thread count must not grow from round to round.
 */
@KubeApiServerTest(repositoryCrds = false)
class AgentApiWatchFaultTest {

  private static final Logger LOG = LoggerFactory.getLogger(AgentApiWatchFaultTest.class);

  private static final String NAME = "checkout-circuit-breakers";

  /** Maximum watch age the agent runs with; a silent watch is replaced after it. */
  private static final int MAX_WATCH_AGE_SECONDS = 30;

  /** Maximum time from the end of a fault until the change made during it applies. */
  private static final Duration BOUND =
      Duration.ofSeconds(
          Long.getLong(
              "fusebox.reliability.agent-watch-bound-seconds", 2L * MAX_WATCH_AGE_SECONDS));

  private static final Duration FAULT = Duration.ofSeconds(15);

  private static final List<String> FAULTS =
      List.of(
          System.getProperty(
                  "fusebox.reliability.agent-watch-faults",
                  "stall-resume,stall-abandon,cut,stall-abandon")
              .split(","));

  private static final String SETTINGS =
      """
      version: 1
      defaults:
        failure_threshold: %d
        recovery_timeout_seconds: 30
        timeout_seconds: 1
        success_threshold: 1
      services:
        payments: {}
      """;

  @Test
  void agentKeepsSettingsThroughWatchFaults(KubeTestEnvironment env, KubernetesClient client)
      throws Exception {
    String namespace = env.namespace();
    client.configMaps().inNamespace(namespace).resource(configMap(namespace, 5)).create();
    Path logs = Files.createDirectories(Path.of("target", "reliability", "agent-api-watch"));
    int apiPort = URI.create(env.controlPlane().apiServerUrl()).getPort();
    List<String> results = new ArrayList<>();

    try (FaultProxy proxy = FaultProxy.start(apiPort);
        FuseboxAgent agent =
            startAgent(
                proxy.kubeconfig(env.controlPlane().kubeconfig(), apiPort, logs), namespace)) {
      Probes probes = new Probes(agent.healthPort());
      await().atMost(Duration.ofSeconds(30)).until(() -> threshold(agent) == 5);
      for (int i = 0; i < 20; i++) {
        assertThat(probes.status("/health/live")).isEqualTo(200);
      }
      probes.resetMax();
      List<Integer> threadCounts = new ArrayList<>();
      int threshold = 6;
      for (String fault : FAULTS) {
        switch (fault) {
          case "cut" -> proxy.cut();
          case "stall-resume", "stall-abandon" -> proxy.stall();
          default -> throw new IllegalStateException("unknown fault " + fault);
        }
        int before = threshold(agent);
        client
            .configMaps()
            .inNamespace(namespace)
            .resource(configMap(namespace, threshold))
            .update();
        long faultEnd = System.nanoTime() + FAULT.toNanos();
        while (System.nanoTime() < faultEnd) {
          assertThat(probes.status("/health/live")).as("liveness during %s", fault).isEqualTo(200);
          assertThat(probes.status("/health/ready"))
              .as("readiness during %s", fault)
              .isEqualTo(200);
          assertThat(threshold(agent)).as("settings during %s", fault).isIn(before, threshold);
          Thread.sleep(200);
        }
        switch (fault) {
          case "cut", "stall-resume" -> proxy.pass(false);
          case "stall-abandon" -> proxy.pass(true);
          default -> throw new IllegalStateException("unknown fault " + fault);
        }
        long restored = System.nanoTime();
        int expected = threshold++;
        await("change made during " + fault)
            .atMost(BOUND)
            .pollInterval(Duration.ofMillis(100))
            .until(() -> threshold(agent) == expected);
        long millis = Duration.ofNanos(System.nanoTime() - restored).toMillis();
        threadCounts.add(liveThreads());
        String line =
            "%s for %d s: change applied %d ms after the fault ended, %d threads, slowest probe %.1f ms"
                .formatted(fault, FAULT.toSeconds(), millis, liveThreads(), probes.maxMillis());
        results.add(line);
        LOG.info(line);
      }
      // Pooled threads start on first use and idle out after a minute, so the first two faults
      // set the baseline and later faults may add at most 2 threads to it. A leak of one thread
      // per fault shows in the 8-fault run of reliability/run.sh agent-watch.
      int baseline =
          Math.max(threadCounts.get(0), threadCounts.get(Math.min(1, FAULTS.size() - 1)));
      assertThat(threadCounts.subList(Math.min(2, FAULTS.size()), FAULTS.size()))
          .as("threads after each fault %s, names now %s", threadCounts, threadNames())
          .allMatch(n -> n <= baseline + 2);
      assertThat(agent.reloader().status().lastError()).isEmpty();
    } finally {
      System.clearProperty("kubeconfig");
    }
    LOG.info("Agent API-watch faults: {}", results);
  }

  /**
   * Starts the agent in API-watch mode. Its client reads the kubeconfig named by the {@code
   * kubeconfig} system property, which fabric8 prefers over {@code KUBECONFIG}.
   */
  private static FuseboxAgent startAgent(Path kubeconfig, String namespace) {
    System.setProperty("kubeconfig", kubeconfig.toString());
    return FuseboxAgent.start(
        Map.of(
            "FUSEBOX_API_WATCH", "true",
            "POD_NAMESPACE", namespace,
            "FUSEBOX_CONFIGMAP_NAME", NAME,
            "FUSEBOX_API_WATCH_MAX_AGE_SECONDS", Integer.toString(MAX_WATCH_AGE_SECONDS),
            "FUSEBOX_HEALTH_ADDRESS", "127.0.0.1",
            "FUSEBOX_HEALTH_PORT", "0",
            "FUSEBOX_DRAIN_DELAY_SECONDS", "0"));
  }

  private static ConfigMap configMap(String namespace, int threshold) {
    return new ConfigMapBuilder()
        .withNewMetadata()
        .withName(NAME)
        .withNamespace(namespace)
        .endMetadata()
        .addToData("circuit-breaker.yaml", SETTINGS.formatted(threshold))
        .build();
  }

  private static int threshold(FuseboxAgent agent) {
    return agent.breaker("payments").config().failureThreshold();
  }

  private static List<String> threadNames() {
    return LiveThreads.names();
  }

  /**
   * Returns the live threads except the proxy's pump threads, the JDK HTTP clients' own threads of
   * the probes, and Awaitility's poller.
   */
  private static int liveThreads() {
    return LiveThreads.countExcept("fault-proxy", "HttpClient-", "awaitility");
  }
}
