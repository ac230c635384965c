package io.fusebox.agent.engine;

/**
 * The closed-state record of outcomes: the sliding window that feeds the rate rules and the
 * consecutive-failure count. One instance belongs to one closed episode. Closing a breaker starts a
 * new, empty one, so numbers from before an opening never decide the next closed episode.
 *
 * <p>Guard: every method that reads or changes the records locks the instance ({@code
 * synchronized}). The critical sections are a few array and field updates, so the lock is held for
 * nanoseconds and the aggregates read under it always equal a recount of the window's records.
 *
 * <p>One path takes no lock: a plain success (not failed, not slow) recorded while {@link
 * #onlyPlainSuccesses} is set. The flag means the window is full of plain successes and has no
 * failure run. Appending one more evicts a plain success, so the records, the totals and the run
 * stay exactly as they are, and the call can trip nothing. Such a record is a read of one volatile
 * field, so a healthy dependency called from many threads costs no shared write. The flag is
 * written only under the lock, at the end of every section that changes the records, and it is set
 * only when the records it describes are in place. A reader that sees it set is ordered before any
 * change that clears it.
 */
abstract class OutcomeWindow {

  static final int NO_TRIP = 0;
  static final int TRIP_CONSECUTIVE_FAILURES = 1;
  static final int TRIP_FAILURE_RATE = 2;
  static final int TRIP_SLOW_CALL_RATE = 3;

  static final int FAILED = 1;
  static final int SLOW = 2;

  // Guarded by this.
  int calls;
  int failures;
  int slowCalls;
  int slowFailures;
  int consecutiveFailures;

  /**
   * True while every record equals a plain success, the window is full and the failure run is 0.
   * Written under the lock only; read without it by {@link #record}.
   */
  volatile boolean onlyPlainSuccesses;

  static OutcomeWindow create(BreakerConfig config, long nowNanos) {
    return config.slidingWindowType == SlidingWindowType.COUNT_BASED
        ? new CountWindow(config.slidingWindowSize)
        : new TimeWindow(config.slidingWindowSize, nowNanos);
  }

  /**
   * Records one executed call and returns which trip rule, if any, the window now meets: one of
   * {@link #NO_TRIP}, {@link #TRIP_CONSECUTIVE_FAILURES}, {@link #TRIP_FAILURE_RATE}, {@link
   * #TRIP_SLOW_CALL_RATE}.
   */
  final int record(int flags, long nowNanos, BreakerConfig config) {
    if (flags == 0 && onlyPlainSuccesses) {
      // A full window of plain successes absorbs one more without change; rates stay at 0.
      return NO_TRIP;
    }
    synchronized (this) {
      int trip = recordLocked(flags, nowNanos, config);
      onlyPlainSuccesses = holdsOnlyPlainSuccesses();
      return trip;
    }
  }

  private int recordLocked(int flags, long nowNanos, BreakerConfig config) {
    add(flags, nowNanos);
    if ((flags & FAILED) != 0) {
      consecutiveFailures++;
      if (consecutiveFailures >= config.failureThreshold) {
        return TRIP_CONSECUTIVE_FAILURES;
      }
    } else if (consecutiveFailures != 0) {
      consecutiveFailures = 0;
      endFailureRun();
    }
    if (!config.hasRateRule()) {
      return NO_TRIP;
    }
    int minimum = minimumCalls(config);
    if (calls < minimum) {
      return NO_TRIP;
    }
    if (!Double.isNaN(config.failureRateThreshold)
        && failures * 100.0 >= config.failureRateThreshold * calls) {
      return TRIP_FAILURE_RATE;
    }
    if (!Double.isNaN(config.slowCallRateThreshold)
        && slowCalls * 100.0 >= config.slowCallRateThreshold * calls) {
      return TRIP_SLOW_CALL_RATE;
    }
    return NO_TRIP;
  }

  /** Returns the aggregates as of {@code nowNanos}, evicting records that left the window. */
  final synchronized WindowCounts counts(long nowNanos) {
    evict(nowNanos);
    return new WindowCounts(calls, failures, slowCalls, slowFailures);
  }

  /**
   * Returns the consecutive failures since the last success. A time window counts only those still
   * inside the window, so an old run of failures decays with time.
   */
  final synchronized int consecutiveFailures(long nowNanos) {
    evict(nowNanos);
    return consecutiveFailures;
  }

  /**
   * Returns the window to use under {@code config}: this one, resized in place, when the window
   * type is unchanged, or a new empty window of the new type. The consecutive-failure count carries
   * over either way.
   */
  final synchronized OutcomeWindow reshapedFor(BreakerConfig config, long nowNanos) {
    if (config.slidingWindowType == type()) {
      resize(config.slidingWindowSize, nowNanos);
      onlyPlainSuccesses = holdsOnlyPlainSuccesses();
      return this;
    }
    evict(nowNanos);
    OutcomeWindow fresh = create(config, nowNanos);
    fresh.carryFailureRun(consecutiveFailures);
    return fresh;
  }

  /**
   * Starts this new, empty window with a run of {@code count} consecutive failures carried over
   * from a window of another type. A time window counts them in its current second.
   */
  synchronized void carryFailureRun(int count) {
    consecutiveFailures = count;
    onlyPlainSuccesses = false;
  }

  /** Returns the minimum number of calls, capped at a count window's size so 100 % can trip. */
  int minimumCalls(BreakerConfig config) {
    return config.minimumNumberOfCalls;
  }

  final void addToTotals(int flags, int sign) {
    calls += sign;
    if ((flags & FAILED) != 0) {
      failures += sign;
    }
    if ((flags & SLOW) != 0) {
      slowCalls += sign;
      if ((flags & FAILED) != 0) {
        slowFailures += sign;
      }
    }
  }

  /**
   * Returns whether appending a plain success would leave the records unchanged. Called under the
   * lock. Only a count window can return true: a time window counts every call in its bucket.
   */
  abstract boolean holdsOnlyPlainSuccesses();

  abstract SlidingWindowType type();

  abstract void add(int flags, long nowNanos);

  /** Forgets the run of consecutive failures after a success. */
  abstract void endFailureRun();

  abstract void evict(long nowNanos);

  abstract void resize(int newSize, long nowNanos);
}
