package io.fusebox.agent.engine;

import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * The state a breaker reports. {@link #CLOSED}, {@link #OPEN} and {@link #HALF_OPEN} are the phases
 * of the state machine; {@link #FORCED_OPEN} and {@link #DISABLED} are reported while the {@link
 * Mode} of the same name is active, and the phase underneath is kept until the mode ends.
 */
public enum State {
  /** Calls pass and their outcomes are recorded; the trip rules are evaluated. */
  CLOSED,
  /** Calls are rejected until the open time ends. */
  OPEN,
  /** A limited number of trial calls decide whether to close or to open again. */
  HALF_OPEN,
  /** Every call is rejected because the mode is {@link Mode#FORCED_OPEN}. */
  FORCED_OPEN,
  /** Every call passes and nothing is recorded because the mode is {@link Mode#DISABLED}. */
  DISABLED;

  private static final Map<State, Set<State>> LEGAL_TRANSITIONS = legalTransitions();

  /**
   * Returns whether a breaker may move from this state to {@code target} in one step. The table is
   * the single definition of legal transitions; the engine checks every transition against it.
   */
  public boolean canTransitionTo(State target) {
    return LEGAL_TRANSITIONS.get(this).contains(target);
  }

  /** Returns the states reachable from this one in one step. */
  public Set<State> legalTargets() {
    return LEGAL_TRANSITIONS.get(this);
  }

  private static Map<State, Set<State>> legalTransitions() {
    EnumSet<State> modes = EnumSet.of(FORCED_OPEN, DISABLED);
    Map<State, Set<State>> table = new EnumMap<>(State.class);
    // Trip rules open a closed breaker; a mode change can leave any state.
    table.put(CLOSED, union(EnumSet.of(OPEN), modes));
    // The open time ends; a reconfiguration never closes an open breaker directly.
    table.put(OPEN, union(EnumSet.of(HALF_OPEN), modes));
    // Trials close it, a trial failure or the maximum half-open duration opens it again.
    table.put(HALF_OPEN, union(EnumSet.of(CLOSED, OPEN), modes));
    // Leaving a mode returns to the kept phase, whichever it was.
    table.put(FORCED_OPEN, EnumSet.of(CLOSED, OPEN, HALF_OPEN, DISABLED));
    table.put(DISABLED, EnumSet.of(CLOSED, OPEN, HALF_OPEN, FORCED_OPEN));
    table.replaceAll((state, targets) -> Collections.unmodifiableSet(targets));
    return Collections.unmodifiableMap(table);
  }

  private static EnumSet<State> union(EnumSet<State> first, EnumSet<State> second) {
    EnumSet<State> result = EnumSet.copyOf(first);
    result.addAll(second);
    return result;
  }
}
