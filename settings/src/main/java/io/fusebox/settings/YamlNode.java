package io.fusebox.settings;

import com.fasterxml.jackson.core.JsonToken;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

/**
 * A node of a parsed YAML document together with the 1-based line it starts on. Jackson's own tree
 * model drops token locations, so the parser builds this small tree from the token stream.
 */
sealed interface YamlNode {

  /** Returns the 1-based line the node starts on. */
  int line();

  /** Returns how the node appears in an error message, bounded in length. */
  String display();

  /** A mapping, with entries in file order. */
  record MapNode(int line, Map<String, YamlNode> entries) implements YamlNode {
    @Override
    public String display() {
      return "a map";
    }
  }

  /** A sequence. */
  record ListNode(int line, List<YamlNode> items) implements YamlNode {
    @Override
    public String display() {
      return "a list";
    }
  }

  /**
   * A scalar.
   *
   * @param token Jackson's token for the scalar (string, integer, float, boolean or null)
   * @param text the scalar's text as written
   * @param number the numeric value for integer and float tokens, or null when the scalar is not a
   *     finite number
   */
  record ScalarNode(int line, JsonToken token, String text, BigDecimal number) implements YamlNode {
    private static final int MAX_DISPLAY_LENGTH = 80;

    @Override
    public String display() {
      if (token == JsonToken.VALUE_NULL) {
        return "null";
      }
      StringBuilder out = new StringBuilder();
      for (int i = 0; i < text.length() && out.length() < MAX_DISPLAY_LENGTH; i++) {
        char c = text.charAt(i);
        out.append(Character.isISOControl(c) ? String.format("\\u%04x", (int) c) : c);
      }
      if (out.length() >= MAX_DISPLAY_LENGTH) {
        out.append("...");
      }
      return token == JsonToken.VALUE_STRING ? "\"" + out + "\"" : out.toString();
    }

    /** Returns whether the scalar is a YAML string. */
    boolean isString() {
      return token == JsonToken.VALUE_STRING;
    }
  }
}
