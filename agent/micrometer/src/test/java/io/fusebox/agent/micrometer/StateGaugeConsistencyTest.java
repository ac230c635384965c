package io.fusebox.agent.micrometer;

import static org.assertj.core.api.Assertions.assertThat;

import io.fusebox.agent.engine.CircuitBreaker;
import io.fusebox.agent.engine.State;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The one-hot state gauges of one scrape agree even when the state changes mid-scrape. */
class StateGaugeConsistencyTest {
  private static final String SETTINGS =
      """
      version: 1
      services:
        payments:
          failure_threshold: 2
          recovery_timeout_seconds: 2
      """;

  private final MetricsFixtures fixtures = new MetricsFixtures();

  @Test
  void transitionMidScrapeKeepsSumOne() {
    fixtures.load(SETTINGS);
    CircuitBreaker payments = fixtures.breakers.find("payments").orElseThrow();
    List<Double> firstScrape = new ArrayList<>();

    for (State state : State.values()) {
      firstScrape.add(gauge(state));
      if (state == State.CLOSED) {
        payments.onFailure(payments.acquireToken(), 1, new IllegalStateException("test"));
        payments.onFailure(payments.acquireToken(), 1, new IllegalStateException("test"));
      }
    }

    assertThat(payments.state()).isEqualTo(State.OPEN);
    assertThat(firstScrape.get(State.CLOSED.ordinal())).isEqualTo(1.0);
    assertThat(firstScrape.stream().mapToDouble(Double::doubleValue).sum()).isEqualTo(1.0);
  }

  @Test
  void nextScrapeSeesNewState() {
    fixtures.load(SETTINGS);
    CircuitBreaker payments = fixtures.breakers.find("payments").orElseThrow();
    for (State state : State.values()) {
      gauge(state);
    }

    payments.onFailure(payments.acquireToken(), 1, new IllegalStateException("test"));
    payments.onFailure(payments.acquireToken(), 1, new IllegalStateException("test"));

    assertThat(gauge(State.CLOSED)).isEqualTo(0.0);
    assertThat(gauge(State.OPEN)).isEqualTo(1.0);
    assertThat(fixtures.lines("fusebox_circuit_breaker_state{"))
        .filteredOn(line -> line.endsWith(" 1.0"))
        .singleElement()
        .asString()
        .contains("state=\"open\"");
  }

  private double gauge(State state) {
    return fixtures
        .prometheus
        .get(BreakerMeters.STATE)
        .tags("breaker", "payments", "state", BreakerMeters.label(state))
        .gauge()
        .value();
  }
}
