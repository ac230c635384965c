package io.fusebox.agent.engine;

import java.util.ArrayList;
import java.util.List;

/**
 * A single-threaded reference breaker for the model-based property test. It keeps every closed
 * outcome of the current episode in a list and recomputes the window and the consecutive-failure
 * run from that history, so it is slow but easy to check by reading. It covers ENFORCE mode,
 * count-based windows, no jitter and no bulkhead.
 */
final class ReferenceModel {

  /** A permit of the model: the episode it was admitted in and whether it is a trial. */
  record Ticket(long generation, boolean trial) {}

  private record Outcome(boolean failed, boolean slow) {}

  BreakerConfig config;
  State phase = State.CLOSED;
  long generation;
  int attempts;
  long openedAt;
  long openUntil;

  /** When the episode admitted its first trial; -1 while none, so the limit has not started. */
  long firstTrialAt = -1;

  private long observedAt;
  int trialsRemaining;
  int trialSuccesses;
  int trialFailures;
  int trialSlow;
  long notPermitted;
  private final List<Outcome> history = new ArrayList<>();
  private int windowStart;

  ReferenceModel(BreakerConfig config) {
    this.config = config;
  }

  /** Returns a ticket, or null when the call is rejected. */
  Ticket acquire() {
    if (phase == State.CLOSED) {
      return new Ticket(generation, false);
    }
    if (phase == State.HALF_OPEN && trialsRemaining > 0) {
      if (firstTrialAt < 0) {
        firstTrialAt = observedAt;
      }
      trialsRemaining--;
      return new Ticket(generation, true);
    }
    notPermitted++;
    return null;
  }

  /** Applies the time rules at {@code now}, as a read of the breaker's state does. */
  void observe(long now) {
    observedAt = now;
    while (true) {
      if (phase == State.OPEN && now >= openUntil) {
        phase = State.HALF_OPEN;
        generation++;
        firstTrialAt = -1;
        trialsRemaining = config.permittedCallsInHalfOpen();
        trialSuccesses = 0;
        trialFailures = 0;
        trialSlow = 0;
      } else if (phase == State.HALF_OPEN && now >= deadline()) {
        open(deadline(), attempts + 1);
      } else {
        return;
      }
    }
  }

  /** Reports the result of {@code ticket}; {@code outcome} null means "never executed". */
  void complete(
      Ticket ticket, io.fusebox.agent.engine.Outcome outcome, long durationNanos, long now) {
    if (ticket.generation() != generation) {
      return;
    }
    boolean neutral =
        outcome == null
            || outcome == io.fusebox.agent.engine.Outcome.IGNORED
            || outcome == io.fusebox.agent.engine.Outcome.CANCELLED;
    boolean failed = !neutral && outcome != io.fusebox.agent.engine.Outcome.SUCCESS;
    boolean slow = durationNanos > config.slowCallDuration().toNanos();
    if (!ticket.trial()) {
      if (neutral) {
        return;
      }
      history.add(new Outcome(failed, slow));
      // A record that slides out of the window is gone, even if the window grows later.
      windowStart = Math.max(windowStart, history.size() - config.slidingWindowSize());
      if (tripRuleMet()) {
        open(now, 1);
      }
      return;
    }
    if (neutral) {
      trialsRemaining++;
      return;
    }
    if (failed) {
      trialFailures++;
    } else {
      trialSuccesses++;
    }
    if (slow) {
      trialSlow++;
    }
    decide(now);
  }

  void reconfigure(BreakerConfig next, long now) {
    if (next.equals(config)) {
      return;
    }
    windowStart = Math.max(windowStart, history.size() - next.slidingWindowSize());
    if (phase == State.HALF_OPEN) {
      int used = config.permittedCallsInHalfOpen() - trialsRemaining;
      trialsRemaining =
          Math.max(0, Math.min(trialsRemaining, next.permittedCallsInHalfOpen() - used));
    }
    config = next;
    if (phase == State.OPEN) {
      openUntil = openedAt + openNanos(Math.max(1, attempts));
    }
    if (phase == State.HALF_OPEN) {
      decide(now);
    }
  }

  List<Outcome> window() {
    int from = Math.max(windowStart, history.size() - config.slidingWindowSize());
    return history.subList(from, history.size());
  }

  WindowCounts windowCounts() {
    int calls = 0;
    int failures = 0;
    int slow = 0;
    int slowFailures = 0;
    for (Outcome o : window()) {
      calls++;
      failures += o.failed() ? 1 : 0;
      slow += o.slow() ? 1 : 0;
      slowFailures += o.failed() && o.slow() ? 1 : 0;
    }
    return new WindowCounts(calls, failures, slow, slowFailures);
  }

  int consecutiveFailures() {
    int run = 0;
    for (int i = history.size() - 1; i >= 0 && history.get(i).failed(); i--) {
      run++;
    }
    return run;
  }

  /** Returns the count a snapshot reports: opening clears it, so it is 0 unless closed. */
  int reportedConsecutiveFailures() {
    return phase == State.CLOSED ? consecutiveFailures() : 0;
  }

  int minimumCalls() {
    return Math.min(config.minimumNumberOfCalls(), config.slidingWindowSize());
  }

  private boolean tripRuleMet() {
    if (consecutiveFailures() >= config.failureThreshold()) {
      return true;
    }
    WindowCounts counts = windowCounts();
    if (counts.calls() < minimumCalls()) {
      return false;
    }
    double failureRate = 100.0 * counts.failures() / counts.calls();
    double slowRate = 100.0 * counts.slowCalls() / counts.calls();
    return config.failureRateThreshold().stream().anyMatch(t -> failureRate >= t - 1e-9)
        || config.slowCallRateThreshold().stream().anyMatch(t -> slowRate >= t - 1e-9);
  }

  private void decide(long now) {
    boolean rateRule = config.hasRateRule();
    int finished = trialSuccesses + trialFailures;
    if (!rateRule) {
      if (trialFailures > 0) {
        open(now, attempts + 1);
      } else if (trialSuccesses
          >= Math.min(config.successThreshold(), config.permittedCallsInHalfOpen())) {
        close();
      }
      return;
    }
    if (trialsRemaining > 0 || finished < config.permittedCallsInHalfOpen()) {
      return;
    }
    double failureRate = 100.0 * trialFailures / finished;
    double slowRate = 100.0 * trialSlow / finished;
    boolean reopen =
        config.failureRateThreshold().stream().anyMatch(t -> failureRate >= t - 1e-9)
            || config.slowCallRateThreshold().stream().anyMatch(t -> slowRate >= t - 1e-9)
            || trialSuccesses
                < Math.min(config.successThreshold(), config.permittedCallsInHalfOpen());
    if (reopen) {
      open(now, attempts + 1);
    } else {
      close();
    }
  }

  private void open(long now, int attempt) {
    phase = State.OPEN;
    generation++;
    attempts = attempt;
    openedAt = now;
    openUntil = now + openNanos(attempt);
  }

  private void close() {
    phase = State.CLOSED;
    generation++;
    attempts = 0;
    history.clear();
    windowStart = 0;
  }

  private long deadline() {
    long max = config.maxHalfOpenDuration().toNanos();
    return max == 0 || firstTrialAt < 0 ? Long.MAX_VALUE : firstTrialAt + max;
  }

  long openNanos(int attempt) {
    double base =
        config.recoveryTimeout().toNanos() * Math.pow(config.backoffMultiplier(), attempt - 1);
    return (long) Math.min(base, (double) config.maxRecoveryTimeout().toNanos());
  }
}
