package io.fusebox.agent.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import io.fusebox.agent.conformance.Scenario.Step;
import io.fusebox.agent.engine.CircuitBreaker;
import io.fusebox.agent.engine.CircuitBreakerRegistry;
import io.fusebox.agent.engine.FakeTicker;
import io.fusebox.agent.engine.Permit;
import io.fusebox.agent.engine.RegistryListener;
import io.fusebox.agent.engine.State;
import io.fusebox.agent.micrometer.FuseboxMetrics;
import io.fusebox.agent.reload.ReloadResult;
import io.fusebox.agent.reload.SettingsReloader;
import io.fusebox.settings.BreakerNames;
import io.fusebox.settings.EnvironmentDefaults;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Runs one scenario against the real Java agent parts: the settings content goes through {@link
 * SettingsReloader} (which uses {@code SettingsParser} and {@code SettingsConversion}), time
 * through a {@link FakeTicker}, calls through {@link Permit}s so the scenario decides when each
 * call ends, and metrics through {@link FuseboxMetrics} into a Prometheus registry.
 */
final class ScenarioRun implements AutoCloseable {

  /** A call admitted by {@code start} and not yet ended. */
  private record InFlight(CircuitBreaker breaker, Permit permit, long startNanos, int episode) {}

  final String file;
  final Scenario scenario;
  final FakeTicker ticker = new FakeTicker();
  final CircuitBreakerRegistry registry;
  final SettingsReloader reloader;
  final PrometheusMeterRegistry prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final Map<CircuitBreaker, EpisodeTracker> trackers = new IdentityHashMap<>();
  private final Map<String, InFlight> calls = new HashMap<>();
  private final Expectations expectations;
  private int stepNumber;

  ScenarioRun(String file, Scenario scenario) {
    this.file = file;
    this.scenario = scenario;
    this.registry =
        CircuitBreakerRegistry.builder()
            .ticker(ticker)
            .fixedJitterShare(scenario.jitterShare())
            .build();
    this.reloader =
        new SettingsReloader(
            registry, EnvironmentDefaults.NONE, Clock.fixed(Instant.EPOCH, ZoneOffset.UTC));
    registry.addListener(
        new RegistryListener() {
          @Override
          public void onAdded(CircuitBreaker breaker) {
            EpisodeTracker tracker = new EpisodeTracker();
            trackers.put(breaker, tracker);
            breaker.addListener(tracker);
          }

          @Override
          public void onRemoved(CircuitBreaker breaker) {
            // The tracker stays with the removed instance; a new instance gets its own.
          }
        });
    new FuseboxMetrics(registry, reloader, null).bindTo(prometheus);
    this.expectations = new Expectations(this);
  }

  /** Applies the initial settings and runs every step. */
  void run() {
    ReloadResult initial = applySettings("settings", scenario.settings());
    assertThat(initial)
        .as("%s: initial settings (%s)", file, reloader.status().lastError().orElse(""))
        .isEqualTo(ReloadResult.APPLIED);
    List<Step> steps = scenario.steps();
    for (int i = 0; i < steps.size(); i++) {
      stepNumber = i + 1;
      execute(steps.get(i));
    }
  }

  /** Returns the place of the current step, for assertion messages. */
  String where() {
    return file + " step " + stepNumber;
  }

  /** Returns the breaker a step uses; a policy name such as {@code a-b} maps to {@code a_b}. */
  CircuitBreaker breaker(String stepBreaker) {
    String name = stepBreaker != null ? stepBreaker : scenario.breaker();
    String fileName = name.indexOf('-') >= 0 ? BreakerNames.toFileName(name) : name;
    return registry.getOrCreate(fileName);
  }

  EpisodeTracker tracker(CircuitBreaker breaker) {
    return trackers.get(breaker);
  }

  /** Converts decimal seconds from a scenario to nanoseconds, exactly for 9 or fewer decimals. */
  static long nanos(double seconds) {
    return BigDecimal.valueOf(seconds)
        .movePointRight(9)
        .setScale(0, RoundingMode.HALF_EVEN)
        .longValueExact();
  }

  private void execute(Step step) {
    if (step.at() != null) {
      long target = nanos(step.at());
      assertThat(target)
          .as("%s: at %s must not move the clock backwards", where(), step.at())
          .isGreaterThanOrEqualTo(ticker.read());
      ticker.setNanos(target);
    }
    if (step.advance() != null) {
      ticker.advanceNanos(nanos(step.advance()));
    }
    if (step.start() != null) {
      start(step);
    }
    if (step.end() != null) {
      end(step);
    }
    if (step.call() != null) {
      repeatedCall(step);
    }
    if (step.reload() != null) {
      reload(step);
    }
    if (step.expect() != null) {
      expectations.verify(step.expect(), breaker(step.breaker()));
    }
    expectations.checkStateGaugeIsOneHot();
  }

