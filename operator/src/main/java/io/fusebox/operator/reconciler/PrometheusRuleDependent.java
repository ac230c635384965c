package io.fusebox.operator.reconciler;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fusebox.api.v1alpha1.CircuitBreakerPolicy;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;

/** The PrometheusRule with the policy's breaker alerts. */
@KubernetesDependent(informer = @Informer(labelSelector = Rendering.MANAGED_BY_SELECTOR))
public class PrometheusRuleDependent extends MonitoringDependent {

  /** Creates the dependent; JOSDK calls this. */
  public PrometheusRuleDependent() {
    super("PrometheusRule");
  }

  @Override
  protected GenericKubernetesResource desired(
      CircuitBreakerPolicy policy, Context<CircuitBreakerPolicy> context) {
    return Rendered.of(policy, context).prometheusRule();
  }
}
