package io.fusebox.operator.reconciler;

import io.fusebox.api.v1alpha1.CircuitBreakerPolicy;
import io.fusebox.operator.reconciler.MonitoringResources.ServiceMonitor;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import java.util.Optional;

/** The ServiceMonitor that makes Prometheus scrape the target's agent metrics. */
@KubernetesDependent(informer = @Informer(labelSelector = Rendering.MANAGED_BY_SELECTOR))
public class ServiceMonitorDependent
    extends CRUDKubernetesDependentResource<ServiceMonitor, CircuitBreakerPolicy> {

  /** Creates the dependent; JOSDK calls this. */
  public ServiceMonitorDependent() {
    super(ServiceMonitor.class);
  }

  @Override
  protected ServiceMonitor desired(
      CircuitBreakerPolicy policy, Context<CircuitBreakerPolicy> context) {
    return MonitoringResources.copy(
        Rendering.of(policy, context).serviceMonitor(), ServiceMonitor::new);
  }

  @Override
  public Optional<ServiceMonitor> getSecondaryResource(
      CircuitBreakerPolicy policy, Context<CircuitBreakerPolicy> context) {
    return DependentLookup.byName(this, policy, policy.getMetadata().getName());
  }
}
