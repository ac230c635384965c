package io.fusebox.operator.desired;

import java.util.Locale;

/**
 * Escaping for policy values that messages echo back. A value read from YAML can contain a newline
 * or another control character, which would split a {@code file:line: message} line or a status
 * condition message in two, or hide text in a terminal. Every message that shows a value from the
 * input goes through {@link #quote} or, for a map key inside a field path, {@link #escape}.
 */
public final class EchoedValues {

  private EchoedValues() {}

  /**
   * Returns {@code value} in double quotes with control characters escaped, or {@code missing} for
   * {@code null}.
   */
  public static String quote(String value) {
    return value == null ? "missing" : "\"" + escape(value).replace("\"", "\\\"") + "\"";
  }

  /**
   * Escapes backslashes and control characters. Newline, carriage return and tab become {@code \n},
   * {@code \r} and {@code \t}. Other ISO control characters, Unicode line and paragraph separators
   * and invisible format characters (such as bidirectional overrides) become a backslash, {@code u}
   * and four hex digits, or {@code U} and eight hex digits above U+FFFF. Other text is unchanged.
   */
  public static String escape(String text) {
    StringBuilder escaped = null;
    int i = 0;
    while (i < text.length()) {
      int codePoint = text.codePointAt(i);
      int next = i + Character.charCount(codePoint);
      String replacement = replacement(codePoint);
      if (replacement != null && escaped == null) {
        escaped = new StringBuilder(text.length() + 8).append(text, 0, i);
      }
      if (replacement != null) {
        escaped.append(replacement);
      } else if (escaped != null) {
        escaped.append(text, i, next);
      }
      i = next;
    }
    return escaped == null ? text : escaped.toString();
  }

  private static String replacement(int codePoint) {
    switch (codePoint) {
      case '\\':
        return "\\\\";
      case '\n':
        return "\\n";
      case '\r':
        return "\\r";
      case '\t':
        return "\\t";
      default:
        break;
    }
    int type = Character.getType(codePoint);
    if (Character.isISOControl(codePoint)
        || type == Character.LINE_SEPARATOR
        || type == Character.PARAGRAPH_SEPARATOR
        || type == Character.FORMAT) {
      return codePoint <= 0xffff
          ? String.format(Locale.ROOT, "\\u%04x", codePoint)
          : String.format(Locale.ROOT, "\\U%08x", codePoint);
    }
    return null;
  }
}
