package io.fusebox.operator.reconciler;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.Version;
import java.util.function.Supplier;

/**
 * Typed handles on the Prometheus Operator kinds, whose content stays generic.
 *
 * <p>fabric8 can address a {@link GenericKubernetesResource} only after API discovery finds its
 * kind, and JOSDK builds the informer of an activation-conditioned dependent even while the
 * condition is false, so with the CRDs absent every reconcile would fail. These subclasses carry
 * the group, version, kind and plural as annotations, which fabric8 reads without discovery.
 */
public final class MonitoringResources {

  /** API group of the Prometheus Operator kinds. */
  public static final String GROUP = "monitoring.coreos.com";

  private MonitoringResources() {}

  /** A {@code monitoring.coreos.com/v1} ServiceMonitor. */
  @Group(GROUP)
  @Version("v1")
  @Kind("ServiceMonitor")
  @Plural("servicemonitors")
  public static class ServiceMonitor extends GenericKubernetesResource implements Namespaced {}

  /** A {@code monitoring.coreos.com/v1} PrometheusRule. */
  @Group(GROUP)
  @Version("v1")
  @Kind("PrometheusRule")
  @Plural("prometheusrules")
  public static class PrometheusRule extends GenericKubernetesResource implements Namespaced {}

  /** Copies a generic object into a typed handle, or returns {@code null} for {@code null}. */
  static <T extends GenericKubernetesResource> T copy(
      GenericKubernetesResource source, Supplier<T> factory) {
    if (source == null) {
      return null;
    }
    T target = factory.get();
    target.setApiVersion(source.getApiVersion());
    target.setKind(source.getKind());
    target.setMetadata(source.getMetadata());
    target.setAdditionalProperties(source.getAdditionalProperties());
    return target;
  }
}
