package io.fusebox.agent.engine;

/**
 * One immutable snapshot of a breaker's state machine. The breaker swaps whole instances with a
 * compare-and-set, so the phase, the episode number and every timestamp change together in one
 * atomic step. The methods compute the next instance and have no side effects, which makes them
 * safe to call again when a compare-and-set loses a race.
 *
 * <p>The generation numbers episodes: it grows by one at every phase change. Permits carry the
 * generation of the episode that admitted them, so a result from an earlier episode is recognised
 * and never decides the current one. A reconfiguration or a mode change keeps the generation,
 * because the episode goes on.
 */
final class MachineState {

  final BreakerConfig config;

  /** CLOSED, OPEN or HALF_OPEN; a mode reports its own state but keeps this phase. */
  final State phase;

  final long generation;

  /** The closed-episode record; kept while open and half-open for the snapshot. */
  final OutcomeWindow window;

  /** Consecutive openings since the last close; 0 while closed. */
  final int attempts;

  /** OPEN: when this opening began and when trials may start. */
  final long openedAtNanos;

  final long openUntilNanos;

  /**
   * HALF_OPEN: when the episode admitted its first trial ({@link #NO_TRIAL} while none) and when it
   * returns to open. The deadline is MAX_VALUE while no trial was admitted or without a limit.
   */
  final long halfOpenStartNanos;

  final long halfOpenDeadlineNanos;

  /** HALF_OPEN: trial permits still available, and the results of finished trials. */
  final int trialsRemaining;

  final int trialSuccesses;
  final int trialFailures;
  final int trialSlowCalls;

  /** The {@link #halfOpenStartNanos} of an episode that has admitted no trial yet. */
  static final long NO_TRIAL = Long.MIN_VALUE;

  private MachineState(
      BreakerConfig config,
      State phase,
      long generation,
      OutcomeWindow window,
      int attempts,
      long openedAtNanos,
      long openUntilNanos,
      long halfOpenStartNanos,
      long halfOpenDeadlineNanos,
      int trialsRemaining,
      int trialSuccesses,
      int trialFailures,
      int trialSlowCalls) {
    this.config = config;
    this.phase = phase;
    this.generation = generation;
    this.window = window;
    this.attempts = attempts;
    this.openedAtNanos = openedAtNanos;
    this.openUntilNanos = openUntilNanos;
    this.halfOpenStartNanos = halfOpenStartNanos;
    this.halfOpenDeadlineNanos = halfOpenDeadlineNanos;
    this.trialsRemaining = trialsRemaining;
    this.trialSuccesses = trialSuccesses;
    this.trialFailures = trialFailures;
    this.trialSlowCalls = trialSlowCalls;
  }

  static MachineState initial(BreakerConfig config, long nowNanos) {
    return closed(config, 0, OutcomeWindow.create(config, nowNanos));
  }

  private static MachineState closed(BreakerConfig config, long generation, OutcomeWindow window) {
    return new MachineState(config, State.CLOSED, generation, window, 0, 0, 0, 0, 0, 0, 0, 0, 0);
  }

  /** Returns the state this snapshot reports: the mode's state or the phase. */
  State reported() {
    return switch (config.mode) {
      case FORCED_OPEN -> State.FORCED_OPEN;
      case DISABLED -> State.DISABLED;
      default -> phase;
    };
  }

  /** Returns whether the state machine runs: the mode is ENFORCE or SHADOW. */
  boolean machineRuns() {
    return config.mode == Mode.ENFORCE || config.mode == Mode.SHADOW;
  }

  /** Opens the breaker at {@code nowNanos}; {@code openNanos} is the open time of this opening. */
  MachineState open(long nowNanos, int newAttempts, long openNanos) {
    return new MachineState(
        config,
        State.OPEN,
        generation + 1,
        window,
        newAttempts,
        nowNanos,
        saturatedAdd(nowNanos, openNanos),
        0,
        0,
        0,
        0,
        0,
        0);
  }

  /**
   * Starts a half-open episode at {@code nowNanos}, handing {@code taken} trials out at once. The
   * half-open limit counts from the first trial, so an episode without one never expires.
   */
  MachineState halfOpen(long nowNanos, int taken) {
    long firstTrial = taken > 0 ? nowNanos : NO_TRIAL;
    return new MachineState(
        config,
        State.HALF_OPEN,
        generation + 1,
        window,
        attempts,
        openedAtNanos,
        openUntilNanos,
        firstTrial,
        halfOpenDeadline(config, firstTrial),
        config.permittedCallsInHalfOpen - taken,
        0,
        0,
        0);
  }

