package io.fusebox.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.fusebox.testing.KubeApiServerTest;
import java.nio.file.Path;
import java.time.Duration;
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
 * reliability/run.sh rbac-ablation} runs {@link RbacFullAblationRun}, which removes every granted
 * verb in turn and prints one line per verb.
 */
@KubeApiServerTest(repositoryCrds = false)
class RbacAblationTest {

  private static final Logger LOG = LoggerFactory.getLogger(RbacAblationTest.class);
  private static final Path DIR = Path.of("target", "reliability", "rbac-ablation");

  /** Bound per step; a full run converges each step within a few seconds. */
  static final Duration STEP_BOUND = Duration.ofSeconds(45);

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

  /** Returns a directory per removed verb, so each run's audit and operator logs stay. */
  static Path runDir(String permission) {
    return DIR.resolve(permission.replaceAll("[^A-Za-z0-9.]+", "-"));
  }
}
