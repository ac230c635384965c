package io.fusebox.operator.reconciler;

import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fusebox.api.v1alpha1.CircuitBreakerPolicy;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import java.util.Optional;

/**
 * The autoscaling/v2 HorizontalPodAutoscaler of the target workload, when requested and claimed.
 * The operator writes only the HPA; the HPA controller owns the workload's {@code replicas}.
 */
@KubernetesDependent(
    matcher = QuantityAwareMatcher.class,
    informer = @Informer(labelSelector = Rendering.MANAGED_BY_SELECTOR))
public class AutoscalerDependent
    extends CRUDKubernetesDependentResource<HorizontalPodAutoscaler, CircuitBreakerPolicy> {

  /** Creates the dependent; JOSDK calls this. */
  public AutoscalerDependent() {
    super(HorizontalPodAutoscaler.class);
  }

  @Override
  protected HorizontalPodAutoscaler desired(
      CircuitBreakerPolicy policy, Context<CircuitBreakerPolicy> context) {
    return Rendering.of(policy, context).autoscaler();
  }

  @Override
  public Optional<HorizontalPodAutoscaler> getSecondaryResource(
      CircuitBreakerPolicy policy, Context<CircuitBreakerPolicy> context) {
    return DependentLookup.byName(this, policy, policy.getMetadata().getName());
  }
}
