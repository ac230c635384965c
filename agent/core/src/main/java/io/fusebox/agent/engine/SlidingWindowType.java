package io.fusebox.agent.engine;

/** The measure of the window of recent outcomes that feeds the rate rules. */
public enum SlidingWindowType {
  /** The last {@code slidingWindowSize} recorded calls. */
  COUNT_BASED,
  /** The calls recorded in the last {@code slidingWindowSize} whole seconds of the ticker. */
  TIME_BASED
}
