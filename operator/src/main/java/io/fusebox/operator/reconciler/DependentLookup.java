package io.fusebox.operator.reconciler;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fusebox.api.v1alpha1.CircuitBreakerPolicy;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.util.Optional;

/**
 * Lookup of a generated object by its name in the dependent's informer cache.
 *
 * <p>JOSDK finds a dependent's actual object through its owner reference. An object of the right
 * name without that reference, such as a ConfigMap an older operator created with a plain update,
 * is then invisible, JOSDK tries to create it, and the create-only apply fails with 409 on every
 * retry. Looking up by name lets the update path adopt it with server-side apply instead.
 */
final class DependentLookup {

  private DependentLookup() {}

  static <R extends HasMetadata> Optional<R> byName(
      KubernetesDependentResource<R, CircuitBreakerPolicy> dependent,
      CircuitBreakerPolicy policy,
      String name) {
    var id = new ResourceID(name, policy.getMetadata().getNamespace());
    return dependent.eventSource().flatMap(source -> source.get(id));
  }
}
