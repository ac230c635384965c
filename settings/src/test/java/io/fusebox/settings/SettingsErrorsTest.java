package io.fusebox.settings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class SettingsErrorsTest {
  private final SettingsParser parser = new SettingsParser();

  static Stream<Arguments> invalidFiles() {
    return Stream.of(
        Arguments.of(
            "version: 1\nservices:\n  db:\n    failure_threshold: 0\n",
            "f.yaml:4: services.db.failure_threshold is out of range (was 0);"
                + " use an integer of at least 1"),
        Arguments.of(
            "version: 1\nservices:\n  db:\n    failure_threshold: five\n",
            "f.yaml:4: services.db.failure_threshold is not an integer (was \"five\");"
                + " use an integer of at least 1"),
        Arguments.of(
            "version: 1\nservices:\n  db:\n    failure_threshold: 2.5\n",
            "f.yaml:4: services.db.failure_threshold is not an integer (was 2.5);"
                + " use an integer of at least 1"),
        Arguments.of(
            "version: 1\nservices:\n  db:\n    failure_threshold: 99999999999\n",
            "f.yaml:4: services.db.failure_threshold is out of range (was 99999999999);"
                + " use an integer of at least 1"),
        Arguments.of(
            "version: 1\nservices:\n  db:\n    failure_rate_threshold: 150\n",
            "f.yaml:4: services.db.failure_rate_threshold is out of range (was 150);"
                + " use a number greater than 0 and at most 100"),
        Arguments.of(
            "version: 1\nservices:\n  db:\n    failure_rate_threshold: 0\n",
            "f.yaml:4: services.db.failure_rate_threshold is out of range (was 0);"
                + " use a number greater than 0 and at most 100"),
        Arguments.of(
            "version: 1\ndefaults:\n  recovery_timeout_seconds: 0\n",
            "f.yaml:3: defaults.recovery_timeout_seconds is out of range (was 0); use a number"
                + " greater than 0 seconds, at most 1000000000, with at most 9 decimal places"),
        Arguments.of(
            "version: 1\ndefaults:\n  timeout_seconds: -1\n",
            "f.yaml:3: defaults.timeout_seconds is out of range (was -1); use 0 or more"
                + " seconds, at most 1000000000, with at most 9 decimal places"),
        Arguments.of(
            "version: 1\ndefaults:\n  timeout_seconds: .inf\n",
            "f.yaml:3: defaults.timeout_seconds is not a finite number (was .inf); use 0 or"
                + " more seconds, at most 1000000000, with at most 9 decimal places"),
        Arguments.of(
            "version: 1\ndefaults:\n  timeout_seconds: 0.0000000001\n",
            "f.yaml:3: defaults.timeout_seconds has more than 9 decimal places"
                + " (was 0.0000000001); use 0 or more seconds, at most 1000000000, with at most 9"
                + " decimal places"),
        Arguments.of(
            "version: 1\nservices:\n  db:\n    mode: fast\n",
            "f.yaml:4: services.db.mode is not a known mode (was \"fast\");"
                + " use one of enforce, shadow, forced_open, disabled"),
        Arguments.of(
            "version: 1\nservices:\n  db:\n    readiness: \"yes\"\n",
            "f.yaml:4: services.db.readiness is not a boolean (was \"yes\"); use true or false"),
        Arguments.of(
            "version: 1\nservices:\n  db:\n    readiness: yes\n",
            "f.yaml:4: services.db.readiness is not a boolean (was yes); use true or false"),
        Arguments.of(
            "version: 1\nservices:\n  db:\n    readiness: off\n",
            "f.yaml:4: services.db.readiness is not a boolean (was off); use true or false"),
        Arguments.of(
            "version: 1\nservices:\n  db:\n    failure_status_codes: [\"600\"]\n",
            "f.yaml:4: services.db.failure_status_codes contains an invalid status code or range"
                + " (was \"600\"); use a list of status codes or ranges within 100..599, such as"
                + " [\"500-599\", 429]"),
        Arguments.of(
            "version: 1\nservices:\n  db:\n    failure_status_codes: \"500-599\"\n",
            "f.yaml:4: services.db.failure_status_codes is not a list (was \"500-599\"); use a"
                + " list of status codes or ranges within 100..599, such as [\"500-599\", 429]"),
        Arguments.of(
            "version: 1\nservices:\n  db:\n    ignored_exceptions: [\"not a class\"]\n",
            "f.yaml:4: services.db.ignored_exceptions contains an invalid class name (was \"not a"
                + " class\"); use a list of Java class names such as [java.io.IOException]"),
        Arguments.of(
            "version: 1\nservices:\n  db:\n    recovery_timeout_seconds: 60\n"
                + "    max_recovery_timeout_seconds: 30\n",
            "f.yaml:5: services.db.max_recovery_timeout_seconds is below"
                + " recovery_timeout_seconds (60) (was 30); raise it to at least"
                + " recovery_timeout_seconds or remove it"),
        Arguments.of(
            "version: 1\nservices:\n  db:\n    sliding_window_type: time_based\n"
                + "    sliding_window_size: 86401\n",
            "f.yaml:5: services.db.sliding_window_size is too large for a time_based window"
                + " (was 86401); use at most 86400 seconds"),
        Arguments.of(
            "version: 1\nservices:\n  db:\n    sliding_window_size: 1000001\n",
            "f.yaml:4: services.db.sliding_window_size is too large for a count_based window"
                + " (was 1000001); use at most 1000000 calls"),
        Arguments.of(
            "version: 2\nservices: {}\n",
            "f.yaml:1: version is not supported (was 2); this reader accepts version 1;"
                + " write that version or upgrade the agent"),
        Arguments.of("services: {}\n", "f.yaml:1: version is missing; add the line `version: 1`"),
        Arguments.of(
            "version: 1\nservices:\n  Database: {}\n",
            "f.yaml:3: services has an invalid breaker name (was \"Database\"); use up to 63"
                + " lower-case letters, digits and '_', starting and ending with a letter or"
                + " digit"),
        Arguments.of(
            "version: 1\nservices: [a, b]\n",
            "f.yaml:2: services is not a map (was a list); write one entry per breaker, such as"
                + " `database: {}`"),
        Arguments.of(
            "version: 1\npolicy: {namespace: shop, name: checkout}\n",
            "f.yaml:2: policy.generation is missing; write `policy: {namespace: NS, name: NAME,"
                + " generation: N}`"),
        Arguments.of("", "f.yaml:1: file is empty; write at least the line `version: 1`"),
        Arguments.of(
            "- version: 1\n",
            "f.yaml:1: file is not a map (was a list); write the top level as a map starting"
                + " with `version: 1`"));
  }

  @ParameterizedTest
  @MethodSource("invalidFiles")
  void invalidFileGetsExactMessage(String content, String message) {
    SettingsException error =
        catchThrowableOfType(SettingsException.class, () -> parser.parse("f.yaml", content));

    assertThat(error).isNotNull();
    assertThat(error.getMessage()).isEqualTo(message);
    assertThat(error.source()).isEqualTo("f.yaml");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "version: 1\\nservices:\\n  db:\\n    failure_threshold: 0\\n|4|services.db.failure_threshold|0",
        "version: 1\\nservices:\\n  db:\\n    mode: fast\\n|4|services.db.mode|\"fast\"",
        "version: 3\\n|1|version|3"
      })
  void errorCarriesLineKeyAndValue(String escaped, int line, String key, String value) {
    String content = escaped.replace("\\n", "\n");

    SettingsException error =
        catchThrowableOfType(SettingsException.class, () -> parser.parse("f.yaml", content));

    assertThat(error.line()).isEqualTo(line);
    assertThat(error.key()).isEqualTo(key);
    assertThat(error.value()).isEqualTo(value);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "version: 1\\nservices:\\n  db: {a: [1\\n|services",
        "version: 1\\nservices:\\n\\tdb: {}\\n|services",
        "version: 1\\n---\\nversion: 1\\n|---",
      })
  void brokenYamlNamesFileAndLine(String escaped, String unused) {
    String content = escaped.replace("\\n", "\n").replace("\\t", "\t");

    SettingsException error =
        catchThrowableOfType(SettingsException.class, () -> parser.parse("f.yaml", content));

    assertThat(error).isNotNull();
    assertThat(error.key()).isEqualTo("file");
    assertThat(error.line()).isPositive();
    assertThat(error.getMessage()).startsWith("f.yaml:" + error.line() + ": file ");
  }

  @Test
  void duplicateKeyIsRejected() {
    String content = "version: 1\nservices:\n  db: {}\n  db: {}\n";

    SettingsException error =
        catchThrowableOfType(SettingsException.class, () -> parser.parse("f.yaml", content));

    assertThat(error).isNotNull();
    assertThat(error.getMessage())
        .isEqualTo("f.yaml:4: db appears twice in the same map; keep one of the two entries");
    assertThat(error.key()).isEqualTo("db");
  }
}
