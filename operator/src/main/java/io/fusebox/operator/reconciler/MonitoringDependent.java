package io.fusebox.operator.reconciler;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fusebox.api.v1alpha1.CircuitBreakerPolicy;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.dependent.GarbageCollected;
import io.javaoperatorsdk.operator.processing.GroupVersionKind;
import io.javaoperatorsdk.operator.processing.dependent.Creator;
import io.javaoperatorsdk.operator.processing.dependent.Updater;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.GenericKubernetesDependentResource;
import java.util.Optional;

/**
 * Base of the Prometheus Operator dependents, which Fusebox handles as generic resources so that it
 * runs without the Prometheus Operator's Java model and without its CRDs.
 *
 * <p>Both subclasses hold {@link GenericKubernetesResource} objects, so the secondary resource is
 * looked up in this dependent's own informer; JOSDK's default lookup by Java class would mix
 * ServiceMonitors and PrometheusRules.
 */
abstract class MonitoringDependent extends GenericKubernetesDependentResource<CircuitBreakerPolicy>
    implements Creator<GenericKubernetesResource, CircuitBreakerPolicy>,
        Updater<GenericKubernetesResource, CircuitBreakerPolicy>,
        GarbageCollected<CircuitBreakerPolicy> {

  /** API version of the Prometheus Operator kinds. */
  static final String API_VERSION = "monitoring.coreos.com/v1";

  MonitoringDependent(String kind) {
    super(new GroupVersionKind(API_VERSION, kind));
  }

  @Override
  public Optional<GenericKubernetesResource> getSecondaryResource(
      CircuitBreakerPolicy policy, Context<CircuitBreakerPolicy> context) {
    return eventSource().flatMap(source -> source.getSecondaryResource(policy));
  }
}