  /**
   * Returns this half-open state with one trial admitted at {@code nowNanos}; the first trial of
   * the episode starts the half-open limit.
   */
  MachineState withTrialAdmitted(long nowNanos) {
    long firstTrial = halfOpenStartNanos == NO_TRIAL ? nowNanos : halfOpenStartNanos;
    return new MachineState(
        config,
        phase,
        generation,
        window,
        attempts,
        openedAtNanos,
        openUntilNanos,
        firstTrial,
        halfOpenDeadline(config, firstTrial),
        trialsRemaining - 1,
        trialSuccesses,
        trialFailures,
        trialSlowCalls);
  }

  /** Returns this half-open state with {@code delta} added to the available trial permits. */
  MachineState withTrialsRemaining(int delta) {
    return new MachineState(
        config,
        phase,
        generation,
        window,
        attempts,
        openedAtNanos,
        openUntilNanos,
        halfOpenStartNanos,
        halfOpenDeadlineNanos,
        trialsRemaining + delta,
        trialSuccesses,
        trialFailures,
        trialSlowCalls);
  }

  /** Returns this half-open state with one more finished trial; see {@link #trialVerdict()}. */
  MachineState withTrialResult(boolean failed, boolean slow) {
    return new MachineState(
        config,
        phase,
        generation,
        window,
        attempts,
        openedAtNanos,
        openUntilNanos,
        halfOpenStartNanos,
        halfOpenDeadlineNanos,
        trialsRemaining,
        trialSuccesses + (failed ? 0 : 1),
        trialFailures + (failed ? 1 : 0),
        trialSlowCalls + (slow ? 1 : 0));
  }

  /**
   * Returns the verdict of a half-open episode: CLOSED, OPEN, or HALF_OPEN while undecided. Without
   * a rate rule a failure opens and {@link BreakerConfig#trialSuccessesToClose()} successes close.
   * With a rate rule the episode is decided once every permitted trial has a result: it opens when
   * a rate is at or above its threshold or the successes are below that number.
   */
  State trialVerdict() {
    if (!config.hasRateRule()) {
      if (trialFailures > 0) {
        return State.OPEN;
      }
      return trialSuccesses >= config.trialSuccessesToClose() ? State.CLOSED : State.HALF_OPEN;
    }
    int finished = trialSuccesses + trialFailures;
    if (trialsRemaining > 0 || finished < config.permittedCallsInHalfOpen) {
      return State.HALF_OPEN;
    }
    boolean failureRateMet =
        !Double.isNaN(config.failureRateThreshold)
            && trialFailures * 100.0 >= config.failureRateThreshold * finished;
    boolean slowRateMet =
        !Double.isNaN(config.slowCallRateThreshold)
            && trialSlowCalls * 100.0 >= config.slowCallRateThreshold * finished;
    if (failureRateMet || slowRateMet || trialSuccesses < config.trialSuccessesToClose()) {
      return State.OPEN;
    }
    return State.CLOSED;
  }

  /** Closes the breaker with a new, empty window. */
  MachineState close(long nowNanos) {
    return closed(config, generation + 1, OutcomeWindow.create(config, nowNanos));
  }

  /**
   * Returns this state under {@code newConfig}, following the rules of {@link
   * CircuitBreaker#reconfigure}: the phase, generation, attempts and timestamps stay; an open time
   * and a half-open deadline are recomputed from their original start; the remaining trial permits
   * never grow and shrink to fit the new total.
   */
  MachineState reconfigured(BreakerConfig newConfig, OutcomeWindow newWindow, long newOpenNanos) {
    long openUntil =
        phase == State.OPEN ? saturatedAdd(openedAtNanos, newOpenNanos) : openUntilNanos;
    long deadline = halfOpenDeadlineNanos;
    int remaining = trialsRemaining;
    if (phase == State.HALF_OPEN) {
      deadline = halfOpenDeadline(newConfig, halfOpenStartNanos);
      int used = config.permittedCallsInHalfOpen - trialsRemaining;
      remaining = Math.max(0, Math.min(trialsRemaining, newConfig.permittedCallsInHalfOpen - used));
    }
    return new MachineState(
        newConfig,
        phase,
        generation,
        newWindow,
        attempts,
        openedAtNanos,
        openUntil,
        halfOpenStartNanos,
        deadline,
        remaining,
        trialSuccesses,
        trialFailures,
        trialSlowCalls);
  }

  private static long halfOpenDeadline(BreakerConfig config, long startNanos) {
    return config.maxHalfOpenNanos == 0 || startNanos == NO_TRIAL
        ? Long.MAX_VALUE
        : saturatedAdd(startNanos, config.maxHalfOpenNanos);
  }

  static long saturatedAdd(long a, long b) {
    long sum = a + b;
    return ((a ^ sum) & (b ^ sum)) < 0 ? Long.MAX_VALUE : sum;
  }
}
