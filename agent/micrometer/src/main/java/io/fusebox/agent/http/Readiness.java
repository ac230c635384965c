package io.fusebox.agent.http;

import io.fusebox.agent.engine.CircuitBreaker;
import io.fusebox.agent.engine.CircuitBreakerRegistry;
import io.fusebox.agent.engine.State;
import io.fusebox.agent.reload.SettingsReloader;
import java.util.Optional;

/**
 * The readiness rule: ready when the agent is not shutting down, the initial settings were loaded,
 * and no breaker marked {@code readiness: true} is open or forced open. A failed reload never makes
 * the pod unready, because every pod reads the same file and would leave the Service endpoints at
 * once.
 */
final class Readiness {
  private final CircuitBreakerRegistry breakers;
  private final SettingsReloader reloader;
  private volatile boolean draining;

  Readiness(CircuitBreakerRegistry breakers, SettingsReloader reloader) {
    this.breakers = breakers;
    this.reloader = reloader;
  }

  void startDraining() {
    draining = true;
  }

  boolean draining() {
    return draining;
  }

  /** Returns why the agent is not ready, or empty when it is ready. */
  Optional<String> notReadyReason() {
    if (draining) {
      return Optional.of("shutting down");
    }
    if (reloader != null && !reloader.status().initialLoaded()) {
      return Optional.of("initial settings not loaded");
    }
    for (CircuitBreaker breaker : breakers.all()) {
      if (breaker.config().readiness()) {
        State state = breaker.state();
        if (state == State.OPEN || state == State.FORCED_OPEN) {
          return Optional.of("breaker " + breaker.name() + " is " + BreakersJson.label(state));
        }
      }
    }
    return Optional.empty();
  }
}
