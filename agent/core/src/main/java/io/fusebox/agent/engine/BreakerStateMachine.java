package io.fusebox.agent.engine;

import java.time.Duration;
import java.util.OptionalDouble;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

/**
 * The lock-free core of a {@link CircuitBreaker}: admission, recording and transitions.
 *
 * <p>Design. All state that decides admission lives in one immutable {@link MachineState} in an
 * {@link AtomicReference}. A transition computes the next instance with a side-effect-free method
 * and installs it with a compare-and-set. Events, counters and listeners run only after the
 * compare-and-set succeeded, so a lost race repeats the computation and nothing else. Closed-state
 * outcomes go to the {@link OutcomeWindow} of the current closed episode, whose short critical
 * sections are the only lock on the call path; a window that meets a trip rule opens the breaker
 * with a compare-and-set conditioned on the same episode. Time transitions (open to half-open,
 * half-open past its maximum duration to open) happen lazily on admission and on reads.
 *
 * <p>Permits are {@code long} tokens, so admission allocates nothing. A token holds the episode
 * generation (bits 3 and up), whether it owns a bulkhead slot (bit 2) and its kind (bits 0-1): a
 * closed-state call, a half-open trial, or a bypass call that is never recorded. A negative token
 * is a rejection. A result is recorded only while the breaker is still in the episode whose
 * generation the token carries.
 *
 * <p>Memory: {@code state} is read and written with volatile semantics through the atomic
 * reference; {@code inFlight}, the counters and the window's fields need no other guard.
 */
final class BreakerStateMachine {

  static final long REJECTED = -1;
  static final long REJECTED_BULKHEAD = -2;
  static final long KIND_MASK = 3;
  static final long KIND_CLOSED = 0;
  static final long KIND_TRIAL = 1;
  static final long KIND_BYPASS = 2;
  static final long BULKHEAD_SLOT = 4;
  static final int GENERATION_SHIFT = 3;

  private final String name;
  private final Ticker ticker;
  private final double jitterFraction;
  private final ListenerSupport listeners;
  private final AtomicReference<MachineState> state;
  private final AtomicInteger inFlight = new AtomicInteger();
  private final LongAdder notPermitted = new LongAdder();
  private final LongAdder shadowRejected = new LongAdder();
  private final AtomicLong transitions = new AtomicLong();
  private final Object reconfigureLock = new Object();

  BreakerStateMachine(
      String name,
      BreakerConfig config,
      Ticker ticker,
      double jitterFraction,
      ListenerSupport listeners) {
    this.name = name;
    this.ticker = ticker;
    this.jitterFraction = jitterFraction;
    this.listeners = listeners;
    this.state = new AtomicReference<>(MachineState.initial(config, ticker.read()));
  }

  BreakerConfig config() {
    return state.get().config;
  }

  State reportedState() {
    return state.get().reported();
  }

  /** Returns a token: non-negative when the call may run, {@link #REJECTED} or similar if not. */
  long acquire() {
    MachineState s = state.get();
    BreakerConfig config = s.config;
    Mode mode = config.mode;
    if (mode == Mode.DISABLED) {
      return KIND_BYPASS;
    }
    if (mode == Mode.FORCED_OPEN) {
      return reject(REJECTED, false);
    }
    long slot = 0;
    if (config.maxConcurrentCalls > 0) {
      if (inFlight.incrementAndGet() > config.maxConcurrentCalls) {
        inFlight.decrementAndGet();
        return reject(REJECTED_BULKHEAD, mode == Mode.SHADOW);
      }
      slot = BULKHEAD_SLOT;
    }
    long token =
        s.phase == State.CLOSED ? s.generation << GENERATION_SHIFT : acquireSlow(s, ticker.read());
    if (token >= 0) {
      return token | slot;
    }
    if (slot != 0) {
      inFlight.decrementAndGet();
    }
    return reject(token, mode == Mode.SHADOW);
  }

  private long reject(long rejection, boolean shadow) {
    notPermitted.increment();
    if (shadow) {
      shadowRejected.increment();
    }
    listeners.notPermitted(shadow);
    return shadow ? KIND_BYPASS : rejection;
  }

