package io.fusebox.agent.engine;

/**
 * A source of monotonic time in nanoseconds. Every time rule of the engine reads one, so tests
 * drive time with a {@link FakeTicker} and production code uses {@link SystemTicker}.
 */
@FunctionalInterface
public interface Ticker {

  /**
   * Returns the current time in nanoseconds from an arbitrary, fixed origin. Only differences
   * between two readings of the same ticker are meaningful.
   */
  long read();
}
