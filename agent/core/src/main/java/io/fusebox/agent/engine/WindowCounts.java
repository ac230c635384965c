package io.fusebox.agent.engine;

/**
 * The aggregates of a breaker's window at one instant. Every field is a count of recorded calls
 * (successes, failures and timeouts; ignored and rejected calls are never in a window), so none is
 * ever negative and {@code slowFailures <= min(failures, slowCalls) <= calls}.
 *
 * @param calls recorded calls in the window
 * @param failures calls that failed or timed out
 * @param slowCalls calls that took longer than the slow-call duration
 * @param slowFailures calls that were both slow and failed
 */
public record WindowCounts(int calls, int failures, int slowCalls, int slowFailures) {

  /** The counts of an empty window. */
  public static final WindowCounts EMPTY = new WindowCounts(0, 0, 0, 0);
}
