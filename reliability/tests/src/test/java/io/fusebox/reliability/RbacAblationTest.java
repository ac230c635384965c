package io.fusebox.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fusebox.testing.KubeApiServerTest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Necessity of the chart's RBAC shown by removal: with one granted verb removed from the rendered
 * roles, {@link RbacScenario} must fail, through a 403 on an operator request, an ERROR line in the
 * operator log, the operator's exit, or a step that does not converge within the bound. CI removes
 * a fixed sample of four verbs: an informer verb, and three that the audit log of {@link
 * ChartRbacUsageTest} cannot show because the API server checks them without a request of that verb
 * (create for a server-side apply that creates, update on Leases that JOSDK checks before leader
 * election, update on the policy's finalizers that the admission plugin checks). {@code
 * reliability/run.sh rbac-ablation} sets {@code -Dfusebox.rbac.ablation=all}, which removes every
 * granted verb in turn and prints one line per verb.
 */
@KubeApiServerTest(repositoryCrds = false)
class RbacAblationTest {

  private static final Logger LOG = LoggerFactory.getLogger(RbacAblationTest.class);
  private static final Path DIR = Path.of("target", "reliability", "rbac-ablation");

  /** Bound per step; a full run converges each step within a few seconds. */
  private static final Duration STEP_BOUND = Duration.ofSeconds(45);

  @ParameterizedTest
  @ValueSource(
      strings = {
        "apps/deployments: watch",
        "/configmaps: create",
        "coordination.k8s.io/leases: update",
        "fusebox.io/circuitbreakerpolicies/finalizers: update"
      })
  void removedVerbFailsScenario(String permission) throws Exception {
    ChartRbac.findHelm();
    RbacRun.Outcome outcome = RbacRun.run(runDir(permission), permission, STEP_BOUND);

    LOG.info("without {}: {} in {} s", permission, outcome.how(), outcome.duration().toSeconds());
    assertThat(outcome.granted()).doesNotContain(permission);
    assertThat(outcome.failed()).as("scenario without " + permission + " failed").isTrue();
  }

  @Test
  void everyRemovedVerbFailsScenario(KubernetesClient client) throws Exception {
    assumeTrue(
        "all".equals(System.getProperty("fusebox.rbac.ablation")),
        "full ablation runs only with -Dfusebox.rbac.ablation=all (reliability/run.sh"
            + " rbac-ablation)");
    ChartRbac.findHelm();
    Set<String> granted = ChartRbac.granted(ChartRbac.render(client, RbacRun.RELEASE_NAMESPACE));
    List<String> passed = new ArrayList<>();
    StringBuilder table = new StringBuilder("| removed verb | scenario failed | how | time |\n");
    table.append("|---|---|---|---|\n");
    for (String permission : granted) {
      RbacRun.Outcome outcome = RbacRun.run(runDir(permission), permission, STEP_BOUND);
      String line =
          String.format(
              Locale.ROOT,
              "| `%s` | %s | %s | %d s |",
              permission,
              outcome.failed() ? "yes" : "no",
              outcome.how().replace("|", "/"),
              outcome.duration().toSeconds());
      System.out.println("RBAC-ABLATION " + line);
      table.append(line).append('\n');
      if (!outcome.failed()) {
        passed.add(permission);
      }
    }
    System.out.println(table);
    assertThat(passed).as("verbs whose removal failed no step").isEmpty();
  }

  /** Returns a directory per removed verb, so each run's audit and operator logs stay. */
  private static Path runDir(String permission) {
    return DIR.resolve(permission.replaceAll("[^A-Za-z0-9.]+", "-"));
  }
}
