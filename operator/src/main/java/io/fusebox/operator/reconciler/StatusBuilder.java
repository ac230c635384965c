package io.fusebox.operator.reconciler;

import static io.fusebox.operator.reconciler.ConditionTypes.APPLIED;
import static io.fusebox.operator.reconciler.ConditionTypes.AUTOSCALER_READY;
import static io.fusebox.operator.reconciler.ConditionTypes.CONFIG_MAP_READY;
import static io.fusebox.operator.reconciler.ConditionTypes.CONFLICT;
import static io.fusebox.operator.reconciler.ConditionTypes.DECODE_FAILED;
import static io.fusebox.operator.reconciler.ConditionTypes.INVALID_SPEC;
import static io.fusebox.operator.reconciler.ConditionTypes.MONITORING_CRDS_MISSING;
import static io.fusebox.operator.reconciler.ConditionTypes.MONITORING_READY;
import static io.fusebox.operator.reconciler.ConditionTypes.POD_DISRUPTION_BUDGET_READY;
import static io.fusebox.operator.reconciler.ConditionTypes.READY;
import static io.fusebox.operator.reconciler.ConditionTypes.RECONCILED;
import static io.fusebox.operator.reconciler.ConditionTypes.TARGET_NOT_FOUND;
import static io.fusebox.operator.reconciler.Conditions.FALSE;
import static io.fusebox.operator.reconciler.Conditions.TRUE;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fusebox.api.v1alpha1.CircuitBreakerPolicy;
import io.fusebox.api.v1alpha1.CircuitBreakerPolicyStatus;
import io.fusebox.api.v1alpha1.TargetRef;
import io.fusebox.operator.desired.DesiredState;
import io.fusebox.operator.desired.Finding;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Builder of the next status of one policy from what a reconcile found, and the comparison with the
 * current status that decides whether a patch is needed.
 */
final class StatusBuilder {

  private static final List<String> ORDER =
      List.of(
          READY, CONFIG_MAP_READY, MONITORING_READY, POD_DISRUPTION_BUDGET_READY, AUTOSCALER_READY);

  // Reasons announced with a Warning event when a condition newly takes them.
  private static final Set<String> EVENT_REASONS = Set.of(INVALID_SPEC, DECODE_FAILED, CONFLICT);

  /** One Warning event to send. */
  record Warning(String reason, String message) {}

  private final CircuitBreakerPolicy policy;
  private final CircuitBreakerPolicyStatus previous;
  private final Conditions conditions;
  private final CircuitBreakerPolicyStatus next = new CircuitBreakerPolicyStatus();

  StatusBuilder(CircuitBreakerPolicy policy, Instant now) {
    this.policy = policy;
    this.previous =
        policy.getStatus() == null ? new CircuitBreakerPolicyStatus() : policy.getStatus();
    this.conditions =
        new Conditions(previous.getConditions(), now, policy.getMetadata().getGeneration());
    next.setObservedGeneration(policy.getMetadata().getGeneration());
    // Until a reconcile applies a new ConfigMap, the last applied one is still in place.
    next.setConfigMapName(previous.getConfigMapName());
    next.setConfigHash(previous.getConfigHash());
    next.setBreakers(previous.getBreakers());
  }

  /**
   * Records a policy that is not applied: {@code Ready=False} and {@code ConfigMapReady=False} with
   * the reason, and every other condition as it was.
   */
  void rejected(String reason, String message) {
    conditions.set(READY, FALSE, reason, message);
    conditions.set(
        CONFIG_MAP_READY,
        FALSE,
        reason,
        previous.getConfigMapName() == null
            ? "No ConfigMap was generated."
            : "ConfigMap " + previous.getConfigMapName() + " keeps the last valid settings.");
    for (String type : ORDER) {
      if (conditions.get(type) == null) {
        findPrevious(type)
            .ifPresent(c -> conditions.set(type, c.getStatus(), c.getReason(), c.getMessage()));
      }
    }
  }

  /** Records the outcome of a successful workflow run. */
  void applied(
      DesiredState rendered,
      Observation observation,
      CircuitBreakerPolicy pdbHolder,
      CircuitBreakerPolicy hpaHolder) {
    var configMap = rendered.configMap();
    next.setConfigMapName(configMap.getMetadata().getName());
    next.setConfigHash(rendered.configHash());
    next.setBreakers(rendered.breakerCount());
    conditions.set(
        CONFIG_MAP_READY,
        TRUE,
        APPLIED,
        "ConfigMap "
            + configMap.getMetadata().getName()
            + " holds "
            + rendered.breakerCount()
            + " breakers (hash "
            + rendered.configHash()
            + ").");

    var spec = policy.getSpec();
    if (WorkflowConditions.requestsServiceMonitor(spec)
        || WorkflowConditions.requestsAlerts(spec)) {
      if (observation.monitoringCrdsPresent()) {
        conditions.set(MONITORING_READY, TRUE, APPLIED, "Monitoring objects applied.");
      } else {
        conditions.set(
            MONITORING_READY,
            FALSE,
            MONITORING_CRDS_MISSING,
            "The Prometheus Operator CRDs "
                + String.join(" and ", MonitoringCrdPresence.CRD_NAMES)
                + " are not installed; the operator checks again periodically and applies the"
                + " ServiceMonitor and PrometheusRule once they exist.");
      }
    }

    String target = targetText();
    if (WorkflowConditions.requestsPodDisruptionBudget(spec)) {
      claimCondition(
          POD_DISRUPTION_BUDGET_READY,
          "PodDisruptionBudget",
          "spec.availability.podDisruptionBudget",
          observation,
          pdbHolder,
          rendered.podDisruptionBudget() != null,
          rendered,
          target);
    }
    if (WorkflowConditions.requestsAutoscaler(spec)) {
      claimCondition(
          AUTOSCALER_READY,
          "HorizontalPodAutoscaler",
          "spec.availability.autoscaling",
          observation,
          hpaHolder,
          rendered.autoscaler() != null,
          rendered,
          target);
    }

    if (observation.target() == null) {
      conditions.set(
          READY,
          FALSE,
          TARGET_NOT_FOUND,
          target
              + " does not exist; the ConfigMap is applied and the rest follows when the"
              + " workload appears.");
    } else if (hasConflict()) {
      conditions.set(
          READY,
          FALSE,
          CONFLICT,
          "An older policy manages part of " + target + "; see the other conditions.");
    } else {
      conditions.set(READY, TRUE, RECONCILED, "All generated objects match the policy.");
    }
  }

