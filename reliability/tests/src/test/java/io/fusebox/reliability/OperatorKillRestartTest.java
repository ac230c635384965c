package io.fusebox.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fusebox.testing.KubeApiServerTest;
import io.fusebox.testing.KubeTestEnvironment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kills the operator JVM with SIGKILL at random points while policies are created, updated and
 * deleted, then restarts it. After the last restart every policy must be Ready at its current
 * generation with the right settings file, and kube-controller-manager's garbage collector must
 * have removed the ConfigMaps of deleted policies: no duplicate and no orphan.
 *
 * <p>System properties: {@code fusebox.reliability.kills} (default 6) and {@code
 * fusebox.reliability.seed} (default 8).
 */
@KubeApiServerTest(controllerManager = true)
class OperatorKillRestartTest {

  private static final Logger LOG = LoggerFactory.getLogger(OperatorKillRestartTest.class);
  private static final Duration CONVERGENCE_TIMEOUT = Duration.ofSeconds(120);

  @Test
  void killedOperatorConvergesAfterRestart(KubeTestEnvironment env, KubernetesClient client)
      throws Exception {
    int kills = Integer.getInteger("fusebox.reliability.kills", 6);
    long seed = Long.getLong("fusebox.reliability.seed", 8);
    Random random = new Random(seed);
    String namespace = env.namespace();
    PolicyOps ops = new PolicyOps(client, namespace);
    for (int t = 0; t < 3; t++) {
      ops.createTarget("target-" + t);
    }
    Path logs = Files.createDirectories(Path.of("target", "reliability", "kill-restart"));
    Map<String, Integer> expected = new LinkedHashMap<>();
    int nextThreshold = 10;
    List<Long> killDelays = new ArrayList<>();

    for (int round = 0; round < kills; round++) {
      OperatorJvm operator =
          OperatorJvm.start(
              env.controlPlane().kubeconfig(),
              namespace,
              null,
              logs.resolve("operator-" + round + ".log"));
      // Writes run while the JVM starts, watches and reconciles. The kill lands somewhere in
      // that span, between 0.5 s (still starting) and 8 s (reconciling the batch).
      for (int j = 0; j < 3; j++) {
        String name = "p-" + round + "-" + j;
        ops.create(name, "target-" + random.nextInt(3), nextThreshold);
        expected.put(name, nextThreshold++);
      }
      List<String> live = new ArrayList<>(expected.keySet());
      for (int j = 0; j < 2 && !live.isEmpty(); j++) {
        String name = live.get(random.nextInt(live.size()));
        ops.setThreshold(name, nextThreshold);
        expected.put(name, nextThreshold++);
      }
      String deleted = live.get(random.nextInt(live.size()));
      ops.delete(deleted);
      expected.remove(deleted);

      long delayMillis = 500 + random.nextInt(7500);
      killDelays.add(delayMillis);
      Thread.sleep(delayMillis);
      operator.kill();
      LOG.info(
          "Round {}: SIGKILL after {} ms, {} policies expected",
          round,
          delayMillis,
          expected.size());
    }

    // One more batch while no operator runs, so the restarted one has work left to do.
    for (int j = 0; j < 3; j++) {
      String name = "p-final-" + j;
      ops.create(name, "target-" + random.nextInt(3), nextThreshold);
      expected.put(name, nextThreshold++);
    }
    String updated = expected.keySet().iterator().next();
    ops.setThreshold(updated, nextThreshold);
    expected.put(updated, nextThreshold++);
    assertThat(ops.differences(expected)).isNotEmpty();

    // The operator appends to its log, so a log of an earlier run would fail the check below.
    Files.deleteIfExists(logs.resolve("operator-final.log"));
    long restarted = System.nanoTime();
    try (OperatorJvm operator =
        OperatorJvm.start(
            env.controlPlane().kubeconfig(), namespace, null, logs.resolve("operator-final.log"))) {
      await("convergence after " + kills + " kills")
          .atMost(CONVERGENCE_TIMEOUT)
          .pollInterval(Duration.ofSeconds(1))
          .until(() -> ops.differences(expected).isEmpty());
      long convergedMillis = Duration.ofNanos(System.nanoTime() - restarted).toMillis();
      LOG.info(
          "{} kills at {} ms; {} policies converged {} ms after the last restart",
          kills,
          killDelays,
          expected.size(),
          convergedMillis);
      assertThat(ops.differences(expected)).isEmpty();
      assertThat(operator.errorLines()).isEmpty();
    }
  }
}
