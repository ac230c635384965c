package io.fusebox.operator.cli;

import static io.fusebox.operator.desired.EchoedValues.quote;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import io.fusebox.api.v1alpha1.ApiPatterns;
import java.math.BigDecimal;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Schema checks of single values for {@link SchemaValidator}: string enums, lengths and patterns,
 * numeric ranges, and the message for a value of the wrong type. Each message names the path, the
 * value and the fix.
 */
final class ScalarChecks {

  private final Map<String, Pattern> patterns = new HashMap<>();

  /** Adds the problems of a value whose schema type is {@code string}. */
  void checkString(
      JsonNode node, JSONSchemaProps schema, String path, List<SchemaValidator.Problem> problems) {
    if (!node.isTextual()) {
      problems.add(wrongString(path, node, schema));
      return;
    }
    String text = node.asText();
    int length = text.codePointCount(0, text.length());
    if (schema.getEnum() != null && !schema.getEnum().isEmpty()) {
      List<String> allowed = schema.getEnum().stream().map(JsonNode::asText).toList();
      if (!allowed.contains(text)) {
        problems.add(
            new SchemaValidator.Problem(
                path,
                path
                    + " must be one of "
                    + String.join(", ", allowed)
                    + " (was "
                    + quote(text)
                    + ")"));
      }
    }
    if (schema.getMaxLength() != null && length > schema.getMaxLength()) {
      problems.add(
          new SchemaValidator.Problem(
              path,
              path
                  + " is "
                  + length
                  + " characters long; at most "
                  + schema.getMaxLength()
                  + " are allowed"));
    }
    if (schema.getMinLength() != null && length < schema.getMinLength()) {
      problems.add(
          new SchemaValidator.Problem(
              path,
              path
                  + " must have at least "
                  + schema.getMinLength()
                  + " characters (was "
                  + quote(text)
                  + ")"));
    }
    if (schema.getPattern() != null
        && !patterns.computeIfAbsent(schema.getPattern(), Pattern::compile).matcher(text).find()) {
      problems.add(
          new SchemaValidator.Problem(
              path,
              path
                  + " does not match "
                  + schema.getPattern()
                  + " (was "
                  + quote(text)
                  + ")"
                  + SchemaHints.forMismatch(text, schema.getPattern())));
    }
  }

  /** Adds the problems of a number outside the schema's minimum and maximum. */
  static void checkRange(
      BigDecimal value,
      JSONSchemaProps schema,
      String path,
      List<SchemaValidator.Problem> problems) {
    String shown = value.stripTrailingZeros().toPlainString();
    if (schema.getMinimum() != null) {
      BigDecimal min = BigDecimal.valueOf(schema.getMinimum());
      boolean exclusive = Boolean.TRUE.equals(schema.getExclusiveMinimum());
      int compared = value.compareTo(min);
      if (compared < 0 || (exclusive && compared == 0)) {
        problems.add(
            new SchemaValidator.Problem(
                path,
                path
                    + " must be "
                    + (exclusive ? "greater than " : "at least ")
                    + plain(min)
                    + " (was "
                    + shown
                    + ")"
                    + SchemaHints.range(schema)));
      }
    }
    if (schema.getMaximum() != null) {
      BigDecimal max = BigDecimal.valueOf(schema.getMaximum());
      boolean exclusive = Boolean.TRUE.equals(schema.getExclusiveMaximum());
      int compared = value.compareTo(max);
      if (compared > 0 || (exclusive && compared == 0)) {
        problems.add(
            new SchemaValidator.Problem(
                path,
                path
                    + " must be "
                    + (exclusive ? "less than " : "at most ")
                    + plain(max)
                    + " (was "
                    + shown
                    + ")"
                    + SchemaHints.range(schema)));
      }
    }
  }

  private static String plain(BigDecimal value) {
    return value.stripTrailingZeros().toPlainString();
  }

  /** Returns the problem of a value that is not of the {@code expected} type. */
  static SchemaValidator.Problem wrongType(String path, String expected, JsonNode node) {
    String example =
        switch (expected) {
          case "an integer" -> "; write a whole number such as 5, without quotes";
          case "a number" -> "; write a number such as 50 or 0.5, without quotes";
          case "a string" -> "; write text, not a list or mapping";
          case "a list" -> "; write a YAML list with one '- ' item per line";
          case "a mapping" -> "; write key: value pairs";
          default -> "";
        };
    return new SchemaValidator.Problem(
        path, path + " must be " + expected + " (was " + SchemaHints.shown(node) + ")" + example);
  }

  private static SchemaValidator.Problem wrongString(
      String path, JsonNode node, JSONSchemaProps schema) {
    if (node.isContainerNode()) {
      return wrongType(path, "a string", node);
    }
    String expected =
        ApiPatterns.DURATION.equals(schema.getPattern()) ? "a duration with a unit" : "a string";
    return new SchemaValidator.Problem(
        path,
        path
            + " must be "
            + expected
            + " (was "
            + node
            + ")"
            + SchemaHints.forScalarString(node, schema));
  }
}
