package io.fusebox.agent.engine;

/**
 * Receives the events of one breaker: state transitions, call outcomes, rejections and
 * reconfigurations. Methods run on the thread that caused the event, after the state change is
 * visible, so they must be fast and must not block. A listener that throws is logged, at most once
 * per ten seconds per breaker, and the breaker carries on.
 */
public interface CircuitBreakerListener {

  /** Called after the reported state changed from {@code from} to {@code to}. */
  default void onStateTransition(CircuitBreaker breaker, State from, State to) {}

  /**
   * Called once per executed call.
   *
   * @param outcome the classified result
   * @param durationNanos how long the call ran, as measured by the breaker's ticker
   * @param slow whether the call took longer than the slow-call duration
   * @param recorded whether the state machine counted it; false for calls let through by {@link
   *     Mode#SHADOW} or {@link Mode#DISABLED} and for results of an earlier episode
   * @param error the exception the call raised, or {@code null}
   */
  default void onOutcome(
      CircuitBreaker breaker,
      Outcome outcome,
      long durationNanos,
      boolean slow,
      boolean recorded,
      Throwable error) {}

  /**
   * Called when a call is rejected or, in {@link Mode#SHADOW}, would have been rejected.
   *
   * @param shadow true when the call was let through because the mode is SHADOW
   */
  default void onNotPermitted(CircuitBreaker breaker, boolean shadow) {}

  /** Called after {@link CircuitBreaker#reconfigure} applied a config that differs. */
  default void onReconfigured(
      CircuitBreaker breaker, BreakerConfig previous, BreakerConfig current) {}
}
