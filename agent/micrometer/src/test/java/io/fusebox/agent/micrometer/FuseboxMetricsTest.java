package io.fusebox.agent.micrometer;

import static org.assertj.core.api.Assertions.assertThat;

import io.fusebox.agent.engine.CircuitBreaker;
import io.fusebox.agent.engine.State;
import io.fusebox.agent.reload.SettingsSource;
import java.time.Duration;
import java.util.Map;
import java.util.function.DoubleSupplier;
import org.junit.jupiter.api.Test;

class FuseboxMetricsTest {
  private static final String PAYMENTS =
      """
      version: 1
      policy: {namespace: shop, name: checkout, generation: %d}
      services:
        payments:
          failure_threshold: 2
          recovery_timeout_seconds: 2
          success_threshold: 1
          failure_rate_threshold: %d
          minimum_number_of_calls: 5
      """;

  private final MetricsFixtures fixtures = new MetricsFixtures();

  private static String payments(int threshold) {
    return PAYMENTS.formatted(threshold, threshold);
  }

  @Test
  void prometheusRendersExactNames() {
    fixtures.load(payments(50));
    CircuitBreaker payments = fixtures.breakers.find("payments").orElseThrow();
    payments.onSuccess(payments.acquireToken(), 1_000_000);
    payments.onFailure(payments.acquireToken(), 1_000_000, new IllegalStateException("test"));
    payments.onFailure(payments.acquireToken(), 1_000_000, new IllegalStateException("test"));
    payments.acquireToken();

    String hash = fixtures.reloader.status().activeHash().orElseThrow();
    String b = "{breaker=\"payments\"";
    assertThat(fixtures.lines("fusebox_circuit_breaker_state" + b))
        .containsExactlyInAnyOrder(
            "fusebox_circuit_breaker_state{breaker=\"payments\",state=\"closed\"} 0.0",
            "fusebox_circuit_breaker_state{breaker=\"payments\",state=\"open\"} 1.0",
            "fusebox_circuit_breaker_state{breaker=\"payments\",state=\"half_open\"} 0.0",
            "fusebox_circuit_breaker_state{breaker=\"payments\",state=\"forced_open\"} 0.0",
            "fusebox_circuit_breaker_state{breaker=\"payments\",state=\"disabled\"} 0.0");
    assertThat(
            fixtures.value(
                "fusebox_circuit_breaker_calls_seconds_count" + b + ",outcome=\"success\"}"))
        .isEqualTo(1.0);
    assertThat(
            fixtures.value(
                "fusebox_circuit_breaker_calls_seconds_count" + b + ",outcome=\"failure\"}"))
        .isEqualTo(2.0);
    assertThat(
            fixtures.value(
                "fusebox_circuit_breaker_calls_seconds_sum" + b + ",outcome=\"failure\"}"))
        .isEqualTo(0.002);
    assertThat(
            fixtures.value(
                "fusebox_circuit_breaker_calls_seconds_count" + b + ",outcome=\"timeout\"}"))
        .isEqualTo(0.0);
    assertThat(
            fixtures.value(
                "fusebox_circuit_breaker_calls_seconds_count" + b + ",outcome=\"ignored\"}"))
        .isEqualTo(0.0);
    assertThat(fixtures.value("fusebox_circuit_breaker_not_permitted_calls_total" + b + "}"))
        .isEqualTo(1.0);
    assertThat(
            fixtures.value(
                "fusebox_circuit_breaker_transitions_total" + b + ",from=\"closed\",to=\"open\"}"))
        .isEqualTo(1.0);
    assertThat(fixtures.lines("fusebox_circuit_breaker_failure_rate" + b))
        .containsExactly("fusebox_circuit_breaker_failure_rate{breaker=\"payments\"} NaN");
    assertThat(fixtures.value("fusebox_config_reloads_total{result=\"success\"}")).isEqualTo(1.0);
    assertThat(fixtures.value("fusebox_config_reloads_total{result=\"failure\"}")).isEqualTo(0.0);
    assertThat(fixtures.lines("fusebox_config_info"))
        .containsExactly("fusebox_config_info{generation=\"50\",hash=\"" + hash + "\"} 1");
  }

  @Test
  void failureRateAppearsWithEnoughCalls() {
    fixtures.load(payments(90).replace("failure_threshold: 2", "failure_threshold: 100"));
    CircuitBreaker payments = fixtures.breakers.find("payments").orElseThrow();
    for (int i = 0; i < 4; i++) {
      payments.onSuccess(payments.acquireToken(), 1);
    }
    payments.onFailure(payments.acquireToken(), 1, new IllegalStateException("test"));

    assertThat(fixtures.value("fusebox_circuit_breaker_failure_rate{breaker=\"payments\"}"))
        .isEqualTo(20.0);
  }

