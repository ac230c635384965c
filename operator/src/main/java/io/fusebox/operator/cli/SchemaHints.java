package io.fusebox.operator.cli;

import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import io.fusebox.api.v1alpha1.ApiPatterns;
import java.math.BigDecimal;
import java.util.Map;

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

  private SchemaHints() {}

  /** Returns {@code "; use ..."} for a known pattern, else an empty string. */
  static String forPattern(String pattern) {
    String example = PATTERN_EXAMPLES.get(pattern);
    return example == null ? "" : "; use " + example;
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

  private static String plain(double value) {
    return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
  }
}
