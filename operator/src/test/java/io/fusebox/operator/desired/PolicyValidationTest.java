package io.fusebox.operator.desired;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class PolicyValidationTest {

  private static List<Finding> problems(String specBody) {
    DesiredState state = PolicyRenderer.render(Policies.withSpec(specBody), null);
    assertThat(state.objects()).as("an invalid policy renders nothing").isEmpty();
    return state.problems();
  }

  @Test
  void zeroFailureRateThresholdRejected() {
    List<Finding> found =
        problems("  breakers:\n  - name: payments\n    failureRateThreshold: 0\n");

    assertThat(found).hasSize(1);
    assertThat(found.get(0).field()).isEqualTo("spec.breakers[0].failureRateThreshold");
    assertThat(found.get(0).message()).contains("(0.0)");
  }

  @Test
  void thresholdAboveHundredRejected() {
    List<Finding> found =
        problems("  breakers:\n  - name: payments\n    failureRateThreshold: 101\n");

    assertThat(found).hasSize(1);
    assertThat(found.get(0).message()).contains("101");
  }

  @Test
  void hundredPercentThresholdAccepted() {
    DesiredState state =
        PolicyRenderer.render(
            Policies.withSpec("  breakers:\n  - name: payments\n    failureRateThreshold: 100\n"),
            null);

    assertThat(state.problems()).isEmpty();
    assertThat(state.settingsContent()).contains("failure_rate_threshold: 100\n");
  }

  @Test
  void duplicateBreakerNamesRejected() {
    List<Finding> found = problems("  breakers:\n  - name: redis\n  - name: redis\n");

    assertThat(found).hasSize(1);
    assertThat(found.get(0).field()).isEqualTo("spec.breakers[1].name");
    assertThat(found.get(0).message()).contains("duplicate", "spec.breakers[0]");
  }

  @Test
  void maxRecoveryBelowMergedRecoveryRejected() {
    List<Finding> found =
        problems(
            "  defaults: {recoveryTimeout: 60s}\n"
                + "  breakers:\n  - name: redis\n    maxRecoveryTimeout: 30s\n");

    assertThat(found).hasSize(1);
    assertThat(found.get(0).field()).isEqualTo("spec.breakers[0]");
    assertThat(found.get(0).message()).contains("max_recovery_timeout_seconds");
  }

  @Test
  void malformedStatusRangeRejected() {
    List<Finding> found =
        problems("  breakers:\n  - name: api\n    failureStatusCodes: [\"599-500\"]\n");

    assertThat(found).hasSize(1);
    assertThat(found.get(0).field()).isEqualTo("spec.breakers[0].failureStatusCodes[0]");
    assertThat(found.get(0).message()).contains("599-500");
  }

  @Test
  void malformedExceptionNameRejected() {
    List<Finding> found =
        problems(
            "  breakers:\n  - name: api\n    failureExceptions: [\"java.io.IOException()\"]\n");

    assertThat(found).hasSize(1);
    assertThat(found.get(0).field()).isEqualTo("spec.breakers[0].failureExceptions");
  }

  @Test
  void unparsableDurationRejected() {
    List<Finding> found = problems("  defaults: {timeout: \"1h30\"}\n");

    assertThat(found).hasSize(1);
    assertThat(found.get(0).field()).isEqualTo("spec.defaults.timeout");
    assertThat(found.get(0).message()).contains("\"1h30\"", "500ms");
  }

  @Test
  void minReplicasAboveMaxRejected() {
    List<Finding> found =
        problems(
            "  availability:\n    autoscaling: {minReplicas: 5, maxReplicas: 3, cpuUtilization: 70}\n");

    assertThat(found).hasSize(1);
    assertThat(found.get(0).message()).contains("minReplicas (5)", "maxReplicas (3)");
  }

  @Test
  void bothBudgetFieldsRejected() {
    List<Finding> found =
        problems(
            "  availability:\n    podDisruptionBudget: {minAvailable: 1, maxUnavailable: 1}\n");

    assertThat(found).hasSize(1);
    assertThat(found.get(0).message()).contains("exactly one");
  }

  @Test
  void templateInAlertLabelRejected() {
    List<Finding> found =
        problems("  monitoring:\n    alerts:\n      labels: {team: \"{{ $value }}\"}\n");

    assertThat(found).hasSize(1);
    assertThat(found.get(0).field()).isEqualTo("spec.monitoring.alerts.labels.team");
  }

  @Test
  void invalidSelectorValueRejected() {
    List<Finding> found =
        problems("  monitoring:\n    serviceMonitor:\n      selector: {app: \"-bad value\"}\n");

    assertThat(found).hasSize(1);
    assertThat(found.get(0).field()).isEqualTo("spec.monitoring.serviceMonitor.selector.app");
    assertThat(found.get(0).message()).contains("\"-bad value\"");
  }

  @Test
  void severityAlertLabelRejected() {
    List<Finding> found =
        problems(
            "  monitoring:\n    alerts:\n      severity: warning\n"
                + "      labels: {team: payments, severity: critical}\n");

    assertThat(found).hasSize(1);
    assertThat(found.get(0).field()).isEqualTo("spec.monitoring.alerts.labels.severity");
    assertThat(found.get(0).reason()).isEqualTo(Finding.INVALID_SPEC);
    assertThat(found.get(0).message())
        .isEqualTo(
            "alert label severity is not allowed (was \"critical\") because the severity field"
                + " sets it; remove it from labels and set spec.monitoring.alerts.severity"
                + " instead");
  }

  @Test
  void policyWithoutSpecRejected() {
    List<Finding> found =
        PolicyRenderer.render(
                Policies.parse(
                    "apiVersion: fusebox.io/v1alpha1\nkind: CircuitBreakerPolicy\n"
                        + "metadata: {name: checkout, namespace: shop}\n"),
                null)
            .problems();

    assertThat(found).extracting(Finding::field).containsExactly("spec");
  }

  @Test
  void controlCharactersInValuesEscaped() {
    List<Finding> found =
        problems(
            "  defaults: {recoveryTimeout: \"3\\n0s\"}\n"
                + "  monitoring:\n    alerts:\n      labels: {\"a\\u2028b\": \"{{\\r\"}\n");

    assertThat(found).hasSize(3);
    for (Finding finding : found) {
      assertThat(finding.toString()).as(finding.field()).doesNotContain("\n", "\r", "\u2028");
    }
    assertThat(found.get(0).message()).contains("(\"3\\n0s\")");
    assertThat(found.get(1).message()).contains("(\"a\\u2028b\")");
    assertThat(found.get(2).field()).isEqualTo("spec.monitoring.alerts.labels.a\\u2028b");
    assertThat(found.get(2).message()).contains("(\"{{\\r\")");
  }

  @Test
  void specModeAppliesToDefaults() {
    DesiredState state =
        PolicyRenderer.render(
            Policies.withSpec("  mode: Shadow\n  breakers:\n  - name: db\n"), null);

    assertThat(state.problems()).isEmpty();
    assertThat(state.settingsContent())
        .contains("  db:\n    failure_threshold: 5\n    mode: shadow\n");
  }
}
