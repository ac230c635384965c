package io.fusebox.settings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EnvironmentDefaultsTest {

  @Test
  void readsAllFourVariables() throws SettingsException {
    EnvironmentDefaults environment =
        EnvironmentDefaults.fromEnvironment(
            Map.of(
                "CIRCUIT_BREAKER_FAILURE_THRESHOLD", "7",
                "CIRCUIT_BREAKER_RECOVERY_TIMEOUT_SECONDS", "45",
                "CIRCUIT_BREAKER_TIMEOUT_SECONDS", "2.5",
                "CIRCUIT_BREAKER_SUCCESS_THRESHOLD", "4",
                "PATH", "/usr/bin"));

    BreakerSettings settings = environment.settings();
    assertThat(settings.failureThreshold()).contains(7);
    assertThat(settings.recoveryTimeout()).contains(Duration.ofSeconds(45));
    assertThat(settings.timeout()).contains(Duration.ofMillis(2500));
    assertThat(settings.successThreshold()).contains(4);
    assertThat(settings.values()).hasSize(4);
  }

  @Test
  void blankVariableSetsNothing() throws SettingsException {
    EnvironmentDefaults environment =
        EnvironmentDefaults.fromEnvironment(Map.of("CIRCUIT_BREAKER_FAILURE_THRESHOLD", " "));

    assertThat(environment).isEqualTo(EnvironmentDefaults.NONE);
  }

  @Test
  void invalidVariableNamesVariableAndValue() {
    SettingsException error =
        catchThrowableOfType(
            SettingsException.class,
            () ->
                EnvironmentDefaults.fromEnvironment(
                    Map.of("CIRCUIT_BREAKER_FAILURE_THRESHOLD", "0")));

    assertThat(error.getMessage())
        .isEqualTo(
            "environment: CIRCUIT_BREAKER_FAILURE_THRESHOLD is out of range (was 0);"
                + " use an integer of at least 1");
    assertThat(error.key()).isEqualTo("CIRCUIT_BREAKER_FAILURE_THRESHOLD");
    assertThat(error.value()).isEqualTo("0");
    assertThat(error.line()).isZero();
  }

  @Test
  void nonNumericTimeoutIsRejected() {
    SettingsException error =
        catchThrowableOfType(
            SettingsException.class,
            () ->
                EnvironmentDefaults.fromEnvironment(
                    Map.of("CIRCUIT_BREAKER_TIMEOUT_SECONDS", "10s")));

    assertThat(error.getMessage())
        .startsWith("environment: CIRCUIT_BREAKER_TIMEOUT_SECONDS is not a number (was 10s);");
  }

  @Test
  void fileWinsOverEnvironmentOverBuiltIn() throws SettingsException {
    EnvironmentDefaults environment =
        EnvironmentDefaults.fromEnvironment(
            Map.of(
                "CIRCUIT_BREAKER_FAILURE_THRESHOLD", "9",
                "CIRCUIT_BREAKER_TIMEOUT_SECONDS", "3",
                "CIRCUIT_BREAKER_SUCCESS_THRESHOLD", "6"));
    String content =
        """
        version: 1
        defaults:
          timeout_seconds: 4
        services:
          db:
            failure_threshold: 2
        """;
    SettingsDocument document = new SettingsParser().parse("f.yaml", content);

    ResolvedBreakerSettings db = document.resolve("db", environment);

    assertThat(db.failureThreshold()).isEqualTo(2);
    assertThat(db.timeout()).isEqualTo(Duration.ofSeconds(4));
    assertThat(db.successThreshold()).isEqualTo(6);
    assertThat(db.recoveryTimeout()).isEqualTo(Duration.ofSeconds(30));
  }

  @Test
  void resolveAcceptsPermittedBelowSuccess() throws SettingsException {
    SettingsDocument document =
        new SettingsParser()
            .parse("f.yaml", "version: 1\nservices:\n  db:\n    permitted_calls_in_half_open: 2\n");

    ResolvedBreakerSettings db = document.resolve("db", EnvironmentDefaults.NONE);

    assertThat(db.permittedCallsInHalfOpen()).isEqualTo(2);
    assertThat(db.successThreshold()).isEqualTo(3);
  }

  @Test
  void resolveRejectsMaxRecoveryBelowEnvironmentValue() throws SettingsException {
    EnvironmentDefaults environment =
        EnvironmentDefaults.fromEnvironment(
            Map.of("CIRCUIT_BREAKER_RECOVERY_TIMEOUT_SECONDS", "120"));
    SettingsDocument document =
        new SettingsParser()
            .parse(
                "f.yaml", "version: 1\nservices:\n  db:\n    max_recovery_timeout_seconds: 60\n");

    SettingsException error =
        catchThrowableOfType(SettingsException.class, () -> document.resolve("db", environment));

    assertThat(error.getMessage())
        .isEqualTo(
            "resolved settings: max_recovery_timeout_seconds is below recovery_timeout_seconds"
                + " (120) (was 60); raise it to at least recovery_timeout_seconds or remove it");
  }
}
