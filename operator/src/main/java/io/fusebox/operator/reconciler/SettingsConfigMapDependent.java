package io.fusebox.operator.reconciler;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fusebox.api.v1alpha1.CircuitBreakerPolicy;
import io.fusebox.operator.desired.SettingsConfigMaps;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.BooleanWithUndefined;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import java.util.Optional;

/**
 * The ConfigMap {@code <policy>-circuit-breakers} with the settings file, applied with server-side
 * apply. JOSDK applies ConfigMaps with a plain update unless {@code useSSA} is set.
 */
@KubernetesDependent(
    useSSA = BooleanWithUndefined.TRUE,
    informer = @Informer(labelSelector = Rendering.MANAGED_BY_SELECTOR))
public class SettingsConfigMapDependent
    extends CRUDKubernetesDependentResource<ConfigMap, CircuitBreakerPolicy> {

  /** Creates the dependent; JOSDK calls this. */
  public SettingsConfigMapDependent() {
    super(ConfigMap.class);
  }

  @Override
  protected ConfigMap desired(CircuitBreakerPolicy policy, Context<CircuitBreakerPolicy> context) {
    return Rendering.of(policy, context).configMap();
  }

  @Override
  public Optional<ConfigMap> getSecondaryResource(
      CircuitBreakerPolicy policy, Context<CircuitBreakerPolicy> context) {
    return DependentLookup.byName(
        this, policy, SettingsConfigMaps.configMapName(policy.getMetadata().getName()));
  }
}
