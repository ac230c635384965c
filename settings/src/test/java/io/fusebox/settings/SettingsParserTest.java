package io.fusebox.settings;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

class SettingsParserTest {
  static final String PAGE_EXAMPLE =
      """
      version: 1
      policy: {namespace: shop, name: checkout, generation: 4}
      defaults:                       # optional; settings for breakers the file does not list
        failure_threshold: 5
        recovery_timeout_seconds: 30
        timeout_seconds: 10
        success_threshold: 3
      services:
        database:
          failure_threshold: 5
          recovery_timeout_seconds: 30
          timeout_seconds: 10
          success_threshold: 3
        external_api:
          failure_threshold: 3
          recovery_timeout_seconds: 60
          timeout_seconds: 5
          success_threshold: 2
      """;

  private final SettingsParser parser = new SettingsParser();

  @Test
  void parsesExampleOfSettingsPage() throws SettingsException {
    SettingsDocument document = parser.parse("circuit-breaker.yaml", PAGE_EXAMPLE);

    assertThat(document.version()).isEqualTo(1);
    assertThat(document.policy()).contains(new PolicyRef("shop", "checkout", 4));
    assertThat(document.services().keySet()).containsExactly("database", "external_api");
    BreakerSettings externalApi = document.services().get("external_api");
    assertThat(externalApi.failureThreshold()).contains(3);
    assertThat(externalApi.recoveryTimeout()).contains(Duration.ofSeconds(60));
    assertThat(externalApi.timeout()).contains(Duration.ofSeconds(5));
    assertThat(externalApi.successThreshold()).contains(2);
    assertThat(externalApi.mode()).isEmpty();
    assertThat(document.defaults().failureThreshold()).contains(5);
  }

  @Test
  void parsesEveryKeyOfTable() throws SettingsException {
    String content =
        """
        version: 1
        services:
          payments:
            failure_threshold: 7
            recovery_timeout_seconds: 0.5
            timeout_seconds: 0
            success_threshold: 2
            mode: shadow
            readiness: true
            failure_rate_threshold: 100
            slow_call_rate_threshold: 12.5
            slow_call_duration_seconds: 1.25
            sliding_window_type: time_based
            sliding_window_size: 60
            minimum_number_of_calls: 20
            permitted_calls_in_half_open: 4
            max_half_open_seconds: 5
            backoff_multiplier: 2
            max_recovery_timeout_seconds: 300
            jitter_ratio: 0.1
            failure_exceptions: [java.io.IOException]
            ignored_exceptions: ["java.util.concurrent.CancellationException"]
            failure_status_codes: ["500-599", 429]
            ignored_status_codes: []
            max_concurrent_calls: 50
        """;

    BreakerSettings payments = parser.parse("f.yaml", content).services().get("payments");

    assertThat(payments.values()).hasSize(BreakerKey.values().length);
    assertThat(payments.recoveryTimeout()).contains(Duration.ofMillis(500));
    assertThat(payments.timeout()).contains(Duration.ZERO);
    assertThat(payments.mode()).contains(Mode.SHADOW);
    assertThat(payments.readiness()).contains(true);
    assertThat(payments.failureRateThreshold()).contains(100.0);
    assertThat(payments.slowCallRateThreshold()).contains(12.5);
    assertThat(payments.slowCallDuration()).contains(Duration.ofMillis(1250));
    assertThat(payments.slidingWindowType()).contains(SlidingWindowType.TIME_BASED);
    assertThat(payments.backoffMultiplier()).contains(2.0);
    assertThat(payments.jitterRatio()).contains(0.1);
    assertThat(payments.failureExceptions()).contains(List.of("java.io.IOException"));
    assertThat(payments.ignoredExceptions())
        .contains(List.of("java.util.concurrent.CancellationException"));
    assertThat(payments.failureStatusCodes())
        .contains(List.of(new StatusCodeRange(500, 599), StatusCodeRange.of(429)));
    assertThat(payments.ignoredStatusCodes()).contains(List.of());
    assertThat(payments.maxConcurrentCalls()).contains(50);
  }

  @Test
  void resolvesEntryThenDefaultsThenBuiltIns() throws SettingsException {
    SettingsDocument document = parser.parse("circuit-breaker.yaml", PAGE_EXAMPLE);

    ResolvedBreakerSettings listed = document.resolve("external_api", EnvironmentDefaults.NONE);
    ResolvedBreakerSettings unlisted = document.resolve("cache", EnvironmentDefaults.NONE);

    assertThat(listed.failureThreshold()).isEqualTo(3);
    assertThat(listed.permittedCallsInHalfOpen()).isEqualTo(2);
    assertThat(listed.maxRecoveryTimeout()).isEqualTo(Duration.ofSeconds(60));
    assertThat(listed.failureRateThreshold()).isEqualTo(OptionalDouble.empty());
    assertThat(listed.failureStatusCodes()).containsExactly(new StatusCodeRange(500, 599));
    assertThat(unlisted.failureThreshold()).isEqualTo(5);
    assertThat(unlisted.mode()).isEqualTo(Mode.ENFORCE);
    assertThat(unlisted.slidingWindowSize()).isEqualTo(100);
  }

  @Test
  void acceptsMinimalFileWithoutServices() throws SettingsException {
    SettingsDocument document = parser.parse("f.yaml", "version: 1\n");

    assertThat(document.services()).isEmpty();
    assertThat(document.defaults().isEmpty()).isTrue();
    assertThat(document.policy()).isEmpty();
  }

  @Test
  void treatsNullEntryAsEmpty() throws SettingsException {
    SettingsDocument document = parser.parse("f.yaml", "version: 1\nservices:\n  database:\n");

    assertThat(document.services()).containsEntry("database", BreakerSettings.EMPTY);
  }

  @Test
  void unknownKeysGiveOneWarningEach() throws SettingsException {
    String content =
        """
        version: 1
        owner: team-a
        services:
          database:
            failure_treshold: 4
            failure_threshold: 5
        """;

    SettingsParser.Result result = parser.parseWithWarnings("f.yaml", content);

    assertThat(result.warnings())
        .extracting(SettingsWarning::key)
        .containsExactly("owner", "services.database.failure_treshold");
    assertThat(result.warnings().get(1).line()).isEqualTo(5);
    assertThat(result.warnings().get(1).message())
        .isEqualTo(
            "f.yaml:5: services.database.failure_treshold is not a known key and is ignored;"
                + " check its spelling against docs/settings-file.md");
    assertThat(result.document().services().get("database").failureThreshold()).contains(5);
  }

  @Test
  void resultCarriesContentHash() throws SettingsException {
    SettingsParser.Result result = parser.parseWithWarnings("f.yaml", "version: 1\n");

    assertThat(result.hash()).isEqualTo(ContentHash.of("version: 1\n".getBytes()));
  }
}
