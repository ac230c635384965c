package io.fusebox.operator.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.TypeConversionException;

class DurationConverterTest {

  private final DurationConverter converter = new DurationConverter();

  @Test
  void unitsParse() {
    assertThat(converter.convert("250ms")).isEqualTo(Duration.ofMillis(250));
    assertThat(converter.convert("30s")).isEqualTo(Duration.ofSeconds(30));
    assertThat(converter.convert("5m")).isEqualTo(Duration.ofMinutes(5));
    assertThat(converter.convert("2h")).isEqualTo(Duration.ofHours(2));
  }

  @Test
  void isoDurationParses() {
    assertThat(converter.convert("PT1M30S")).isEqualTo(Duration.ofSeconds(90));
  }

  @Test
  void invalidTextNamesValue() {
    assertThatThrownBy(() -> converter.convert("soon"))
        .isInstanceOf(TypeConversionException.class)
        .hasMessageContaining("\"soon\"")
        .hasMessageContaining("30s");
    assertThatThrownBy(() -> converter.convert("10x"))
        .isInstanceOf(TypeConversionException.class)
        .hasMessageContaining("\"10x\"");
  }

  @Test
  void bareNumberSuggestsUnit() {
    assertThatThrownBy(() -> converter.convert("30"))
        .isInstanceOf(TypeConversionException.class)
        .hasMessage("invalid duration \"30\": add a unit, such as 30s for seconds");
  }

  @Test
  void newlineInValueIsEscaped() {
    assertThatThrownBy(() -> converter.convert("3\n0s"))
        .isInstanceOf(TypeConversionException.class)
        .hasMessageStartingWith("invalid duration \"3\\n0s\":");
  }
}
