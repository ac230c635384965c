package io.fusebox.settings;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class SettingsWriterTest {
  private final SettingsParser parser = new SettingsParser();
  private final SettingsWriter writer = new SettingsWriter();

  @Test
  void writesPageExampleSortedAndShortest() throws SettingsException {
    SettingsDocument document =
        parser.parse("circuit-breaker.yaml", SettingsParserTest.PAGE_EXAMPLE);

    assertThat(writer.write(document))
        .isEqualTo(
            """
            defaults:
              failure_threshold: 5
              recovery_timeout_seconds: 30
              success_threshold: 3
              timeout_seconds: 10
            policy:
              generation: 4
              name: "checkout"
              namespace: "shop"
            services:
              database:
                failure_threshold: 5
                recovery_timeout_seconds: 30
                success_threshold: 3
                timeout_seconds: 10
              external_api:
                failure_threshold: 3
                recovery_timeout_seconds: 60
                success_threshold: 2
                timeout_seconds: 5
            version: 1
            """);
  }

  @Test
  void writesDecimalsListsAndEmptyEntries() {
    TreeMap<String, BreakerSettings> services = new TreeMap<>();
    services.put("cache", BreakerSettings.EMPTY);
    services.put(
        "payments",
        BreakerSettings.builder()
            .recoveryTimeout(Duration.ofMillis(500))
            .failureRateThreshold(50.0)
            .jitterRatio(0.00001)
            .failureStatusCodes(List.of(new StatusCodeRange(500, 599), StatusCodeRange.of(429)))
            .ignoredExceptions(List.of())
            .mode(Mode.FORCED_OPEN)
            .build());
    SettingsDocument document =
        new SettingsDocument(1, Optional.empty(), BreakerSettings.EMPTY, services);

    assertThat(writer.write(document))
        .isEqualTo(
            """
            services:
              cache: {}
              payments:
                failure_rate_threshold: 50
                failure_status_codes: ["500-599", "429"]
                ignored_exceptions: []
                jitter_ratio: 0.00001
                mode: forced_open
                recovery_timeout_seconds: 0.5
            version: 1
            """);
  }

  @Test
  void emptyDocumentWritesVersionAndServices() {
    SettingsDocument document =
        new SettingsDocument(1, Optional.empty(), BreakerSettings.EMPTY, new TreeMap<>());

    assertThat(writer.write(document)).isEqualTo("services: {}\nversion: 1\n");
  }

  @Test
  void quotedPolicyNamesReadBackAsStrings() throws SettingsException {
    SettingsDocument document =
        new SettingsDocument(
            1,
            Optional.of(new PolicyRef("true", "404", 0)),
            BreakerSettings.EMPTY,
            new TreeMap<>());

    SettingsDocument reread = parser.parse("f.yaml", writer.write(document));

    assertThat(reread).isEqualTo(document);
  }
}
