package io.fusebox.agent.engine;

import java.util.ArrayList;
import java.util.List;

/**
 * A single-threaded reference breaker for the model-based property test. It keeps every closed
 * outcome of the current episode in a list with the second it was recorded in, and recomputes the
 * window and the consecutive-failure run from that history, so it is slow but easy to check by
 * reading. It covers every mode, count- and time-based windows and the concurrency cap; jitter is
 * left out because the test fixes it at 0.
 */
final class ReferenceModel {

  private static final long NANOS_PER_SECOND = 1_000_000_000L;

  /**
   * A permit of the model: the episode it was admitted in, whether it is a trial, whether it is a
   * bypass that is never recorded, and whether it holds a slot of the concurrency cap.
   */
  record Ticket(long generation, boolean trial, boolean bypass, boolean slot) {}

  private record Outcome(boolean failed, boolean slow, long second) {}

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
  long shadowRejected;
  private int slotsInUse;

  /** Closed outcomes of the episode, oldest first, since the window was last created. */
  private final List<Outcome> history = new ArrayList<>();

  /** Count window: index of the oldest record still present after a shrink. */
  private int windowStart;

  /** Time window: the oldest second still present after a shrink. */
  private long firstSecond = Long.MIN_VALUE;

  /** A failure run carried over from a window of the other type, and the second it entered. */
  private int carriedRun;

  private long carriedSecond;

  ReferenceModel(BreakerConfig config) {
    this.config = config;
  }

  /** Returns a ticket, or null when the call is rejected. */
  Ticket acquire() {
    Mode mode = config.mode();
    if (mode == Mode.DISABLED) {
      return new Ticket(generation, false, true, false);
    }
    if (mode == Mode.FORCED_OPEN) {
      notPermitted++;
      return null;
    }
    int cap = config.maxConcurrentCalls();
    if (cap > 0 && slotsInUse >= cap) {
      return rejected();
    }
    Ticket ticket = null;
    if (phase == State.CLOSED) {
      ticket = new Ticket(generation, false, false, cap > 0);
    } else if (phase == State.HALF_OPEN && trialsRemaining > 0) {
      if (firstTrialAt < 0) {
        firstTrialAt = observedAt;
      }
      trialsRemaining--;
      ticket = new Ticket(generation, true, false, cap > 0);
    }
    if (ticket == null) {
      return rejected();
    }
    if (ticket.slot()) {
      slotsInUse++;
    }
    return ticket;
  }

  /** Counts a rejection; shadow mode admits the call as a bypass instead. */
  private Ticket rejected() {
    notPermitted++;
    if (config.mode() == Mode.SHADOW) {
      shadowRejected++;
      return new Ticket(generation, false, true, false);
    }
    return null;
  }

  private boolean machineRuns() {
    return config.mode() == Mode.ENFORCE || config.mode() == Mode.SHADOW;
  }

