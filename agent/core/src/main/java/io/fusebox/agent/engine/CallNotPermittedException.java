package io.fusebox.agent.engine;

/**
 * Thrown, or handed to a fallback, when a breaker rejects a call. Each breaker preallocates its
 * instances without a stack trace, so a rejection neither allocates nor walks the stack. The stack
 * trace is empty and suppressed exceptions are disabled.
 */
public final class CallNotPermittedException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final String breakerName;
  private final boolean bulkheadFull;

  CallNotPermittedException(String breakerName, boolean bulkheadFull) {
    super(
        bulkheadFull
            ? "circuit breaker '"
                + breakerName
                + "' rejected the call because maxConcurrentCalls are already in flight"
            : "circuit breaker '"
                + breakerName
                + "' is open and rejected the call; serve a fallback or retry later",
        null,
        false,
        false);
    this.breakerName = breakerName;
    this.bulkheadFull = bulkheadFull;
  }

  /** Returns the name of the breaker that rejected the call. */
  public String breakerName() {
    return breakerName;
  }

  /** Returns whether the bulkhead, not the breaker's state, rejected the call. */
  public boolean bulkheadFull() {
    return bulkheadFull;
  }
}
