package io.fusebox.operator.desired;

import java.math.BigDecimal;

/**
 * Escaping for text that reaches PromQL expressions. Policy text only enters a rule through these
 * methods, so a quote, backslash or newline in a value cannot end a string early.
 */
public final class PromQl {

  private static final String REGEX_META = "\\.+*?()|[]{}^$";

  private PromQl() {}

  /** Returns {@code value} as a double-quoted PromQL string literal. */
  public static String quote(String value) {
    StringBuilder out = new StringBuilder(value.length() + 2).append('"');
    value
        .codePoints()
        .forEach(
            c -> {
              switch (c) {
                case '\\' -> out.append("\\\\");
                case '"' -> out.append("\\\"");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                  if (c < 0x20 || c == 0x7f) {
                    out.append(String.format("\\x%02x", c));
                  } else {
                    out.appendCodePoint(c);
                  }
                }
              }
            });
    return out.append('"').toString();
  }

  /** Returns {@code value} with every RE2 metacharacter escaped, to match it literally. */
  public static String regexLiteral(String value) {
    StringBuilder out = new StringBuilder(value.length());
    value
        .codePoints()
        .forEach(
            c -> {
              if (c < 0x80 && REGEX_META.indexOf(c) >= 0) {
                out.append('\\');
              }
              out.appendCodePoint(c);
            });
    return out.toString();
  }

  /** Returns {@code number} in plain decimal notation, without exponent or trailing zeros. */
  public static String number(double number) {
    if (!Double.isFinite(number)) {
      throw new IllegalArgumentException("PromQL threshold must be finite, was " + number);
    }
    return BigDecimal.valueOf(number).stripTrailingZeros().toPlainString();
  }
}
