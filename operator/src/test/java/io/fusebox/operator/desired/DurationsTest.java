package io.fusebox.operator.desired;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DurationsTest {

  @Test
  void kubernetesStyleDurationsParse() {
    assertThat(Durations.parse("500ms")).contains(Duration.ofMillis(500));
    assertThat(Durations.parse("30s")).contains(Duration.ofSeconds(30));
    assertThat(Durations.parse("1h30m")).contains(Duration.ofMinutes(90));
    assertThat(Durations.parse("1.5m")).contains(Duration.ofSeconds(90));
    assertThat(Durations.parse("0.5ms")).contains(Duration.ofNanos(500_000));
  }

  @Test
  void malformedDurationsAreEmpty() {
    for (String text : new String[] {"5", "-1m", "1h30", "1d", " 1m", "", "m", "1.2345s"}) {
      assertThat(Durations.parse(text)).as("\"%s\"", text).isEmpty();
    }
    assertThat(Durations.parse(null)).isEmpty();
    assertThat(Durations.parse("999999h999999h999999h")).as("beyond Duration.ofNanos").isEmpty();
  }

  @Test
  void prometheusFormatUsesWholeUnits() {
    assertThat(Durations.toPrometheus(Duration.ofSeconds(90))).isEqualTo("1m30s");
    assertThat(Durations.toPrometheus(Duration.ofMinutes(90))).isEqualTo("1h30m");
    assertThat(Durations.toPrometheus(Duration.ofMillis(1500))).isEqualTo("1s500ms");
    assertThat(Durations.toPrometheus(Duration.ZERO)).isEqualTo("0s");
    assertThat(Durations.toPrometheus(Duration.ofNanos(500_000))).isEqualTo("0s");
  }
}
