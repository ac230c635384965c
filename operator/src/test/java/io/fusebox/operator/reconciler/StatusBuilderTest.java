package io.fusebox.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fusebox.api.v1alpha1.AlertsSpec;
import io.fusebox.api.v1alpha1.AvailabilitySpec;
import io.fusebox.api.v1alpha1.CircuitBreakerPolicy;
import io.fusebox.api.v1alpha1.CircuitBreakerPolicySpec;
import io.fusebox.api.v1alpha1.MonitoringSpec;
import io.fusebox.api.v1alpha1.PodDisruptionBudgetSpec;
import io.fusebox.api.v1alpha1.TargetKind;
import io.fusebox.api.v1alpha1.TargetRef;
import io.fusebox.operator.desired.DesiredState;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class StatusBuilderTest {

  private static final Instant NOW = Instant.parse("2026-01-01T10:00:00Z");
  private static final Instant LATER = Instant.parse("2026-01-01T10:05:00Z");

  @Test
  void appliedPolicyIsReady() {
    var policy = policy("checkout", false);
    var status = new StatusBuilder(policy, NOW);

    status.applied(rendered(), new Observation(target(), false, false, false), null, null);
    CircuitBreakerPolicy patch = status.changedStatus().orElseThrow();

    assertThat(patch.getStatus().getConfigMapName()).isEqualTo("checkout-circuit-breakers");
    assertThat(patch.getStatus().getConfigHash()).isEqualTo("0123456789abcdef");
    assertThat(patch.getStatus().getBreakers()).isEqualTo(2);
    assertThat(patch.getStatus().getObservedGeneration()).isEqualTo(3L);
    assertThat(patch.getStatus().getConditions())
        .extracting(c -> c.getType() + "=" + c.getStatus() + "/" + c.getReason())
        .containsExactly("Ready=True/Reconciled", "ConfigMapReady=True/Applied");
    assertThat(patch.getSpec()).isNull();
  }

  @Test
  void unchangedStatusNeedsNoPatch() {
    var policy = policy("checkout", false);
    var first = new StatusBuilder(policy, NOW);
    first.applied(rendered(), new Observation(target(), false, false, false), null, null);
    policy.setStatus(first.changedStatus().orElseThrow().getStatus());

    var second = new StatusBuilder(policy, LATER);
    second.applied(rendered(), new Observation(target(), false, false, false), null, null);

    assertThat(second.changedStatus()).isEmpty();
  }

  @Test
  void missingTargetGivesTargetNotFound() {
    var policy = policy("checkout", true);
    var status = new StatusBuilder(policy, NOW);

    status.applied(rendered(), new Observation(null, false, false, false), null, null);

    assertThat(status.readyReason()).isEqualTo("TargetNotFound");
    assertThat(status.changedStatus().orElseThrow().getStatus().getConditions())
        .anyMatch(
            c ->
                c.getType().equals("PodDisruptionBudgetReady")
                    && c.getReason().equals("TargetNotFound"));
  }

  @Test
  void lostClaimGivesConflictAndOneWarning() {
    var older = policy("alpha", true);
    var policy = policy("beta", true);
    var status = new StatusBuilder(policy, NOW);

    status.applied(rendered(), new Observation(target(), false, false, false), older, null);

    assertThat(status.hasConflict()).isTrue();
    assertThat(status.readyReason()).isEqualTo("Conflict");
    assertThat(status.newWarnings())
        .extracting(StatusBuilder.Warning::reason)
        .containsExactly("Conflict");
  }

  @Test
  void repeatedConflictSendsNoNewWarning() {
    var older = policy("alpha", true);
    var policy = policy("beta", true);
    var first = new StatusBuilder(policy, NOW);
    first.applied(rendered(), new Observation(target(), false, false, false), older, null);
    policy.setStatus(first.changedStatus().orElseThrow().getStatus());

    var second = new StatusBuilder(policy, LATER);
    second.applied(rendered(), new Observation(target(), false, false, false), older, null);

    assertThat(second.newWarnings()).isEmpty();
    assertThat(second.changedStatus()).isEmpty();
  }

  @Test
  void rejectionKeepsLastConfigMap() {
    var policy = policy("checkout", false);
    var first = new StatusBuilder(policy, NOW);
    first.applied(rendered(), new Observation(target(), false, false, false), null, null);
    policy.setStatus(first.changedStatus().orElseThrow().getStatus());

    var second = new StatusBuilder(policy, LATER);
    second.rejected("InvalidSpec", "spec.breakers[0].timeout: invalid");
    var patch = second.changedStatus().orElseThrow();

    assertThat(patch.getStatus().getConfigMapName()).isEqualTo("checkout-circuit-breakers");
    assertThat(patch.getStatus().getConfigHash()).isEqualTo("0123456789abcdef");
    assertThat(second.readyReason()).isEqualTo("InvalidSpec");
    assertThat(second.newWarnings())
        .extracting(StatusBuilder.Warning::reason)
        .containsExactly("InvalidSpec");
  }

  @Test
  void missingMonitoringCrdsKeepReady() {
    var policy = policy("checkout", false);
    var monitoring = new MonitoringSpec();
    monitoring.setAlerts(new AlertsSpec());
    policy.getSpec().setMonitoring(monitoring);
    var status = new StatusBuilder(policy, NOW);

    status.applied(rendered(), new Observation(target(), false, false, false), null, null);

    assertThat(status.monitoringMissing()).isTrue();
    assertThat(status.readyReason()).isEqualTo("Reconciled");
  }

  private static CircuitBreakerPolicy policy(String name, boolean withPdb) {
    var policy = new CircuitBreakerPolicy();
    policy.setMetadata(
        new ObjectMetaBuilder()
            .withName(name)
            .withNamespace("shop")
            .withGeneration(3L)
            .withCreationTimestamp("2026-01-01T09:00:00Z")
            .build());
    var spec = new CircuitBreakerPolicySpec();
    spec.setTargetRef(new TargetRef(TargetKind.DEPLOYMENT, "checkout"));
    if (withPdb) {
      var availability = new AvailabilitySpec();
      availability.setPodDisruptionBudget(new PodDisruptionBudgetSpec());
      spec.setAvailability(availability);
    }
    policy.setSpec(spec);
    return policy;
  }

  private static DesiredState rendered() {
    var configMap =
        new ConfigMapBuilder()
            .withNewMetadata()
            .withName("checkout-circuit-breakers")
            .withNamespace("shop")
            .endMetadata()
            .build();
    return new DesiredState(
        configMap,
        null,
        null,
        null,
        null,
        "version: 1\n",
        "0123456789abcdef",
        2,
        List.of(),
        List.of());
  }

  private static Deployment target() {
    return new DeploymentBuilder().withNewMetadata().withName("checkout").endMetadata().build();
  }
}
