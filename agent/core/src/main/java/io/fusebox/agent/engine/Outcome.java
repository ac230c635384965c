package io.fusebox.agent.engine;

/** The classified result of one executed call, as reported to outcome listeners. */
public enum Outcome {
  /** The call succeeded: it counts as a success in the window and in a half-open episode. */
  SUCCESS,
  /** The call failed: it counts as a failure and may open the breaker. */
  FAILURE,
  /** The call ran past its call timeout: it counts as one failure. */
  TIMEOUT,
  /** The result is neither success nor failure; a half-open trial slot is given back. */
  IGNORED,
  /** The caller cancelled the call: counted like {@link #IGNORED} by the state machine. */
  CANCELLED
}
