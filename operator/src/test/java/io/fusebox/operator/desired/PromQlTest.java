package io.fusebox.operator.desired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PromQlTest {

  @Test
  void quoteEscapesStringDelimiters() {
    assertThat(PromQl.quote("a\"b")).isEqualTo("\"a\\\"b\"");
    assertThat(PromQl.quote("a\\b")).isEqualTo("\"a\\\\b\"");
    assertThat(PromQl.quote("a\nb")).isEqualTo("\"a\\nb\"");
    assertThat(PromQl.quote("a\u0001b")).isEqualTo("\"a\\x01b\"");
    assertThat(PromQl.quote("ünï")).isEqualTo("\"ünï\"");
  }

  @Test
  void regexLiteralEscapesMetacharacters() {
    assertThat(PromQl.regexLiteral("checkout.v2")).isEqualTo("checkout\\.v2");
    assertThat(PromQl.regexLiteral("a+b(c)|d")).isEqualTo("a\\+b\\(c\\)\\|d");
    assertThat(PromQl.regexLiteral("plain-name")).isEqualTo("plain-name");
  }

  @Test
  void numberHasNoExponent() {
    assertThat(PromQl.number(50)).isEqualTo("50");
    assertThat(PromQl.number(1e-9)).isEqualTo("0.000000001");
    assertThat(PromQl.number(99.5)).isEqualTo("99.5");
    assertThatThrownBy(() -> PromQl.number(Double.NaN)).hasMessageContaining("NaN");
  }
}