  /** Applies the time rules at {@code now}, as a read of the breaker's state does. */
  void observe(long now) {
    observedAt = now;
    while (machineRuns()) {
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
    if (ticket.slot()) {
      slotsInUse--;
    }
    if (ticket.bypass() || ticket.generation() != generation || !machineRuns()) {
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
      history.add(new Outcome(failed, slow, second(now)));
      // A record that slides out of a count window is gone, even if the window grows later.
      if (isCountWindow()) {
        windowStart = Math.max(windowStart, history.size() - config.slidingWindowSize());
      }
      if (tripRuleMet(now)) {
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
    if (next.slidingWindowType() != config.slidingWindowType()) {
      // A new, empty window of the other type; only the failure run carries over.
      carriedRun = consecutiveFailures(now);
      carriedSecond = second(now);
      history.clear();
      windowStart = 0;
      firstSecond = Long.MIN_VALUE;
    } else if (isCountWindow()) {
      windowStart = Math.max(windowStart, history.size() - next.slidingWindowSize());
    } else {
      // Seconds that left the window under the old size are gone, even if the window grows.
      int kept = Math.min(config.slidingWindowSize(), next.slidingWindowSize());
      firstSecond = Math.max(firstSecond, second(now) - kept + 1);
    }
    if (phase == State.HALF_OPEN) {
      int used = config.permittedCallsInHalfOpen() - trialsRemaining;
      trialsRemaining =
          Math.max(0, Math.min(trialsRemaining, next.permittedCallsInHalfOpen() - used));
    }
    config = next;
    if (phase == State.OPEN) {
      openUntil = openedAt + openNanos(Math.max(1, attempts));
    }
    if (phase == State.HALF_OPEN && machineRuns()) {
      decide(now);
    }
  }

  /** Returns the state a snapshot reports: the mode's own state, or the phase. */
  State reported() {
    return switch (config.mode()) {
      case FORCED_OPEN -> State.FORCED_OPEN;
      case DISABLED -> State.DISABLED;
      default -> phase;
    };
  }

  /** Returns whether a snapshot reports open time left: only while open and the machine runs. */
  boolean reportsOpenTime() {
    return phase == State.OPEN && machineRuns();
  }

  private boolean isCountWindow() {
    return config.slidingWindowType() == SlidingWindowType.COUNT_BASED;
  }

  private static long second(long nanos) {
    return Math.floorDiv(nanos, NANOS_PER_SECOND);
  }

  /** Returns the oldest second a time window contains at {@code now}. */
  private long oldestSecond(long now) {
    return Math.max(firstSecond, second(now) - config.slidingWindowSize() + 1);
  }

  private List<Outcome> window(long now) {
    if (isCountWindow()) {
      int from = Math.max(windowStart, history.size() - config.slidingWindowSize());
      return history.subList(from, history.size());
    }
    long oldest = oldestSecond(now);
    return history.stream().filter(o -> o.second() >= oldest).toList();
  }

  WindowCounts windowCounts(long now) {
    int calls = 0;
    int failures = 0;
    int slow = 0;
    int slowFailures = 0;
    for (Outcome o : window(now)) {
      calls++;
      failures += o.failed() ? 1 : 0;
      slow += o.slow() ? 1 : 0;
      slowFailures += o.failed() && o.slow() ? 1 : 0;
    }
    return new WindowCounts(calls, failures, slow, slowFailures);
  }

  /**
   * Returns the failures since the last success, plus a carried run that no success has ended. A
   * time window counts only the failures still inside it, so an old run decays.
   */
  int consecutiveFailures(long now) {
    long oldest = isCountWindow() ? Long.MIN_VALUE : oldestSecond(now);
    int run = 0;
    int i = history.size() - 1;
    for (; i >= 0 && history.get(i).failed(); i--) {
      if (history.get(i).second() >= oldest) {
        run++;
      }
    }
    boolean noSuccessSinceCarry = i < 0;
    if (noSuccessSinceCarry && carriedSecond >= oldest) {
      run += carriedRun;
    }
    return run;
  }

  /** Returns the count a snapshot reports: opening clears it, so it is 0 unless closed. */
  int reportedConsecutiveFailures(long now) {
    return phase == State.CLOSED ? consecutiveFailures(now) : 0;
  }

  int minimumCalls() {
    return isCountWindow()
        ? Math.min(config.minimumNumberOfCalls(), config.slidingWindowSize())
        : config.minimumNumberOfCalls();
  }

  private boolean tripRuleMet(long now) {
    if (consecutiveFailures(now) >= config.failureThreshold()) {
      return true;
    }
    WindowCounts counts = windowCounts(now);
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
        close(now);
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
      close(now);
    }
  }

  private void open(long now, int attempt) {
    phase = State.OPEN;
    generation++;
    attempts = attempt;
    openedAt = now;
    openUntil = now + openNanos(attempt);
  }

  private void close(long now) {
    phase = State.CLOSED;
    generation++;
    attempts = 0;
    history.clear();
    windowStart = 0;
    firstSecond = second(now);
    carriedRun = 0;
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
