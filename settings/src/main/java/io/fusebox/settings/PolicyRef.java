package io.fusebox.settings;

import java.util.Objects;

/**
 * The {@code CircuitBreakerPolicy} a settings file was rendered from.
 *
 * @param namespace the policy's namespace
 * @param name the policy's name
 * @param generation the policy's {@code metadata.generation}, at least 0
 */
public record PolicyRef(String namespace, String name, long generation) {

  /** Checks that both names are present and the generation is not negative. */
  public PolicyRef {
    Objects.requireNonNull(namespace, "namespace");
    Objects.requireNonNull(name, "name");
    if (generation < 0) {
      throw new IllegalArgumentException(
          "policy generation must be 0 or more (was " + generation + ")");
    }
  }
}
