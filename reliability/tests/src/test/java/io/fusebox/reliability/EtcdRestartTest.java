package io.fusebox.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.RequestConfig;
import io.fabric8.kubernetes.client.RequestConfigBuilder;
import io.fusebox.api.v1alpha1.CircuitBreakerPolicy;
import io.fusebox.testing.KubeApiServerTest;
import io.fusebox.testing.KubeControlPlane;
import io.fusebox.testing.KubeTestEnvironment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stops etcd under a running kube-apiserver while policies change, starts it again on the same port
 * and data directory, and measures how long after the start every policy is Ready with its latest
 * settings. A write sent during the outage may fail and still land, so the test reads the stored
 * object for each failed write before it sets the expected state. A confirmed write that is missing
 * later, or a policy that owns no ConfigMap or two, fails the test.
 */
@KubeApiServerTest
class EtcdRestartTest {

  private static final Logger LOG = LoggerFactory.getLogger(EtcdRestartTest.class);

  /** Maximum time from the etcd start until every policy converged. */
  private static final Duration BOUND =
      Duration.ofSeconds(Long.getLong("fusebox.reliability.recovery-bound-seconds", 120));

  private static final Duration OUTAGE =
      Duration.ofSeconds(Long.getLong("fusebox.reliability.etcd-outage-seconds", 15));

  private static final int ROUNDS = Integer.getInteger("fusebox.reliability.etcd-rounds", 2);

  private static final int POLICIES = 3;

  @Test
  void operatorConvergesAfterEtcdRestart(KubeTestEnvironment env, KubernetesClient client)
      throws Exception {
    KubeControlPlane controlPlane = env.controlPlane();
    String namespace = env.namespace();
    PolicyOps ops = new PolicyOps(client, namespace);
    // fabric8 retries a failed request up to 10 times, 10 s each, so a write sent while etcd is
    // down could take minutes. One 5 s attempt keeps the outage near its 15 s.
    RequestConfig oneShortAttempt =
        new RequestConfigBuilder(client.getConfiguration().getRequestConfig())
            .withRequestRetryBackoffLimit(0)
            .withRequestTimeout(5000)
            .build();
    PolicyOps outageOps =
        new PolicyOps(client.newClient(oneShortAttempt).adapt(KubernetesClient.class), namespace);
    ops.createTarget("target");
    Path logs = Files.createDirectories(Path.of("target", "reliability", "etcd-restart"));
    Map<String, Integer> expected = new LinkedHashMap<>();
    List<String> results = new ArrayList<>();

    try (KubeletRestarts kubelet =
        KubeletRestarts.start(
            () ->
                OperatorJvm.start(
                    env.kubeconfig(), namespace, null, logs.resolve("operator.log")))) {
      await().atMost(Duration.ofSeconds(60)).until(() -> kubelet.operator().isReady());
      for (int i = 0; i < POLICIES; i++) {
        ops.create("base-" + i, "target", 10);
        expected.put("base-" + i, 10);
      }
      awaitConverged(ops, expected);

      int threshold = 11;
      for (int round = 1; round <= ROUNDS; round++) {
        // A change the operator reconciles while etcd goes away.
        ops.setThreshold("base-0", threshold);
        expected.put("base-0", threshold++);
        controlPlane.stopEtcd();
        long stopped = System.nanoTime();
        List<Unconfirmed> unconfirmed = writeDuringOutage(outageOps, round, threshold, expected);
        threshold += POLICIES + 1;
        controlPlane.startEtcd();
        long started = System.nanoTime();
        long outageMillis = Duration.ofNanos(started - stopped).toMillis();

        resolve(client, namespace, unconfirmed, expected);
        awaitWritable(ops, "base-1", threshold);
        expected.put("base-1", threshold++);
        ops.create("after-etcd-" + round, "target", threshold);
        expected.put("after-etcd-" + round, threshold++);
        awaitConverged(ops, expected);
        long millis = Duration.ofNanos(System.nanoTime() - started).toMillis();
        String line =
            "etcd down for %d ms (%d of %d writes during it unconfirmed): converged %d ms"
                    .formatted(outageMillis, unconfirmed.size(), POLICIES + 1, millis)
                + " after etcd started";
        results.add(line);
        LOG.info(line);
      }
      assertThat(kubelet.restarts()).as("liveness restarts").isZero();
      assertThat(kubelet.operator().isAlive()).isTrue();
      assertThat(ops.differences(expected)).isEmpty();
    } finally {
      controlPlane.startEtcd();
    }
    LOG.info("etcd restarts: {}", results);
  }

  /** A write sent while etcd was down whose outcome the client did not learn. */
  private record Unconfirmed(String name, int threshold) {}

  /**
   * Sends one patch per base policy and one create while etcd is down, then waits until the outage
   * has lasted {@link #OUTAGE}. Confirmed writes go into {@code expected}; the others are returned.
   */
  private static List<Unconfirmed> writeDuringOutage(
      PolicyOps ops, int round, int threshold, Map<String, Integer> expected)
      throws InterruptedException {
    long end = System.nanoTime() + OUTAGE.toNanos();
    List<Unconfirmed> unconfirmed = new ArrayList<>();
    for (int i = 0; i <= POLICIES; i++) {
      String name = i < POLICIES ? "base-" + i : "during-etcd-" + round;
      try {
        if (i < POLICIES) {
          ops.setThreshold(name, threshold + i);
        } else {
          ops.create(name, "target", threshold + i);
        }
        expected.put(name, threshold + i);
      } catch (KubernetesClientException e) {
        LOG.info("Write of {} during the etcd outage failed: {}", name, e.getMessage());
        unconfirmed.add(new Unconfirmed(name, threshold + i));
      }
    }
    long left = end - System.nanoTime();
    if (left > 0) {
      Thread.sleep(Duration.ofNanos(left).toMillis());
    }
    return unconfirmed;
  }

  /**
   * Reads what the API server stores for each unconfirmed write: the new value or the previous one,
   * and for a create the object or nothing. Anything else is a lost or corrupted write.
   */
  private static void resolve(
      KubernetesClient client,
      String namespace,
      List<Unconfirmed> unconfirmed,
      Map<String, Integer> expected) {
    for (Unconfirmed write : unconfirmed) {
      CircuitBreakerPolicy stored =
          await("policy " + write.name() + " readable after the etcd start")
              .atMost(Duration.ofSeconds(60))
              .ignoreExceptions()
              .until(
                  () ->
                      Optional.ofNullable(
                          client
                              .resources(CircuitBreakerPolicy.class)
                              .inNamespace(namespace)
                              .withName(write.name())
                              .get()),
                  any -> true)
              .orElse(null);
      Integer previous = expected.get(write.name());
      if (stored == null) {
        assertThat(previous).as("policy %s vanished", write.name()).isNull();
        continue;
      }
      int storedThreshold = stored.getSpec().getDefaults().getFailureThreshold();
      assertThat(storedThreshold)
          .as("stored threshold of %s", write.name())
          .isIn(write.threshold(), previous);
      expected.put(write.name(), storedThreshold);
    }
  }

  private static void awaitWritable(PolicyOps ops, String name, int threshold) {
    await("a policy write after the etcd start")
        .atMost(Duration.ofSeconds(60))
        .ignoreExceptions()
        .until(
            () -> {
              ops.setThreshold(name, threshold);
              return true;
            });
  }

  private static void awaitConverged(PolicyOps ops, Map<String, Integer> expected) {
    await("operator convergence")
        .atMost(BOUND)
        .pollInterval(Duration.ofMillis(250))
        .until(() -> ops.differences(expected).isEmpty());
  }
}
