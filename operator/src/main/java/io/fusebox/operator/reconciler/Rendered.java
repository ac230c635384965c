package io.fusebox.operator.reconciler;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fusebox.api.v1alpha1.CircuitBreakerPolicy;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import java.util.List;
import java.util.Optional;

/**
 * The desired objects of one policy as the desired-state builders produced them, plus their
 * validation problems and warnings. The reconciler renders once per reconcile and stores the result
 * in the workflow context, so every dependent returns the same objects.
 *
 * @param configMap the settings ConfigMap, or {@code null} when {@code problems} is not empty
 * @param podDisruptionBudget the PDB, or {@code null} when none is requested or possible
 * @param autoscaler the HPA, or {@code null} when none is requested
 * @param serviceMonitor the ServiceMonitor, or {@code null} when none is requested
 * @param prometheusRule the PrometheusRule, or {@code null} when no alerts are requested
 * @param configHash content hash of {@code circuit-breaker.yaml}
 * @param breakerCount number of breakers in the settings file
 * @param problems reasons the spec is invalid; empty when it is valid
 * @param warnings notes on a valid spec, e.g. a PDB that cannot allow any disruption
 */
record Rendered(
    ConfigMap configMap,
    PodDisruptionBudget podDisruptionBudget,
    HorizontalPodAutoscaler autoscaler,
    GenericKubernetesResource serviceMonitor,
    GenericKubernetesResource prometheusRule,
    String configHash,
    int breakerCount,
    List<Problem> problems,
    List<Problem> warnings) {

  private static final String KEY = "fusebox.rendered";

  /** One validation problem or warning: the object it concerns, a reason and a message. */
  record Problem(String subject, String reason, String message) {}

  void store(Context<CircuitBreakerPolicy> context) {
    context.managedWorkflowAndDependentResourceContext().put(KEY, this);
  }

  /**
   * Returns the rendering stored in this reconcile, or renders now when a dependent is called
   * outside the reconciler's own sequence.
   */
  static Rendered of(CircuitBreakerPolicy policy, Context<CircuitBreakerPolicy> context) {
    Optional<Rendered> stored =
        context.managedWorkflowAndDependentResourceContext().get(KEY, Rendered.class);
    return stored.orElseGet(
        () ->
            Rendering.render(
                policy, Observation.of(context).map(Observation::target).orElse(null)));
  }
}
