package io.fusebox.operator.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import io.fusebox.api.v1alpha1.ApiPatterns;
import io.fusebox.operator.desired.EchoedValues;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** The fix to print after a schema message: the allowed range or an example of the pattern. */
final class SchemaHints {

  private static final Map<String, String> PATTERN_EXAMPLES =
      Map.of(
          ApiPatterns.DURATION, "a duration with unit h, m, s or ms, such as 500ms, 30s or 1h30m",
          ApiPatterns.DNS_LABEL, "lower-case letters, digits and '-', such as external-api",
          ApiPatterns.DNS_SUBDOMAIN, "a Kubernetes object name, such as checkout",
          ApiPatterns.CLASS_NAME, "a Java class name, such as java.io.IOException",
          ApiPatterns.STATUS_RANGE, "a status code or range, such as 404 or 500-599",
          ApiPatterns.HTTP_PATH, "an HTTP path, such as /metrics");

  private static final Pattern DURATION = Pattern.compile(ApiPatterns.DURATION);
  private static final Pattern PLAIN_NUMBER = Pattern.compile("^[0-9]+(\\.[0-9]+)?$");

  private SchemaHints() {}

  /** Returns {@code "; use ..."} for a known pattern, else an empty string. */
  static String forPattern(String pattern) {
    String example = PATTERN_EXAMPLES.get(pattern);
    return example == null ? "" : "; use " + example;
  }

  /**
   * Returns the fix for {@code text}, which does not match {@code pattern}. A duration written
   * without a unit, such as {@code "30"}, gets the same text with the unit {@code s}.
   */
  static String forMismatch(String text, String pattern) {
    if (ApiPatterns.DURATION.equals(pattern) && PLAIN_NUMBER.matcher(text).matches()) {
      return durationFix(text);
    }
    return forPattern(pattern);
  }

  /**
   * Returns the fix for a number or boolean where the schema expects a string. YAML reads {@code
   * 30} as a number, so a duration gets the unit {@code s} appended, and other text is quoted only
   * when the quoted text matches the field's enum and pattern.
   */
  static String forScalarString(JsonNode node, JSONSchemaProps schema) {
    String pattern = schema.getPattern();
    if (ApiPatterns.DURATION.equals(pattern) && node.isNumber()) {
      return durationFix(node.decimalValue().stripTrailingZeros().toPlainString());
    }
    String text = node.asText();
    if (schema.getEnum() != null && !schema.getEnum().isEmpty()) {
      List<String> allowed = schema.getEnum().stream().map(JsonNode::asText).toList();
      if (!allowed.contains(text)) {
        return "; use one of " + String.join(", ", allowed);
      }
    }
    if (pattern == null || Pattern.compile(pattern).matcher(text).find()) {
      return "; quote it (" + EchoedValues.quote(text) + ") so YAML reads it as text";
    }
    String example = forPattern(pattern);
    return example.isEmpty() ? "; use text that matches " + pattern : example;
  }

  /**
   * Returns {@code "; write 30s ..."} for the bare number {@code 30}, or the general duration
   * example when the number with {@code s} would still not match the CRD's duration pattern.
   */
  private static String durationFix(String number) {
    String seconds = number + "s";
    if (!DURATION.matcher(seconds).matches()) {
      return forPattern(ApiPatterns.DURATION);
    }
    return "; write "
        + seconds
        + " for seconds, or use the unit h, m or ms, such as 500ms, 1m or 1h30m";
  }

  /** Returns {@code "; use a value in [min, max]"} with the schema's bounds. */
  static String range(JSONSchemaProps schema) {
    String low =
        schema.getMinimum() == null
            ? "(-inf"
            : (Boolean.TRUE.equals(schema.getExclusiveMinimum()) ? "(" : "[")
                + plain(schema.getMinimum());
    String high =
        schema.getMaximum() == null
            ? "inf)"
            : plain(schema.getMaximum())
                + (Boolean.TRUE.equals(schema.getExclusiveMaximum()) ? ")" : "]");
    return "; use a value in " + low + ", " + high;
  }

  /**
   * Returns {@code node} as a message shows it: text quoted with control characters escaped, and
   * other values as JSON, in which Jackson escapes the ASCII control characters.
   */
  static String shown(JsonNode node) {
    return node.isTextual() ? EchoedValues.quote(node.asText()) : node.toString();
  }

  private static String plain(double value) {
    return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
  }
}
