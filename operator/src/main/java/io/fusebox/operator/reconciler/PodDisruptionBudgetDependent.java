package io.fusebox.operator.reconciler;

import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fusebox.api.v1alpha1.CircuitBreakerPolicy;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import java.util.Optional;

/** The policy/v1 PodDisruptionBudget of the target workload, when requested and claimed. */
@KubernetesDependent(
    matcher = QuantityAwareMatcher.class,
    informer = @Informer(labelSelector = Rendering.MANAGED_BY_SELECTOR))
public class PodDisruptionBudgetDependent
    extends CRUDKubernetesDependentResource<PodDisruptionBudget, CircuitBreakerPolicy> {

  /** Creates the dependent; JOSDK calls this. */
  public PodDisruptionBudgetDependent() {
    super(PodDisruptionBudget.class);
  }

  @Override
  protected PodDisruptionBudget desired(
      CircuitBreakerPolicy policy, Context<CircuitBreakerPolicy> context) {
    return Rendering.of(policy, context).podDisruptionBudget();
  }

  @Override
  public Optional<PodDisruptionBudget> getSecondaryResource(
      CircuitBreakerPolicy policy, Context<CircuitBreakerPolicy> context) {
    return DependentLookup.byName(this, policy, policy.getMetadata().getName());
  }
}
