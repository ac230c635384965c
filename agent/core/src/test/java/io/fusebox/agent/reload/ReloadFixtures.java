package io.fusebox.agent.reload;

import io.fusebox.agent.engine.CircuitBreakerRegistry;
import io.fusebox.agent.engine.FakeTicker;
import io.fusebox.settings.EnvironmentDefaults;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

/** Settings files and objects shared by the reload tests. */
final class ReloadFixtures {
  static final Instant NOW = Instant.parse("2026-12-04T15:00:00Z");

  private ReloadFixtures() {}

  static String file(int failureRateThreshold) {
    return """
        version: 1
        policy: {namespace: shop, name: checkout, generation: %d}
        services:
          payments:
            failure_threshold: 3
            failure_rate_threshold: %d
            minimum_number_of_calls: 5
            sliding_window_size: 10
        """
        .formatted(failureRateThreshold, failureRateThreshold);
  }

  static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  static CircuitBreakerRegistry registry(FakeTicker ticker) {
    return CircuitBreakerRegistry.builder().ticker(ticker).jitterSeed(1).build();
  }

  static SettingsReloader reloader(CircuitBreakerRegistry registry) {
    return new SettingsReloader(
        registry, EnvironmentDefaults.NONE, Clock.fixed(NOW, ZoneOffset.UTC));
  }
}
