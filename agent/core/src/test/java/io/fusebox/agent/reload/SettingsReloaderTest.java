package io.fusebox.agent.reload;

import static io.fusebox.agent.reload.ReloadFixtures.bytes;
import static io.fusebox.agent.reload.ReloadFixtures.file;
import static org.assertj.core.api.Assertions.assertThat;

import io.fusebox.agent.engine.CircuitBreaker;
import io.fusebox.agent.engine.CircuitBreakerRegistry;
import io.fusebox.agent.engine.FakeTicker;
import io.fusebox.agent.engine.State;
import io.fusebox.settings.EnvironmentDefaults;
import io.fusebox.settings.SettingsException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SettingsReloaderTest {
  private final FakeTicker ticker = new FakeTicker();
  private final CircuitBreakerRegistry registry = ReloadFixtures.registry(ticker);
  private final SettingsReloader reloader = ReloadFixtures.reloader(registry);

  @Test
  void validFileCreatesListedBreakers() {
    ReloadResult result = reloader.apply("f.yaml", bytes(file(50)));

    assertThat(result).isEqualTo(ReloadResult.APPLIED);
    CircuitBreaker payments = registry.find("payments").orElseThrow();
    assertThat(payments.config().failureRateThreshold().getAsDouble()).isEqualTo(50.0);
    assertThat(payments.config().failureThreshold()).isEqualTo(3);
    ReloadStatus status = reloader.status();
    assertThat(status.initialLoaded()).isTrue();
    assertThat(status.activeGeneration().getAsLong()).isEqualTo(50);
    assertThat(status.lastSuccessTime()).contains(ReloadFixtures.NOW);
    assertThat(status.successes()).isEqualTo(1);
  }

  /** An invalid file keeps v1; a copy of v1 clears the error; v4 applies. */
  @Test
  void invalidFileThenEqualFileApplies() {
    List<ReloadResult> results = new ArrayList<>();
    reloader.addListener((result, status) -> results.add(result));
    reloader.apply("f.yaml", bytes(file(50)));
    CircuitBreaker payments = registry.find("payments").orElseThrow();
    payments.onFailure(payments.acquireToken(), 1, new RuntimeException("down"));

    ReloadResult v2 = reloader.apply("f.yaml", bytes(file(150)));
    ReloadStatus afterV2 = reloader.status();
    ReloadResult v2Again = reloader.apply("f.yaml", bytes(file(150)));
    ReloadResult v3 = reloader.apply("f.yaml", bytes(file(50)));
    ReloadStatus afterV3 = reloader.status();
    ReloadResult v4 = reloader.apply("f.yaml", bytes(file(40)));

    assertThat(v2).isEqualTo(ReloadResult.REJECTED);
    assertThat(afterV2.lastError().orElseThrow())
        .isEqualTo(
            "f.yaml:6: services.payments.failure_rate_threshold is out of range (was 150);"
                + " use a number greater than 0 and at most 100");
    assertThat(afterV2.initialLoaded()).isTrue();
    assertThat(afterV2.failures()).isEqualTo(1);
    assertThat(v2Again).isEqualTo(ReloadResult.REJECTED);
    assertThat(v3).isEqualTo(ReloadResult.APPLIED);
    assertThat(afterV3.lastError()).isEmpty();
    assertThat(afterV3.failures()).isEqualTo(1);
    assertThat(afterV3.successes()).isEqualTo(2);
    assertThat(v4).isEqualTo(ReloadResult.APPLIED);
    assertThat(payments.config().failureRateThreshold().getAsDouble()).isEqualTo(40.0);
    assertThat(payments.snapshot().consecutiveFailures()).isEqualTo(1);
    assertThat(results)
        .containsExactly(
            ReloadResult.APPLIED,
            ReloadResult.REJECTED,
            ReloadResult.APPLIED,
            ReloadResult.APPLIED);
  }

  @Test
  void brokenYamlKeepsLastGood() {
    reloader.apply("f.yaml", bytes(file(50)));

    ReloadResult result = reloader.apply("f.yaml", bytes("version: 1\nservices: {payments: [\n"));

    assertThat(result).isEqualTo(ReloadResult.REJECTED);
    assertThat(registry.find("payments").orElseThrow().config().failureThreshold()).isEqualTo(3);
    assertThat(reloader.status().lastError().orElseThrow()).startsWith("f.yaml:");
  }

  @Test
  void identicalContentChangesNothing() {
    reloader.apply("f.yaml", bytes(file(50)));

    ReloadResult again = reloader.apply("f.yaml", bytes(file(50)));

    assertThat(again).isEqualTo(ReloadResult.UNCHANGED);
    assertThat(reloader.status().successes()).isEqualTo(1);
  }

  @Test
  void invalidUtf8IsRejected() {
    ReloadResult result = reloader.apply("f.yaml", new byte[] {'v', (byte) 0xff, (byte) 0xfe});

    assertThat(result).isEqualTo(ReloadResult.REJECTED);
    assertThat(reloader.status().lastError().orElseThrow())
        .isEqualTo("f.yaml: file is not valid UTF-8; save the file as UTF-8");
    assertThat(reloader.status().initialLoaded()).isFalse();
  }

  @Test
  void oneBadEntryRejectsWholeFile() {
    reloader.apply("f.yaml", bytes(file(50)));
    String tooLarge =
        """
        version: 1
        services:
          payments:
            failure_threshold: 9
          search:
            sliding_window_size: 2000000
        """;

    ReloadResult result = reloader.apply("f.yaml", bytes(tooLarge));

    assertThat(result).isEqualTo(ReloadResult.REJECTED);
    assertThat(reloader.status().lastError().orElseThrow())
        .isEqualTo(
            "f.yaml:6: services.search.sliding_window_size is too large for a count_based window"
                + " (was 2000000); use at most 1000000 calls");
    assertThat(registry.find("payments").orElseThrow().config().failureThreshold()).isEqualTo(3);
    assertThat(registry.find("search")).isEmpty();
  }

  @Test
  void environmentBreakingRuleRejectsFile() {
    SettingsReloader strict =
        new SettingsReloader(
            registry,
            environment("CIRCUIT_BREAKER_RECOVERY_TIMEOUT_SECONDS", "120"),
            Clock.systemUTC());
    String content = "version: 1\nservices:\n  payments:\n    max_recovery_timeout_seconds: 60\n";

    ReloadResult result = strict.apply("f.yaml", bytes(content));

    assertThat(result).isEqualTo(ReloadResult.REJECTED);
    assertThat(strict.status().lastError().orElseThrow())
        .isEqualTo(
            "f.yaml: services.payments.max_recovery_timeout_seconds is below"
                + " recovery_timeout_seconds (120) (was 60); raise it to at least"
                + " recovery_timeout_seconds or remove it (the other value comes from"
                + " CIRCUIT_BREAKER_* or the built-in defaults)");
  }

  private static EnvironmentDefaults environment(String name, String value) {
    try {
      return EnvironmentDefaults.fromEnvironment(Map.of(name, value));
    } catch (SettingsException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void removedBreakerKeepsStateWhenHeld() {
    reloader.apply("f.yaml", bytes(file(50)));
    CircuitBreaker payments = registry.find("payments").orElseThrow();
    for (int i = 0; i < 3; i++) {
      payments.onFailure(payments.acquireToken(), 1, new RuntimeException("down"));
    }
    assertThat(payments.state()).isEqualTo(State.OPEN);

    reloader.apply(
        "f.yaml", bytes("version: 1\ndefaults:\n  recovery_timeout_seconds: 45\nservices: {}\n"));

    assertThat(registry.find("payments")).isEmpty();
    assertThat(payments.state()).isEqualTo(State.OPEN);
    assertThat(payments.config().recoveryTimeout()).isEqualTo(Duration.ofSeconds(45));
    assertThat(payments.config().failureThreshold()).isEqualTo(5);
    assertThat(registry.getOrCreate("payments").config().recoveryTimeout())
        .isEqualTo(Duration.ofSeconds(45));
  }

  @Test
  void unlistedBreakerFollowsFileDefaults() {
    CircuitBreaker cache = registry.getOrCreate("cache");

    reloader.apply("f.yaml", bytes("version: 1\ndefaults:\n  failure_threshold: 8\n"));

    assertThat(cache.config().failureThreshold()).isEqualTo(8);
    assertThat(registry.find("cache")).containsSame(cache);
  }
}
