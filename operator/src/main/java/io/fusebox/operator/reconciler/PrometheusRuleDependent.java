package io.fusebox.operator.reconciler;

import io.fusebox.api.v1alpha1.CircuitBreakerPolicy;
import io.fusebox.operator.reconciler.MonitoringResources.PrometheusRule;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import java.util.Optional;

/** The PrometheusRule with the policy's breaker alerts. */
@KubernetesDependent(informer = @Informer(labelSelector = Rendering.MANAGED_BY_SELECTOR))
public class PrometheusRuleDependent
    extends CRUDKubernetesDependentResource<PrometheusRule, CircuitBreakerPolicy> {

  /** Creates the dependent; JOSDK calls this. */
  public PrometheusRuleDependent() {
    super(PrometheusRule.class);
  }

  @Override
  protected PrometheusRule desired(
      CircuitBreakerPolicy policy, Context<CircuitBreakerPolicy> context) {
    return MonitoringResources.copy(
        Rendering.of(policy, context).prometheusRule(), PrometheusRule::new);
  }

  @Override
  public Optional<PrometheusRule> getSecondaryResource(
      CircuitBreakerPolicy policy, Context<CircuitBreakerPolicy> context) {
    return DependentLookup.byName(this, policy, policy.getMetadata().getName());
  }
}