  private long acquireSlow(MachineState current, long now) {
    MachineState s = current;
    while (true) {
      if (s.config.mode == Mode.DISABLED) {
        return KIND_BYPASS;
      }
      if (s.config.mode == Mode.FORCED_OPEN) {
        return REJECTED;
      }
      MachineState next;
      long token;
      switch (s.phase) {
        case CLOSED -> {
          return s.generation << GENERATION_SHIFT;
        }
        case OPEN -> {
          if (now < s.openUntilNanos) {
            return REJECTED;
          }
          next = s.halfOpen(now, 1);
          token = (next.generation << GENERATION_SHIFT) | KIND_TRIAL;
        }
        default -> {
          if (now >= s.halfOpenDeadlineNanos) {
            // The episode expired: reopen at its limit and look again, because that open time
            // may be over too.
            int attempt = s.attempts + 1;
            swap(s, s.open(s.halfOpenDeadlineNanos, attempt, openNanos(s.config, attempt)));
            s = state.get();
            continue;
          }
          if (s.trialsRemaining <= 0) {
            return REJECTED;
          }
          next = s.withTrialAdmitted(now);
          token = (s.generation << GENERATION_SHIFT) | KIND_TRIAL;
        }
      }
      if (swap(s, next)) {
        return token;
      }
      s = state.get();
    }
  }

  /** Records an executed call whose result was classified as {@code outcome}. */
  void complete(long token, Outcome outcome, long durationNanos, Throwable error) {
    if ((token & BULKHEAD_SLOT) != 0) {
      inFlight.decrementAndGet();
    }
    MachineState s = state.get();
    boolean slow = durationNanos > s.config.slowCallDurationNanos;
    boolean recorded = false;
    long kind = token & KIND_MASK;
    if (kind != KIND_BYPASS && s.generation == token >>> GENERATION_SHIFT && s.machineRuns()) {
      recorded =
          kind == KIND_CLOSED ? recordClosed(s, outcome, slow) : recordTrial(token, outcome, slow);
    }
    if (!listeners.isEmpty()) {
      listeners.outcome(outcome, durationNanos, slow, recorded, error);
    }
  }

  /** Hands back a permit whose call never ran, for example because a later guard rejected it. */
  void notExecuted(long token) {
    if ((token & BULKHEAD_SLOT) != 0) {
      inFlight.decrementAndGet();
    }
    if ((token & KIND_MASK) == KIND_TRIAL) {
      recordTrial(token, Outcome.CANCELLED, false);
    }
  }

  private boolean recordClosed(MachineState s, Outcome outcome, boolean slow) {
    if (outcome == Outcome.IGNORED || outcome == Outcome.CANCELLED) {
      return true;
    }
    int flags =
        (outcome == Outcome.SUCCESS ? 0 : OutcomeWindow.FAILED) | (slow ? OutcomeWindow.SLOW : 0);
    long now = s.config.slidingWindowType == SlidingWindowType.TIME_BASED ? ticker.read() : 0;
    int trip = s.window.record(flags, now, s.config);
    if (trip != OutcomeWindow.NO_TRIP) {
      trip(s.generation, ticker.read());
    }
    return true;
  }

  private void trip(long generation, long now) {
    while (true) {
      MachineState s = state.get();
      if (s.generation != generation || s.phase != State.CLOSED || !s.machineRuns()) {
        return;
      }
      if (swap(s, s.open(now, 1, openNanos(s.config, 1)))) {
        return;
      }
    }
  }

  private boolean recordTrial(long token, Outcome outcome, boolean slow) {
    long generation = token >>> GENERATION_SHIFT;
    long now = ticker.read();
    while (true) {
      MachineState s = state.get();
      if (s.generation != generation || s.phase != State.HALF_OPEN || !s.machineRuns()) {
        return false;
      }
      MachineState next;
      if (outcome == Outcome.IGNORED || outcome == Outcome.CANCELLED) {
        next = s.withTrialsRemaining(1);
      } else {
        next = decide(s.withTrialResult(outcome != Outcome.SUCCESS, slow), now);
      }
      if (swap(s, next)) {
        return true;
      }
    }
  }

