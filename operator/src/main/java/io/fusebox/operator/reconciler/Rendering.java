package io.fusebox.operator.reconciler;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fusebox.api.v1alpha1.CircuitBreakerPolicy;

/** Adapter from the desired-state builders in {@code io.fusebox.operator.desired}. */
final class Rendering {

  /** Label selector of every object the operator generates. */
  static final String MANAGED_BY_SELECTOR = "app.kubernetes.io/managed-by=fusebox";

  private Rendering() {}

  // TODO: replace with the desired-state builders once they are committed.
  static Rendered render(CircuitBreakerPolicy policy, HasMetadata target) {
    throw new UnsupportedOperationException("desired-state builders not wired yet");
  }
}
