package io.fusebox.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.fusebox.testing.KubeApiServerTest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Least privilege of the chart's RBAC, both ways, in one run on a real API server with RBAC
 * authorization, an audit log and the OwnerReferencesPermissionEnforcement admission plugin. The
 * operator JVM runs under the chart's ServiceAccount through {@link RbacScenario}, which uses every
 * feature. Sufficient: every step converges, no request of the operator gets 403 and the operator
 * logs no ERROR line. Necessary: every granted verb appears in the audit log as an authorized
 * request of the operator, so removing it alone turns that request into a 403, except the verbs in
 * {@link #CHECKED_WITHOUT_REQUEST}. {@link RbacAblationTest} removes verbs one at a time and checks
 * that the run then fails.
 */
@KubeApiServerTest(repositoryCrds = false)
class ChartRbacUsageTest {

  private static final Logger LOG = LoggerFactory.getLogger(ChartRbacUsageTest.class);

  /**
   * Granted verbs that the API server checks without a request of that verb, so they never show in
   * the audit log. A server-side apply is a patch request, and the API server also checks create
   * when the object does not exist yet. JOSDK 5.2.3 checks get, create and update on Leases with a
   * SelfSubjectRulesReview before leader election and does not start without them, while fabric8's
   * LeaderElector renews with patch. The OwnerReferencesPermissionEnforcement plugin checks update
   * on the policy's finalizers when the operator sets {@code blockOwnerDeletion}, and delete on a
   * ConfigMap whose owner references the operator changes when it adopts it.
   */
  static final Set<String> CHECKED_WITHOUT_REQUEST =
      Set.of(
          "/configmaps: create",
          "policy/poddisruptionbudgets: create",
          "autoscaling/horizontalpodautoscalers: create",
          "monitoring.coreos.com/servicemonitors: create",
          "monitoring.coreos.com/prometheusrules: create",
          "coordination.k8s.io/leases: update",
          "fusebox.io/circuitbreakerpolicies/finalizers: update",
          "/configmaps: delete");

  /**
   * Granted verbs that no request of the scenario uses. Empty: the chart grants only what the
   * operator uses. The test fails when a change to the chart or the operator adds one.
   */
  private static final Set<String> KNOWN_UNUSED = Set.of();

  @Test
  void everyGrantedVerbIsUsedAndSufficient() throws Exception {
    ChartRbac.findHelm();
    RbacRun.Outcome outcome =
        RbacRun.run(Path.of("target", "reliability", "rbac"), null, Duration.ofSeconds(90));

    Set<String> unused = new TreeSet<>(outcome.granted());
    unused.removeAll(outcome.used());
    unused.removeAll(CHECKED_WITHOUT_REQUEST);
    LOG.info(
        "RBAC: {} granted, {} used, unused {}, forbidden {}, run took {} s",
        outcome.granted().size(),
        outcome.used().size(),
        unused,
        outcome.forbidden(),
        outcome.duration().toSeconds());
    assertThat(outcome.granted()).noneMatch(p -> p.contains("*"));
    assertThat(outcome.granted()).noneMatch(p -> p.contains("secrets"));
    assertThat(outcome.forbidden()).as("operator requests that got 403").isEmpty();
    assertThat(outcome.errorLines()).as("ERROR lines of the operator log").isEmpty();
    assertThat(outcome.stalled()).as("step that did not converge").isEmpty();
    assertThat(outcome.granted()).containsAll(CHECKED_WITHOUT_REQUEST);
    assertThat(unused).isEqualTo(KNOWN_UNUSED);
  }
}
