package io.fusebox.settings;

/** Quoting of YAML string scalars for the writer. */
final class YamlText {
  private YamlText() {}

  /**
   * Returns {@code text} as a double-quoted YAML scalar. Quoting every string keeps values such as
   * {@code true}, {@code 404} or {@code null} strings when read back.
   */
  static String quote(String text) {
    StringBuilder out = new StringBuilder(text.length() + 2).append('"');
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\t' -> out.append("\\t");
        default -> {
          if (!printable(c) || Character.isSurrogate(c) && !validSurrogate(text, i)) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    return out.append('"').toString();
  }

  /**
   * Returns whether YAML 1.1 allows {@code c} unescaped: tab, line breaks, printable ASCII, and
   * Unicode from U+00A0 except the byte order mark and the non-characters U+FFFE and U+FFFF.
   */
  private static boolean printable(char c) {
    if (c < 0x20 || c >= 0x7f && c < 0xa0) {
      return false;
    }
    return c != 0xfeff && c != 0xfffe && c != 0xffff;
  }

  private static boolean validSurrogate(String text, int index) {
    char c = text.charAt(index);
    if (Character.isHighSurrogate(c)) {
      return index + 1 < text.length() && Character.isLowSurrogate(text.charAt(index + 1));
    }
    return index > 0 && Character.isHighSurrogate(text.charAt(index - 1));
  }
}
