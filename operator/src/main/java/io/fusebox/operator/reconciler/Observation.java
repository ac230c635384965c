package io.fusebox.operator.reconciler;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fusebox.api.v1alpha1.CircuitBreakerPolicy;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import java.util.Optional;

/**
 * Snapshot of the cluster state the reconciler observed before it runs the workflow: the target
 * workload, whether the monitoring CRDs exist, and which claims the policy owns. Dependents and
 * workflow conditions read it from the workflow context instead of querying the API server again.
 *
 * @param target the target workload, or {@code null} when it does not exist
 * @param monitoringCrdsPresent whether the Prometheus Operator CRDs are installed
 * @param holdsPodDisruptionBudget whether this policy may write the target's PodDisruptionBudget
 * @param holdsAutoscaler whether this policy may write the target's HorizontalPodAutoscaler
 */
record Observation(
    HasMetadata target,
    boolean monitoringCrdsPresent,
    boolean holdsPodDisruptionBudget,
    boolean holdsAutoscaler) {

  private static final String KEY = "fusebox.observation";

  /** Stores this observation in the reconcile's workflow context. */
  void store(Context<CircuitBreakerPolicy> context) {
    context.managedWorkflowAndDependentResourceContext().put(KEY, this);
  }

  /** Returns the observation stored by the reconciler, if it stored one in this reconcile. */
  static Optional<Observation> of(Context<CircuitBreakerPolicy> context) {
    return context.managedWorkflowAndDependentResourceContext().get(KEY, Observation.class);
  }
}