  private MachineState decide(MachineState halfOpen, long now) {
    return switch (halfOpen.trialVerdict()) {
      case CLOSED -> halfOpen.close(now);
      case OPEN ->
          halfOpen.open(
              now, halfOpen.attempts + 1, openNanos(halfOpen.config, halfOpen.attempts + 1));
      default -> halfOpen;
    };
  }

  /** Applies due time transitions and returns the current state. */
  MachineState advance(long now) {
    while (true) {
      MachineState s = state.get();
      MachineState next;
      if (!s.machineRuns()) {
        return s;
      } else if (s.phase == State.OPEN && now >= s.openUntilNanos) {
        next = s.halfOpen(now, 0);
      } else if (s.phase == State.HALF_OPEN && now >= s.halfOpenDeadlineNanos) {
        // An expired episode reopens at exactly its limit, however late it is read.
        long limit = s.halfOpenDeadlineNanos;
        next = s.open(limit, s.attempts + 1, openNanos(s.config, s.attempts + 1));
      } else {
        return s;
      }
      swap(s, next);
    }
  }

  /** Applies {@code config} in place; see {@link CircuitBreaker#reconfigure} for the rules. */
  boolean reconfigure(BreakerConfig config) {
    synchronized (reconfigureLock) {
      long now = ticker.read();
      while (true) {
        MachineState s = state.get();
        if (s.config.equals(config)) {
          return false;
        }
        OutcomeWindow window = s.window.reshapedFor(config, now);
        MachineState next =
            s.reconfigured(config, window, openNanos(config, Math.max(1, s.attempts)));
        if (next.phase == State.HALF_OPEN && next.machineRuns()) {
          next = decide(next, now);
        }
        if (swap(s, next)) {
          listeners.reconfigured(s.config, config);
          return true;
        }
      }
    }
  }

  BreakerSnapshot snapshot(long now) {
    MachineState s = advance(now);
    WindowCounts counts = s.window.counts(now);
    int minimum = s.window.minimumCalls(s.config);
    boolean enough = counts.calls() > 0 && counts.calls() >= minimum;
    OptionalDouble failureRate =
        enough
            ? OptionalDouble.of(counts.failures() * 100.0 / counts.calls())
            : OptionalDouble.empty();
    OptionalDouble slowRate =
        enough
            ? OptionalDouble.of(counts.slowCalls() * 100.0 / counts.calls())
            : OptionalDouble.empty();
    Duration remaining =
        s.phase == State.OPEN && s.machineRuns() && now < s.openUntilNanos
            ? Duration.ofNanos(s.openUntilNanos - now)
            : Duration.ZERO;
    return new BreakerSnapshot(
        name,
        s.reported(),
        s.config,
        counts,
        failureRate,
        slowRate,
        // Opening clears the consecutive count; the tripped window is kept for its other counts.
        s.phase == State.CLOSED ? s.window.consecutiveFailures(now) : 0,
        notPermitted.sum(),
        shadowRejected.sum(),
        transitions.get(),
        s.attempts,
        remaining,
        s.phase == State.HALF_OPEN ? s.trialsRemaining : 0);
  }

  /**
   * Returns the open time of the {@code attempt}-th consecutive opening: the recovery timeout times
   * {@code backoffMultiplier^(attempt - 1)}, capped at the maximum recovery timeout, then scaled by
   * {@code 1 + jitterRatio * f} with this breaker's fixed fraction f in [-1, 1).
   */
  long openNanos(BreakerConfig config, int attempt) {
    double base =
        config.recoveryTimeout.toNanos() * Math.pow(config.backoffMultiplier, attempt - 1);
    double capped = Math.min(base, (double) config.maxRecoveryTimeout.toNanos());
    double jittered = capped * (1.0 + config.jitterRatio * jitterFraction);
    return Math.max(1L, (long) jittered);
  }

  private boolean swap(MachineState current, MachineState next) {
    State from = current.reported();
    State to = next.reported();
    if (from != to && !from.canTransitionTo(to)) {
      throw new IllegalStateException(
          "circuit breaker '" + name + "' computed an illegal transition " + from + " -> " + to);
    }
    if (!state.compareAndSet(current, next)) {
      return false;
    }
    if (from != to) {
      transitions.incrementAndGet();
      listeners.transition(from, to);
    }
    return true;
  }
}
