package io.fusebox.agent.engine;

/** Receives breakers as a {@link CircuitBreakerRegistry} adds and removes them. */
public interface RegistryListener {

  /** Called after {@code breaker} was added, and for every existing breaker on registration. */
  default void onAdded(CircuitBreaker breaker) {}

  /** Called after {@code breaker} was removed; it keeps working for callers that hold it. */
  default void onRemoved(CircuitBreaker breaker) {}
}
