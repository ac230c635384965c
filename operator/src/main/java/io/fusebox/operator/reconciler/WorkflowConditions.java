package io.fusebox.operator.reconciler;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fusebox.api.v1alpha1.CircuitBreakerPolicy;
import io.fusebox.api.v1alpha1.CircuitBreakerPolicySpec;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.dependent.DependentResource;
import io.javaoperatorsdk.operator.processing.dependent.workflow.Condition;

/**
 * Workflow conditions of the policy's dependents. Each reads the {@link Observation} the reconciler
 * stored, so no condition calls the API server.
 *
 * <p>A false reconcile precondition makes JOSDK delete the dependent if it exists, so removing a
 * section from the spec, losing a claim or losing the target removes the generated object.
 */
public final class WorkflowConditions {

  private WorkflowConditions() {}

  static boolean requestsServiceMonitor(CircuitBreakerPolicySpec spec) {
    return spec != null
        && spec.getMonitoring() != null
        && spec.getMonitoring().getServiceMonitor() != null;
  }

  static boolean requestsAlerts(CircuitBreakerPolicySpec spec) {
    return spec != null && spec.getMonitoring() != null && spec.getMonitoring().getAlerts() != null;
  }

  static boolean requestsPodDisruptionBudget(CircuitBreakerPolicySpec spec) {
    return spec != null
        && spec.getAvailability() != null
        && spec.getAvailability().getPodDisruptionBudget() != null;
  }

  static boolean requestsAutoscaler(CircuitBreakerPolicySpec spec) {
    return spec != null
        && spec.getAvailability() != null
        && spec.getAvailability().getAutoscaling() != null;
  }

  /** Activation: the Prometheus Operator CRDs exist, so their informers can start. */
  public static final class MonitoringCrdsPresent<R extends HasMetadata>
      implements Condition<R, CircuitBreakerPolicy> {
    @Override
    public boolean isMet(
        DependentResource<R, CircuitBreakerPolicy> dependent,
        CircuitBreakerPolicy policy,
        Context<CircuitBreakerPolicy> context) {
      return Observation.of(context).map(Observation::monitoringCrdsPresent).orElse(false);
    }
  }

  /** Precondition: the policy requests a ServiceMonitor. */
  public static final class ServiceMonitorRequested<R extends HasMetadata>
      implements Condition<R, CircuitBreakerPolicy> {
    @Override
    public boolean isMet(
        DependentResource<R, CircuitBreakerPolicy> dependent,
        CircuitBreakerPolicy policy,
        Context<CircuitBreakerPolicy> context) {
      return requestsServiceMonitor(policy.getSpec());
    }
  }

  /** Precondition: the policy requests alerts. */
  public static final class AlertsRequested<R extends HasMetadata>
      implements Condition<R, CircuitBreakerPolicy> {
    @Override
    public boolean isMet(
        DependentResource<R, CircuitBreakerPolicy> dependent,
        CircuitBreakerPolicy policy,
        Context<CircuitBreakerPolicy> context) {
      return requestsAlerts(policy.getSpec());
    }
  }

  /** Precondition: requested, the target exists and this policy owns the PDB claim. */
  public static final class PodDisruptionBudgetAllowed<R extends HasMetadata>
      implements Condition<R, CircuitBreakerPolicy> {
    @Override
    public boolean isMet(
        DependentResource<R, CircuitBreakerPolicy> dependent,
        CircuitBreakerPolicy policy,
        Context<CircuitBreakerPolicy> context) {
      return requestsPodDisruptionBudget(policy.getSpec())
          && Observation.of(context)
              .map(o -> o.target() != null && o.holdsPodDisruptionBudget())
              .orElse(false);
    }
  }

  /** Precondition: requested, the target exists and this policy owns the autoscaler claim. */
  public static final class AutoscalerAllowed<R extends HasMetadata>
      implements Condition<R, CircuitBreakerPolicy> {
    @Override
    public boolean isMet(
        DependentResource<R, CircuitBreakerPolicy> dependent,
        CircuitBreakerPolicy policy,
        Context<CircuitBreakerPolicy> context) {
      return requestsAutoscaler(policy.getSpec())
          && Observation.of(context)
              .map(o -> o.target() != null && o.holdsAutoscaler())
              .orElse(false);
    }
  }
}