  /** Open 2 s; a scrape at t=2 shows half-open, a scrape after the trial shows closed. */
  @Test
  void stateGaugeFollowsAutomaticTransition() {
    fixtures.load(payments(50));
    CircuitBreaker payments = fixtures.breakers.find("payments").orElseThrow();
    payments.onFailure(payments.acquireToken(), 1, new IllegalStateException("test"));
    payments.onFailure(payments.acquireToken(), 1, new IllegalStateException("test"));
    assertThat(payments.state()).isEqualTo(State.OPEN);

    fixtures.ticker.advance(Duration.ofSeconds(2));
    double halfOpenAtTwo = stateValue("half_open");
    double sumAtTwo = stateSum();
    fixtures.ticker.advance(Duration.ofSeconds(1));
    payments.onSuccess(payments.acquireToken(), 1);
    fixtures.ticker.advance(Duration.ofMillis(500));

    assertThat(halfOpenAtTwo).isEqualTo(1.0);
    assertThat(sumAtTwo).isEqualTo(1.0);
    assertThat(stateValue("closed")).isEqualTo(1.0);
    assertThat(stateValue("half_open")).isEqualTo(0.0);
    assertThat(stateSum()).isEqualTo(1.0);
  }

  /** 10 calls, a reload lowers the threshold, 5 more: one series at 15; removal drops it. */
  @Test
  void seriesSurviveReloadAndLeaveWithBreaker() {
    fixtures.load(payments(50));
    CircuitBreaker payments = fixtures.breakers.find("payments").orElseThrow();
    for (int i = 0; i < 10; i++) {
      payments.onSuccess(payments.acquireToken(), 1);
    }
    fixtures.load(payments(40));
    for (int i = 0; i < 5; i++) {
      payments.onSuccess(payments.acquireToken(), 1);
    }

    assertThat(
            fixtures.lines(
                "fusebox_circuit_breaker_calls_seconds_count{breaker=\"payments\",outcome=\"success\"}"))
        .containsExactly(
            "fusebox_circuit_breaker_calls_seconds_count{breaker=\"payments\",outcome=\"success\"} 15");
    assertThat(fixtures.lines("fusebox_config_info")).hasSize(1);
    assertThat(fixtures.lines("fusebox_config_info").get(0)).contains("generation=\"40\"");

    fixtures.load("version: 1\nservices: {}\n");

    assertThat(fixtures.prometheus.scrape()).doesNotContain("breaker=\"payments\"");
    assertThat(fixtures.value("fusebox_config_reloads_total{result=\"success\"}")).isEqualTo(3.0);
  }

  @Test
  void reloadsHelpCoversBothResults() {
    fixtures.load(payments(50));

    assertThat(fixtures.prometheus.scrape())
        .contains(
            "# HELP fusebox_config_reloads_total Settings reloads by result: files applied"
                + " (success) and distinct contents rejected (failure)\n");
  }

  @Test
  void rejectedFileCountsFailureOnce() {
    fixtures.load(payments(50));
    String infoBefore = fixtures.lines("fusebox_config_info").get(0);

    fixtures.load(payments(150));
    fixtures.load(payments(150));

    assertThat(fixtures.value("fusebox_config_reloads_total{result=\"failure\"}")).isEqualTo(1.0);
    assertThat(fixtures.lines("fusebox_config_info")).containsExactly(infoBefore);
  }

  @Test
  void sourceGaugesAreExported() {
    SettingsSource source =
        new SettingsSource() {
          @Override
          public void start() {}

          @Override
          public boolean hotReloadAvailable() {
            return false;
          }

          @Override
          public Map<String, DoubleSupplier> counters() {
            return Map.of("fusebox.config.api.watch.restarts", () -> 3);
          }

          @Override
          public void close() {}
        };
    new FuseboxMetrics(fixtures.breakers, null, source).bindTo(fixtures.prometheus);

    assertThat(fixtures.value("fusebox_config_hot_reload_available")).isEqualTo(0.0);
    assertThat(fixtures.value("fusebox_config_api_watch_restarts_total")).isEqualTo(3.0);
  }

  private double stateValue(String state) {
    return fixtures.value(
        "fusebox_circuit_breaker_state{breaker=\"payments\",state=\"" + state + "\"}");
  }

  private double stateSum() {
    double sum = 0;
    for (State state : State.values()) {
      sum += stateValue(BreakerMeters.label(state));
    }
    return sum;
  }
}
