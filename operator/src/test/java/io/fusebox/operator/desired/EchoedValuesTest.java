package io.fusebox.operator.desired;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class EchoedValuesTest {

  static Stream<Arguments> controlCharacters() {
    return Stream.of(
        Arguments.of("newline", "a\nb", "\"a\\nb\""),
        Arguments.of("carriage return", "a\rb", "\"a\\rb\""),
        Arguments.of("tab", "a\tb", "\"a\\tb\""),
        Arguments.of("NUL", "a\u0000b", "\"a\\u0000b\""),
        Arguments.of("escape", "a\u001bb", "\"a\\u001bb\""),
        Arguments.of("DEL", "a\u007fb", "\"a\\u007fb\""),
        Arguments.of("C1 next line", "a\u0085b", "\"a\\u0085b\""),
        Arguments.of("line separator", "a\u2028b", "\"a\\u2028b\""),
        Arguments.of("paragraph separator", "a\u2029b", "\"a\\u2029b\""),
        Arguments.of("right-to-left override", "a\u202eb", "\"a\\u202eb\""),
        Arguments.of("double quote", "a\"b", "\"a\\\"b\""),
        Arguments.of("backslash", "a\\b", "\"a\\\\b\""));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("controlCharacters")
  void controlCharacterIsEscaped(String name, String value, String quoted) {
    String shown = EchoedValues.quote(value);

    assertThat(shown).isEqualTo(quoted);
    assertThat(shown.lines()).hasSize(1);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "checkout", "500ms", "java.io.IOException", "naïve", "日本", "😀"})
  void printableTextIsUnchanged(String value) {
    assertThat(EchoedValues.escape(value)).isSameAs(value);
    assertThat(EchoedValues.quote(value)).isEqualTo("\"" + value + "\"");
  }

  @Test
  void formatCharacterAboveBmpIsEscaped() {
    String tag = new String(Character.toChars(0xE0041));

    assertThat(EchoedValues.escape("a" + tag + "b")).isEqualTo("a\\U000e0041b");
  }

  @Test
  void nullIsShownAsMissing() {
    assertThat(EchoedValues.quote(null)).isEqualTo("missing");
  }
}
