package io.fusebox.agent.engine;

/** The policy by which a breaker applies its decisions to calls. */
public enum Mode {
  /** Runs the state machine and rejects calls while open. The default. */
  ENFORCE,
  /**
   * Runs the state machine but lets every call through; a call that {@link #ENFORCE} would reject
   * is counted as not permitted and as a shadow rejection, and its outcome is not recorded.
   */
  SHADOW,
  /** Rejects every call; the state machine is frozen until the mode changes. */
  FORCED_OPEN,
  /** Lets every call through and records nothing; the state machine is frozen. */
  DISABLED
}
