package io.fusebox.demo;

import java.util.List;

/**
 * Events the demo observed, printed at the end and checked by its test.
 *
 * @param transitions breaker transitions in order, as {@code breaker: FROM -> TO}
 * @param reloadApplied whether the agent applied the edited policy's file in place
 * @param stateKeptAcrossReload whether the breaker that was open stayed open across the reload
 * @param recovered whether the external API breaker closed again after the API recovered
 * @param failure the message of the step that failed, or empty
 */
record DemoSummary(
    List<String> transitions,
    boolean reloadApplied,
    boolean stateKeptAcrossReload,
    boolean recovered,
    String failure) {

  /** Returns whether every expected event happened: the demo's exit code is 0 exactly then. */
  boolean succeeded() {
    return failure.isEmpty()
        && transitions.contains(Demo.EXTERNAL_API + ": CLOSED -> OPEN")
        && transitions.contains(Demo.EXTERNAL_API + ": OPEN -> HALF_OPEN")
        && transitions.contains(Demo.EXTERNAL_API + ": HALF_OPEN -> CLOSED")
        && reloadApplied
        && stateKeptAcrossReload
        && recovered;
  }
}
