package io.fusebox.agent.micrometer;

import io.fusebox.agent.engine.CircuitBreakerRegistry;
import io.fusebox.agent.engine.FakeTicker;
import io.fusebox.agent.reload.SettingsReloader;
import io.fusebox.settings.EnvironmentDefaults;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

/** A registry, reloader and Prometheus registry bound together on a fake ticker. */
final class MetricsFixtures {
  final FakeTicker ticker = new FakeTicker();
  final CircuitBreakerRegistry breakers =
      CircuitBreakerRegistry.builder().ticker(ticker).jitterSeed(1).build();
  final SettingsReloader reloader =
      new SettingsReloader(
          breakers,
          EnvironmentDefaults.NONE,
          Clock.fixed(Instant.parse("2026-12-04T15:00:00Z"), ZoneOffset.UTC));
  final PrometheusMeterRegistry prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

  MetricsFixtures() {
    new FuseboxMetrics(breakers, reloader, null).bindTo(prometheus);
  }

  void load(String yaml) {
    reloader.apply("circuit-breaker.yaml", yaml.getBytes(StandardCharsets.UTF_8));
  }

  /** Returns the scraped lines that start with {@code prefix}, comments left out. */
  List<String> lines(String prefix) {
    return prometheus.scrape().lines().filter(line -> line.startsWith(prefix)).toList();
  }

  /** Returns the value of the one scraped sample {@code sample}, or NaN when it is absent. */
  double value(String sample) {
    return prometheus
        .scrape()
        .lines()
        .filter(line -> line.startsWith(sample + " "))
        .map(line -> Double.parseDouble(line.substring(sample.length() + 1)))
        .findFirst()
        .orElse(Double.NaN);
  }
}
