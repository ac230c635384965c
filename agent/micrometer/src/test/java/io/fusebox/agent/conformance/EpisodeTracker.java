package io.fusebox.agent.conformance;

import io.fusebox.agent.engine.CircuitBreaker;
import io.fusebox.agent.engine.CircuitBreakerListener;
import io.fusebox.agent.engine.Outcome;
import io.fusebox.agent.engine.State;

/**
 * Follows the half-open episodes of one breaker through its listener events, because the engine's
 * snapshot reports only the remaining trial permits. An episode starts at each OPEN to HALF_OPEN
 * transition with the budget of the config active then. A trial result counts when the runner
 * marked the permit as a trial and the breaker recorded the result, so results of earlier episodes
 * are left out. The runner is single-threaded, so the fields need no guard.
 */
final class EpisodeTracker implements CircuitBreakerListener {

  private int budget;
  private int successes;
  private int failures;
  private boolean reportingTrial;
  private Outcome lastOutcome;

  /** Marks whether the result reported next belongs to a permit admitted as a trial. */
  void reportingTrial(boolean trial) {
    reportingTrial = trial;
  }

  /** Returns the classified outcome of the last reported call, or null before the first. */
  Outcome lastOutcome() {
    return lastOutcome;
  }

  int budget() {
    return budget;
  }

  int successes() {
    return successes;
  }

  int failures() {
    return failures;
  }

  @Override
  public void onStateTransition(CircuitBreaker breaker, State from, State to) {
    if (from == State.OPEN && to == State.HALF_OPEN) {
      budget = breaker.config().permittedCallsInHalfOpen();
      successes = 0;
      failures = 0;
    }
  }

  @Override
  public void onOutcome(
      CircuitBreaker breaker,
      Outcome outcome,
      long durationNanos,
      boolean slow,
      boolean recorded,
      Throwable error) {
    lastOutcome = outcome;
    if (!recorded || !reportingTrial) {
      return;
    }
    switch (outcome) {
      case SUCCESS -> successes++;
      case FAILURE, TIMEOUT -> failures++;
      default -> {
        // Ignored and cancelled trials give their slot back and count as neither.
      }
    }
  }
}
