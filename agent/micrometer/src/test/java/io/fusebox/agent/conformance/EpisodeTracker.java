package io.fusebox.agent.conformance;

import io.fusebox.agent.engine.CircuitBreaker;
import io.fusebox.agent.engine.CircuitBreakerListener;
import io.fusebox.agent.engine.Outcome;
import io.fusebox.agent.engine.State;

/**
 * Follows the half-open episodes of one breaker through its listener events, because the engine's
 * snapshot reports only the remaining trial permits. An episode starts at each OPEN to HALF_OPEN
 * transition. The runner reports each trial it admits and each trial result, marking the episode
 * the permit came from, so results of earlier episodes are left out. The runner is single-threaded,
 * so the fields need no guard.
 */
final class EpisodeTracker implements CircuitBreakerListener {

  private int episode;
  private int admitted;
  private int successes;
  private int failures;
  private int reportingEpisode = -1;

  /** Returns the number of the current episode, starting at 1; 0 before the first. */
  int episode() {
    return episode;
  }

  /** Counts one trial admitted in the current episode. */
  void trialAdmitted() {
    admitted++;
  }

  /**
   * Marks the episode of the permit whose result is reported next, or -1 for a permit admitted
   * outside half-open.
   */
  void reporting(int permitEpisode) {
    reportingEpisode = permitEpisode;
  }

  /** Gives back the slot of a trial of the current episode that never ran. */
  void trialNotExecuted(int permitEpisode) {
    if (permitEpisode == episode) {
      admitted--;
    }
  }

  /** Returns the trials admitted in the current episode whose slot was not given back. */
  int admitted() {
    return admitted;
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
      episode++;
      admitted = 0;
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
    if (!recorded || reportingEpisode != episode) {
      return;
    }
    switch (outcome) {
      case SUCCESS -> successes++;
      case FAILURE, TIMEOUT -> failures++;
      // Ignored and cancelled trials give their slot back and count as neither.
      case IGNORED, CANCELLED -> admitted--;
    }
  }
}
