package io.fusebox.settings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class NamesAndHashTest {

  @Test
  void breakerNameMapsBothWays() {
    assertThat(BreakerNames.toFileName("external-api")).isEqualTo("external_api");
    assertThat(BreakerNames.toPolicyName("external_api")).isEqualTo("external-api");
    assertThat(BreakerNames.toFileName("db")).isEqualTo("db");
  }

  @Test
  void invalidBreakerNameIsRejected() {
    assertThatThrownBy(() -> BreakerNames.toFileName("External API"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("breaker name is not a DNS label (was \"External API\");");
    assertThatThrownBy(() -> BreakerNames.toPolicyName("-db"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void contentHashIsSha256Prefix() {
    // SHA-256("abc") = ba7816bf8f01cfea414140de5dae2223...
    assertThat(ContentHash.of("abc".getBytes(StandardCharsets.UTF_8)))
        .isEqualTo("ba7816bf8f01cfea");
  }

  @Test
  void builderRejectsOutOfRangeValue() {
    assertThatThrownBy(() -> BreakerSettings.builder().failureRateThreshold(150.0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "failure_rate_threshold is out of range (was 150.0);"
                + " use a number greater than 0 and at most 100");
    assertThatThrownBy(() -> BreakerSettings.builder().timeout(Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void withFallbackFillsOnlyAbsentKeys() {
    BreakerSettings entry = BreakerSettings.builder().failureThreshold(2).build();
    BreakerSettings fallback =
        BreakerSettings.builder().failureThreshold(9).successThreshold(4).build();

    BreakerSettings merged = entry.withFallback(fallback);

    assertThat(merged.failureThreshold()).contains(2);
    assertThat(merged.successThreshold()).contains(4);
  }

  @Test
  void statusCodeRangeParsesFileForms() {
    assertThat(StatusCodeRange.parse("500-599")).contains(new StatusCodeRange(500, 599));
    assertThat(StatusCodeRange.parse("404")).contains(StatusCodeRange.of(404));
    assertThat(StatusCodeRange.parse("599-500")).isEmpty();
    assertThat(StatusCodeRange.parse("99")).isEmpty();
    assertThat(new StatusCodeRange(500, 599).contains(503)).isTrue();
  }
}
