package io.fusebox.agent.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import io.fusebox.agent.conformance.PrometheusText.Series;
import io.fusebox.agent.conformance.Scenario.Expect;
import io.fusebox.agent.engine.BreakerSnapshot;
import io.fusebox.agent.engine.CircuitBreaker;
import io.fusebox.agent.engine.State;
import io.fusebox.agent.engine.WindowCounts;
import io.fusebox.agent.http.HealthServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The {@code expect} checks of a scenario step, read from the breaker's snapshot, the Prometheus
 * scrape and, for {@code ready}, the {@code /health/ready} status of a health server bound to the
 * loopback address.
 */
final class Expectations implements AutoCloseable {

  private final ScenarioRun run;
  private HealthServer healthServer;
  private HttpClient client;

  Expectations(ScenarioRun run) {
    this.run = run;
  }

  void verify(Expect expect, CircuitBreaker breaker) {
    String where = run.where();
    BreakerSnapshot snapshot = breaker.snapshot();
    if (expect.state() != null) {
      assertThat(label(snapshot.state()))
          .as("%s: state (%s)", where, snapshot)
          .isEqualTo(expect.state());
    }
    if (expect.nextTrialAt() != null) {
      assertThat(snapshot.state()).as("%s: state for next_trial_at", where).isEqualTo(State.OPEN);
      long nextTrial = run.ticker.read() + snapshot.remainingOpenTime().toNanos();
      assertThat(nextTrial)
          .as("%s: next_trial_at in nanoseconds", where)
          .isEqualTo(ScenarioRun.nanos(expect.nextTrialAt()));
    }
    if (expect.consecutiveFailures() != null) {
      assertThat(snapshot.consecutiveFailures())
          .as("%s: consecutive_failures", where)
          .isEqualTo(expect.consecutiveFailures());
    }
    if (expect.window() != null) {
      assertThat(window(snapshot.window(), expect.window()))
          .as("%s: window", where)
          .isEqualTo(new TreeMap<>(expect.window()));
    }
    if (expect.failureRate() != null) {
      verifyFailureRate(expect.failureRate(), snapshot, where);
    }
    if (expect.halfOpen() != null) {
      verifyHalfOpen(expect.halfOpen(), breaker, snapshot, where);
    }
    if (expect.ready() != null) {
      assertThat(ready()).as("%s: ready", where).isEqualTo(expect.ready());
    }
    if (expect.metrics() != null || expect.absent() != null) {
      verifyMetrics(expect);
    }
  }

  private static String label(State state) {
    return state.name().toLowerCase(Locale.ROOT);
  }

  private static Map<String, Integer> window(WindowCounts counts, Map<String, Integer> expected) {
    Map<String, Integer> all =
        Map.of(
            "calls", counts.calls(),
            "failed", counts.failures(),
            "slow", counts.slowCalls(),
            "slow_failed", counts.slowFailures());
    Map<String, Integer> actual = new TreeMap<>();
    for (String key : expected.keySet()) {
      actual.put(key, all.get(key));
    }
    return actual;
  }

  private static void verifyFailureRate(JsonNode expected, BreakerSnapshot snapshot, String where) {
    if (expected.isNull()) {
      assertThat(snapshot.failureRate()).as("%s: failure_rate", where).isEmpty();
    } else {
      assertThat(snapshot.failureRate()).as("%s: failure_rate", where).isPresent();
      assertThat(snapshot.failureRate().getAsDouble())
          .as("%s: failure_rate", where)
          .isCloseTo(expected.asDouble(), within(1e-6));
    }
  }

  private void verifyHalfOpen(
      Map<String, Integer> expected,
      CircuitBreaker breaker,
      BreakerSnapshot snapshot,
      String where) {
    assertThat(snapshot.state()).as("%s: state for half_open", where).isEqualTo(State.HALF_OPEN);
    EpisodeTracker episode = run.tracker(breaker);
    // The budget is the total the episode can still reach: trials held plus permits left.
    Map<String, Integer> all =
        Map.of(
            "budget", episode.admitted() + snapshot.trialsRemaining(),
            "admitted", episode.admitted(),
            "successes", episode.successes(),
            "failures", episode.failures());
    Map<String, Integer> actual = new TreeMap<>();
    for (String key : expected.keySet()) {
      actual.put(key, all.get(key));
    }
    assertThat(actual).as("%s: half_open", where).isEqualTo(new TreeMap<>(expected));
  }

  private void verifyMetrics(Expect expect) {
    String where = run.where();
    String exposition = run.prometheus.scrape();
    PrometheusText text = PrometheusText.parse(exposition);
    if (expect.metrics() != null) {
      for (Map.Entry<String, JsonNode> entry : expect.metrics().entrySet()) {
        Double actual = text.value(PrometheusText.parseSelector(entry.getKey()));
        assertThat(actual)
            .as("%s: metric %s in%n%s", where, entry.getKey(), exposition)
            .isNotNull();
        JsonNode expected = entry.getValue();
        if (expected.isTextual() && expected.asText().equals("NaN")) {
          assertThat(actual).as("%s: metric %s", where, entry.getKey()).isNaN();
        } else {
          assertThat(actual)
              .as("%s: metric %s", where, entry.getKey())
              .isCloseTo(expected.asDouble(), within(1e-9));
        }
      }
    }
    if (expect.absent() != null) {
      for (String selector : expect.absent()) {
        Series series = PrometheusText.parseSelector(selector);
        assertThat(text.anyMatches(series))
            .as("%s: %s should be absent from%n%s", where, selector, exposition)
            .isFalse();
      }
    }
  }

  /** Checks that each breaker's state series sum to exactly 1. */
  void checkStateGaugeIsOneHot() {
    Map<String, Double> sums = PrometheusText.parse(run.prometheus.scrape()).stateSums();
    sums.forEach(
        (breaker, sum) ->
            assertThat(sum).as("%s: state gauge sum of %s", run.where(), breaker).isEqualTo(1.0));
  }

  private boolean ready() {
    try {
      if (healthServer == null) {
        healthServer =
            HealthServer.builder(run.registry)
                .reloader(run.reloader)
                .address(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
                .threads(1)
                .drainDelay(Duration.ZERO)
                .build()
                .start();
        client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
      }
      URI uri = URI.create("http://127.0.0.1:" + healthServer.port() + "/health/ready");
      HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).build();
      int status = client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
      assertThat(status).as("%s: /health/ready status", run.where()).isIn(200, 503);
      return status == 200;
    } catch (IOException e) {
      throw new UncheckedIOException(run.where() + ": /health/ready request failed", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(run.where() + ": interrupted during /health/ready", e);
    }
  }

  @Override
  public void close() {
    if (healthServer != null) {
      healthServer.close();
    }
  }
}