  boolean monitoringMissing() {
    var condition = conditions.get(MONITORING_READY);
    return condition != null && MONITORING_CRDS_MISSING.equals(condition.getReason());
  }

  boolean hasConflict() {
    return ORDER.stream()
        .map(conditions::get)
        .anyMatch(c -> c != null && CONFLICT.equals(c.getReason()));
  }

  String readyReason() {
    return conditions.get(READY).getReason();
  }

  /** Returns one Warning event per reason that a condition newly took. */
  List<Warning> newWarnings() {
    Map<String, Warning> warnings = new LinkedHashMap<>();
    for (String type : ORDER) {
      Condition now = conditions.get(type);
      if (now == null || !EVENT_REASONS.contains(now.getReason())) {
        continue;
      }
      boolean wasSame =
          findPrevious(type).map(c -> now.getReason().equals(c.getReason())).orElse(false);
      if (!wasSame) {
        warnings.putIfAbsent(now.getReason(), new Warning(now.getReason(), now.getMessage()));
      }
    }
    return new ArrayList<>(warnings.values());
  }

  /**
   * Returns a status-only copy of the policy to patch, or empty when the new status equals the
   * current one, so an unchanged policy causes no write.
   */
  Optional<CircuitBreakerPolicy> changedStatus() {
    next.setConditions(
        ORDER.stream().map(conditions::get).filter(Objects::nonNull).collect(Collectors.toList()));
    if (sameStatus(previous, next)) {
      return Optional.empty();
    }
    var patch = new CircuitBreakerPolicy();
    patch.setMetadata(
        new ObjectMetaBuilder()
            .withName(policy.getMetadata().getName())
            .withNamespace(policy.getMetadata().getNamespace())
            .build());
    patch.setStatus(next);
    return Optional.of(patch);
  }

  private void claimCondition(
      String type,
      String kind,
      String field,
      Observation observation,
      CircuitBreakerPolicy holder,
      boolean rendered,
      DesiredState rendering,
      String target) {
    List<Finding> findings =
        rendering.warnings().stream().filter(w -> w.field().startsWith(field)).toList();
    String warnings = findings.stream().map(Finding::message).collect(Collectors.joining("; "));
    if (observation.target() == null) {
      conditions.set(type, FALSE, TARGET_NOT_FOUND, "Waiting for " + target + ".");
    } else if (holder != null
        && !holder.getMetadata().getName().equals(policy.getMetadata().getName())) {
      conditions.set(
          type,
          FALSE,
          CONFLICT,
          "Policy "
              + holder.getMetadata().getName()
              + " is older and manages the "
              + kind
              + " of "
              + target
              + "; remove "
              + field
              + " from one of the two policies.");
    } else if (!rendered) {
      String reason = findings.isEmpty() ? "NotGenerated" : findings.get(0).reason();
      conditions.set(
          type, FALSE, reason, warnings.isEmpty() ? "No " + kind + " generated." : warnings);
    } else {
      conditions.set(
          type,
          TRUE,
          APPLIED,
          warnings.isEmpty() ? kind + " applied." : kind + " applied; " + warnings);
    }
  }

  private String targetText() {
    var ref = policy.getSpec().getTargetRef();
    String kind = ref == null || ref.getKind() == null ? "Workload" : kindName(ref);
    String name = ref == null ? "?" : ref.getName();
    return kind + " " + policy.getMetadata().getNamespace() + "/" + name;
  }

  private static String kindName(TargetRef ref) {
    return switch (ref.getKind()) {
      case DEPLOYMENT -> "Deployment";
      case STATEFUL_SET -> "StatefulSet";
    };
  }

  private Optional<Condition> findPrevious(String type) {
    return previous.getConditions() == null
        ? Optional.empty()
        : previous.getConditions().stream().filter(c -> type.equals(c.getType())).findFirst();
  }

  private static boolean sameStatus(CircuitBreakerPolicyStatus a, CircuitBreakerPolicyStatus b) {
    return Objects.equals(a.getObservedGeneration(), b.getObservedGeneration())
        && Objects.equals(a.getConfigMapName(), b.getConfigMapName())
        && Objects.equals(a.getConfigHash(), b.getConfigHash())
        && Objects.equals(a.getBreakers(), b.getBreakers())
        && Objects.equals(
            a.getConditions() == null ? List.of() : a.getConditions(), b.getConditions());
  }
}
