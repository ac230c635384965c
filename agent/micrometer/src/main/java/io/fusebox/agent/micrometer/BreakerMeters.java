package io.fusebox.agent.micrometer;

import io.fusebox.agent.engine.CircuitBreaker;
import io.fusebox.agent.engine.CircuitBreakerListener;
import io.fusebox.agent.engine.Mode;
import io.fusebox.agent.engine.Outcome;
import io.fusebox.agent.engine.State;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The meters of one breaker. Gauges read the live breaker at scrape time; counters and timers are
 * fed by a {@link CircuitBreakerListener}. The meters live as long as the breaker stays in its
 * registry, so reconfiguring it never creates a second series.
 */
final class BreakerMeters implements CircuitBreakerListener {
  static final String STATE = "fusebox.circuit.breaker.state";
  static final String CALLS = "fusebox.circuit.breaker.calls";
  static final String NOT_PERMITTED = "fusebox.circuit.breaker.not.permitted.calls";
  static final String TRANSITIONS = "fusebox.circuit.breaker.transitions";
  static final String FAILURE_RATE = "fusebox.circuit.breaker.failure.rate";

  private final MeterRegistry registry;
  private final String name;
  private final Map<Outcome, Timer> calls = new EnumMap<>(Outcome.class);
  private final Counter notPermitted;

  BreakerMeters(MeterRegistry registry, CircuitBreaker breaker) {
    this.registry = registry;
    this.name = breaker.name();
    StateSample stateSample = new StateSample(breaker);
    for (State state : State.values()) {
      Gauge.builder(STATE, stateSample, sample -> sample.valueFor(state))
          .tags("breaker", name, "state", label(state))
          .description("1 for the breaker's current state, 0 for the others")
          .strongReference(true)
          .register(registry);
    }
    for (Outcome outcome : Outcome.values()) {
      calls.put(outcome, timer(outcome));
    }
    notPermitted =
        Counter.builder(NOT_PERMITTED)
            .tag("breaker", name)
            .description("Calls the breaker rejected, and calls shadow mode would have rejected")
            .register(registry);
    Gauge.builder(FAILURE_RATE, breaker, BreakerMeters::failureRate)
        .tag("breaker", name)
        .description("Failure percentage of the window; NaN while it holds too few calls")
        .strongReference(true)
        .register(registry);
  }

  private Timer timer(Outcome outcome) {
    return Timer.builder(CALLS)
        .tags("breaker", name, "outcome", outcomeLabel(outcome))
        .description("Executed calls by outcome, none in disabled mode; cancelled count as ignored")
        .register(registry);
  }

  /** Returns the state's label value, for example {@code half_open}. */
  static String label(State state) {
    return state.name().toLowerCase(Locale.ROOT);
  }

  /** Returns the outcome's label value; a cancelled call is ignored by the breaker too. */
  static String outcomeLabel(Outcome outcome) {
    return outcome == Outcome.CANCELLED ? "ignored" : outcome.name().toLowerCase(Locale.ROOT);
  }

  private static double failureRate(CircuitBreaker breaker) {
    return breaker.snapshot().failureRate().orElse(Double.NaN);
  }

  @Override
  public void onOutcome(
      CircuitBreaker breaker,
      Outcome outcome,
      long durationNanos,
      boolean slow,
      boolean recorded,
      Throwable error) {
    // Disabled mode records a call nowhere. NOTE: the mode is read when the call ends, so a call
    // admitted in disabled mode that ends after the mode changed is counted.
    if (!recorded && breaker.config().mode() == Mode.DISABLED) {
      return;
    }
    calls.get(outcome).record(Math.max(0, durationNanos), TimeUnit.NANOSECONDS);
  }

  @Override
  public void onNotPermitted(CircuitBreaker breaker, boolean shadow) {
    // A shadow-mode call goes through, but counts here so shadow mode shows what enforce would do.
    notPermitted.increment();
  }

  @Override
  public void onStateTransition(CircuitBreaker breaker, State from, State to) {
    Counter.builder(TRANSITIONS)
        .tags("breaker", name, "from", label(from), "to", label(to))
        .description("State transitions of the breaker")
        .register(registry)
        .increment();
  }
}
