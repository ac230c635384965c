package io.fusebox.operator.reconciler;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fusebox.api.v1alpha1.CircuitBreakerPolicy;
import io.fusebox.operator.desired.DesiredState;
import io.fusebox.operator.desired.ObservedTarget;
import io.fusebox.operator.desired.OwnedMetadata;
import io.fusebox.operator.desired.PolicyRenderer;
import io.javaoperatorsdk.operator.api.reconciler.Context;

/**
 * Bridge from the reconciler to the desired-state builders: renders a policy with {@link
 * PolicyRenderer}, the same code {@code fusebox render} runs, and keeps the result for the
 * dependents of the current reconcile.
 */
final class Rendering {

  /** Label selector of the informers that watch generated objects. */
  static final String MANAGED_BY_SELECTOR = OwnedMetadata.MANAGED_BY_SELECTOR;

  private static final String KEY = "fusebox.desired-state";

  private Rendering() {}

  /** Renders the policy against the observed target, which is {@code null} when missing. */
  static DesiredState render(CircuitBreakerPolicy policy, HasMetadata target) {
    return PolicyRenderer.render(policy, observe(target));
  }

  /** Stores the rendering for the dependents of this reconcile. */
  static void store(DesiredState state, Context<CircuitBreakerPolicy> context) {
    context.managedWorkflowAndDependentResourceContext().put(KEY, state);
  }

  /**
   * Returns the rendering stored in this reconcile, or renders now when a dependent is called
   * outside the reconciler's sequence.
   */
  static DesiredState of(CircuitBreakerPolicy policy, Context<CircuitBreakerPolicy> context) {
    return context
        .managedWorkflowAndDependentResourceContext()
        .get(KEY, DesiredState.class)
        .orElseGet(
            () -> render(policy, Observation.of(context).map(Observation::target).orElse(null)));
  }

  /**
   * Returns what the builders need to know about the workload; Kubernetes reads no replicas as 1.
   */
  static ObservedTarget observe(HasMetadata target) {
    if (target instanceof Deployment deployment && deployment.getSpec() != null) {
      var spec = deployment.getSpec();
      return new ObservedTarget(replicas(spec.getReplicas()), spec.getSelector());
    }
    if (target instanceof StatefulSet statefulSet && statefulSet.getSpec() != null) {
      var spec = statefulSet.getSpec();
      return new ObservedTarget(replicas(spec.getReplicas()), spec.getSelector());
    }
    return null;
  }

  private static int replicas(Integer value) {
    return value == null ? 1 : value;
  }
}