  private void start(Step step) {
    CircuitBreaker breaker = breaker(step.breaker());
    Permit permit = breaker.tryAcquirePermission();
    assertThat(permit.isPermitted())
        .as("%s: admission of start %s", where(), step.start())
        .isEqualTo(step.expectAdmitted());
    if (permit.isPermitted()) {
      int episode = admittedEpisode(breaker);
      calls.put(step.start(), new InFlight(breaker, permit, ticker.read(), episode));
    }
  }

  private void end(Step step) {
    InFlight call = calls.remove(step.end());
    assertThat(call).as("%s: end %s has no call in flight", where(), step.end()).isNotNull();
    long duration = ticker.read() - call.startNanos();
    report(call.breaker(), call.permit(), call.episode(), duration, step.outcome(), step);
  }

  private void repeatedCall(Step step) {
    CircuitBreaker breaker = breaker(step.breaker());
    int count = step.count() != null ? step.count() : 1;
    long every = step.every() != null ? nanos(step.every()) : 0;
    for (int i = 0; i < count; i++) {
      if (i > 0) {
        ticker.advanceNanos(every);
      }
      Permit permit = breaker.tryAcquirePermission();
      assertThat(permit.isPermitted())
          .as("%s: admission of call %d of %d", where(), i + 1, count)
          .isEqualTo(step.expectAdmitted());
      if (permit.isPermitted()) {
        report(breaker, permit, admittedEpisode(breaker), 0, step.call(), step);
      }
    }
  }

  /**
   * Returns the half-open episode in which the permit just acquired from {@code breaker} is a
   * trial, counting it there, or -1 when the breaker is not half-open.
   */
  private int admittedEpisode(CircuitBreaker breaker) {
    if (breaker.state() != State.HALF_OPEN) {
      return -1;
    }
    EpisodeTracker tracker = tracker(breaker);
    tracker.trialAdmitted();
    return tracker.episode();
  }

  /**
   * Reports one result. {@code error} and {@code status} of the step win over {@code outcome};
   * {@code failure} is reported as a raised {@link RuntimeException}, which the breaker classifies
   * as a failure unless its exception lists classify it otherwise.
   */
  private void report(
      CircuitBreaker breaker,
      Permit permit,
      int episode,
      long durationNanos,
      String outcome,
      Step step) {
    EpisodeTracker tracker = tracker(breaker);
    tracker.reporting(episode);
    long slowNanos = breaker.config().slowCallDuration().toNanos() + 1_000_000;
    if (step.error() != null) {
      permit.onFailure(durationNanos, ScenarioErrors.instantiate(step.error(), where()));
    } else if (step.status() != null) {
      permit.onResult(durationNanos, step.status());
    } else {
      String name = outcome == null ? "success" : outcome.toLowerCase(Locale.ROOT);
      switch (name) {
        case "success" -> permit.onSuccess(durationNanos);
        case "failure", "error" -> permit.onFailure(durationNanos, new ScenarioErrors.Failure());
        case "slow" -> permit.onSuccess(slowNanos);
        case "slow_failure" -> permit.onFailure(slowNanos, new ScenarioErrors.Failure());
        case "timeout" -> permit.onTimeout(durationNanos);
        case "ignored" -> permit.onIgnored(durationNanos);
        case "cancelled" -> permit.onCancelled(durationNanos);
        case "not_executed" -> {
          permit.notExecuted();
          tracker.trialNotExecuted(episode);
        }
        default ->
            throw new AssertionError(
                where() + ": unknown outcome " + outcome + "; see conformance/README.md");
      }
    }
    tracker.reporting(-1);
  }

  private ReloadResult applySettings(String source, String content) {
    return reloader.apply(source, content.getBytes(StandardCharsets.UTF_8));
  }

  private void reload(Step step) {
    ReloadResult result = applySettings("reload", step.reload());
    String expected = step.result() != null ? step.result() : "applied";
    assertThat(result.name().toLowerCase(Locale.ROOT))
        .as("%s: reload result (%s)", where(), reloader.status().lastError().orElse("no error"))
        .isEqualTo(expected);
    if (step.errorContains() != null) {
      assertThat(result)
          .as("%s: error_contains on a reload", where())
          .isEqualTo(ReloadResult.REJECTED);
      assertThat(reloader.status().lastError().orElse(""))
          .as("%s: reload error", where())
          .contains(step.errorContains());
    }
  }

  @Override
  public void close() {
    expectations.close();
    prometheus.close();
  }
}
