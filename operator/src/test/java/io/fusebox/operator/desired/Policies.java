package io.fusebox.operator.desired;

import io.fabric8.kubernetes.client.utils.Serialization;
import io.fusebox.api.v1alpha1.CircuitBreakerPolicy;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/** Test policies: the checkout example and small policies written inline. */
final class Policies {

  static final Path EXAMPLE = Paths.get("..", "examples", "checkout-policy.yaml");

  private Policies() {}

  static CircuitBreakerPolicy example() {
    try {
      return parse(Files.readString(EXAMPLE));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static CircuitBreakerPolicy parse(String yaml) {
    return Serialization.unmarshal(yaml, CircuitBreakerPolicy.class);
  }

  /**
   * Returns a policy for Deployment {@code checkout} in {@code shop} with {@code spec} appended.
   */
  static CircuitBreakerPolicy withSpec(String specBody) {
    return parse(
        "apiVersion: fusebox.io/v1alpha1\n"
            + "kind: CircuitBreakerPolicy\n"
            + "metadata: {name: checkout, namespace: shop}\n"
            + "spec:\n"
            + "  targetRef: {kind: Deployment, name: checkout}\n"
            + specBody);
  }
}
