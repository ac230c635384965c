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
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operator JVM under a steady stream of policy updates: {@code policies} policies, then {@code
 * rate} spec updates per second for {@code seconds} seconds. At the end every policy must be Ready
 * with its last settings and the operator log must hold no ERROR line. Resident and heap memory are
 * sampled every 10 s and logged.
 *
 * <p>System properties {@code fusebox.load.policies} (default 100), {@code fusebox.load.rate}
 * (default 20) and {@code fusebox.load.seconds} (default 30); {@code reliability/operator-load.sh}
 * runs the long version.
 */
@KubeApiServerTest
class OperatorLoadTest {

  private static final Logger LOG = LoggerFactory.getLogger(OperatorLoadTest.class);
  private static final Pattern HEAP =
      Pattern.compile("^jvm_memory_used_bytes\\{area=\"heap\"[^}]*\\} ([0-9.eE+]+)$");

  @Test
  void updateStreamConvergesWithoutErrors(KubeTestEnvironment env, KubernetesClient client)
      throws Exception {
    int policies = Integer.getInteger("fusebox.load.policies", 100);
    int rate = Integer.getInteger("fusebox.load.rate", 20);
    int seconds = Integer.getInteger("fusebox.load.seconds", 30);
    String namespace = env.namespace();
    PolicyOps ops = new PolicyOps(client, namespace);
    for (int t = 0; t < 10; t++) {
      ops.createTarget("target-" + t);
    }
    Path logs = Files.createDirectories(Path.of("target", "reliability", "operator-load"));
    Map<String, Integer> expected = new ConcurrentHashMap<>();
    // The operator appends to its log, so a log of an earlier run would fail the check below.
    Files.deleteIfExists(logs.resolve("operator.log"));

    try (OperatorJvm operator =
        OperatorJvm.start(
            env.controlPlane().kubeconfig(), namespace, null, logs.resolve("operator.log"))) {
      await().atMost(Duration.ofSeconds(60)).until(operator::isReady);
      long started = System.nanoTime();
      ExecutorService writers = Executors.newFixedThreadPool(4);
      for (int i = 0; i < policies; i++) {
        String name = "load-" + i;
        String target = "target-" + (i % 10);
        writers.execute(() -> ops.create(name, target, 10));
        expected.put(name, 10);
      }
      writers.shutdown();
      assertThat(writers.awaitTermination(5, TimeUnit.MINUTES)).isTrue();
      await()
          .atMost(Duration.ofMinutes(10))
          .pollInterval(Duration.ofSeconds(2))
          .until(() -> ops.differences(expected).isEmpty());
      LOG.info("{} policies created and Ready in {} ms", policies, millisSince(started));

      List<String> samples = new ArrayList<>();
      Random random = new Random(8);
      long updates = 0;
      long periodNanos = 1_000_000_000L / rate;
      long streamStart = System.nanoTime();
      long nextSample = streamStart;
      while (System.nanoTime() - streamStart < seconds * 1_000_000_000L) {
        long due = streamStart + updates * periodNanos;
        long wait = due - System.nanoTime();
        if (wait > 0) {
          Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
        }
        String name = "load-" + random.nextInt(policies);
        int threshold = 11 + (int) (updates % 80);
        ops.setThreshold(name, threshold);
        expected.put(name, threshold);
        updates++;
        if (System.nanoTime() >= nextSample) {
          samples.add(
              "t=%ds rss=%dMiB heap=%dMiB"
                  .formatted(
                      (System.nanoTime() - streamStart) / 1_000_000_000L,
                      operator.residentKib() / 1024,
                      heapBytes(operator.metrics()) / (1024 * 1024)));
          nextSample += 10_000_000_000L;
        }
      }
      double achievedRate = updates / ((System.nanoTime() - streamStart) / 1e9);
      long streamEnd = System.nanoTime();
      await()
          .atMost(Duration.ofMinutes(5))
          .pollInterval(Duration.ofSeconds(1))
          .until(() -> ops.differences(expected).isEmpty());
      LOG.info(
          "{} updates at {} per second over {} s; converged {} ms after the last update;"
              + " memory {}",
          updates,
          "%.1f".formatted(achievedRate),
          seconds,
          millisSince(streamEnd),
          samples);
      assertThat(operator.errorLines()).isEmpty();
    }
  }

  private static long heapBytes(String metrics) {
    double total = 0;
    for (String line : metrics.split("\n")) {
      Matcher m = HEAP.matcher(line);
      if (m.matches()) {
        total += Double.parseDouble(m.group(1));
      }
    }
    return (long) total;
  }

  private static long millisSince(long startedNanos) {
    return Duration.ofNanos(System.nanoTime() - startedNanos).toMillis();
  }
}
