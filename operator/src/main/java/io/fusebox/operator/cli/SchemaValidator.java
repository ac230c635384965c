package io.fusebox.operator.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fusebox.api.v1alpha1.CircuitBreakerPolicy;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Checks a document against the OpenAPI schema of the generated CRD, as the API server does at
 * admission: types, unknown fields, required fields, enums, ranges, lengths, patterns, list and map
 * sizes and list-map key uniqueness. The CEL rules are checked by the Java validation of the
 * desired-state builders. Each problem names the field path, the value and the fix.
 */
final class SchemaValidator {

  /** Classpath location of the CRD that the fabric8 generator writes into the API jar. */
  static final String CRD_RESOURCE =
      "META-INF/fabric8/" + CircuitBreakerPolicy.CRD_NAME + "-v1.yml";

  private static final Set<String> ROOT_FIELDS_OF_EVERY_OBJECT =
      Set.of("apiVersion", "kind", "metadata");

  private final JSONSchemaProps root;
  private final Map<String, Pattern> patterns = new HashMap<>();

  private SchemaValidator(JSONSchemaProps root) {
    this.root = root;
  }

  /** Loads the schema of the {@code v1alpha1} version from the generated CRD on the classpath. */
  static SchemaValidator fromClasspath() {
    try (InputStream in =
        SchemaValidator.class.getClassLoader().getResourceAsStream(CRD_RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(
            CRD_RESOURCE + " is missing from the classpath; rebuild fusebox-api");
      }
      CustomResourceDefinition crd = Serialization.unmarshal(in, CustomResourceDefinition.class);
      return new SchemaValidator(
          crd.getSpec().getVersions().stream()
              .filter(version -> CircuitBreakerPolicy.VERSION.equals(version.getName()))
              .findFirst()
              .orElseThrow()
              .getSchema()
              .getOpenAPIV3Schema());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Returns the schema problems of {@code tree} as (path, message) pairs; empty when valid. */
  List<Problem> validate(JsonNode tree) {
    List<Problem> problems = new ArrayList<>();
    JsonNode name = tree.path("metadata").path("name");
    if (!name.isTextual() || name.asText().isEmpty()) {
      problems.add(new Problem("metadata.name", "metadata.name is missing; name the policy"));
    }
    checkObject(tree, root, "", problems, ROOT_FIELDS_OF_EVERY_OBJECT);
    return problems;
  }

  /** One schema problem: the dotted path and the message. */
  record Problem(String path, String message) {}

  private void check(JsonNode node, JSONSchemaProps schema, String path, List<Problem> problems) {
    if (node.isNull()) {
      problems.add(new Problem(path, path + " is null; give a value or remove the key"));
      return;
    }
    if (Boolean.TRUE.equals(schema.getXKubernetesIntOrString())) {
      if (!node.isIntegralNumber() && !node.isTextual()) {
        problems.add(
            new Problem(
                path, path + " must be an integer or a string such as \"50%\" (was " + node + ")"));
      }
      return;
    }
    String type = schema.getType();
    if (type == null) {
      return;
    }
    switch (type) {
      case "object" -> {
        if (!node.isObject()) {
          problems.add(wrongType(path, "a mapping", node));
          return;
        }
        checkObject(node, schema, path, problems, Set.of());
      }
      case "array" -> checkArray(node, schema, path, problems);
      case "string" -> checkString(node, schema, path, problems);
      case "integer" -> {
        if (!node.isIntegralNumber()) {
          problems.add(wrongType(path, "an integer", node));
          return;
        }
        checkRange(node.decimalValue(), schema, path, problems);
      }
      case "number" -> {
        if (!node.isNumber()) {
          problems.add(wrongType(path, "a number", node));
          return;
        }
        checkRange(node.decimalValue(), schema, path, problems);
      }
      case "boolean" -> {
        if (!node.isBoolean()) {
          problems.add(wrongType(path, "true or false", node));
        }
      }
      default -> {}
    }
  }

  private void checkObject(
      JsonNode node,
      JSONSchemaProps schema,
      String path,
      List<Problem> problems,
      Set<String> free) {
    Map<String, JSONSchemaProps> properties = schema.getProperties();
    JSONSchemaProps additional =
        schema.getAdditionalProperties() == null
            ? null
            : schema.getAdditionalProperties().getSchema();
    if (schema.getMaxProperties() != null && node.size() > schema.getMaxProperties()) {
      problems.add(
          new Problem(
              path,
              path
                  + " has "
                  + node.size()
                  + " entries; at most "
                  + schema.getMaxProperties()
                  + " are allowed"));
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> field = it.next();
      String child = path.isEmpty() ? field.getKey() : path + "." + field.getKey();
      if (properties != null && properties.containsKey(field.getKey())) {
        check(field.getValue(), properties.get(field.getKey()), child, problems);
      } else if (additional != null) {
        check(field.getValue(), additional, child, problems);
      } else if (!free.contains(field.getKey())
          && !Boolean.TRUE.equals(schema.getXKubernetesPreserveUnknownFields())) {
        String known = properties == null ? "none" : String.join(", ", properties.keySet());
        problems.add(
            new Problem(
                child,
                "unknown field \""
                    + field.getKey()
                    + "\" in "
                    + (path.isEmpty() ? "the object" : path)
                    + "; known fields: "
                    + known));
      }
    }
    if (schema.getRequired() != null) {
      for (String required : schema.getRequired()) {
        if (!node.has(required)) {
          String child = path.isEmpty() ? required : path + "." + required;
          problems.add(new Problem(path, child + " is required but missing; add it"));
        }
      }
    }
  }

  private void checkArray(
      JsonNode node, JSONSchemaProps schema, String path, List<Problem> problems) {
    if (!node.isArray()) {
      problems.add(wrongType(path, "a list", node));
      return;
    }
    if (schema.getMaxItems() != null && node.size() > schema.getMaxItems()) {
      problems.add(
          new Problem(
              path,
              path
                  + " has "
                  + node.size()
                  + " items; at most "
                  + schema.getMaxItems()
                  + " are allowed"));
    }
    if (schema.getMinItems() != null && node.size() < schema.getMinItems()) {
      problems.add(
          new Problem(
              path,
              path
                  + " has "
                  + node.size()
                  + " items; at least "
                  + schema.getMinItems()
                  + " are required"));
    }
    for (int i = 0; i < node.size(); i++) {
      if (schema.getItems() != null && schema.getItems().getSchema() != null) {
        check(node.get(i), schema.getItems().getSchema(), path + "[" + i + "]", problems);
      }
    }
    if ("map".equals(schema.getXKubernetesListType())
        && schema.getXKubernetesListMapKeys() != null) {
      Map<String, Integer> seen = new HashMap<>();
      for (int i = 0; i < node.size(); i++) {
        StringBuilder key = new StringBuilder();
        for (String keyField : schema.getXKubernetesListMapKeys()) {
          key.append(keyField).append('=').append(node.get(i).path(keyField).asText()).append(' ');
        }
        Integer first = seen.putIfAbsent(key.toString().trim(), i);
        if (first != null) {
          problems.add(
              new Problem(
                  path + "[" + i + "]",
                  path
                      + "["
                      + i
                      + "] duplicates "
                      + path
                      + "["
                      + first
                      + "] ("
                      + key.toString().trim()
                      + "); each entry needs a"
                      + " unique "
                      + String.join(", ", schema.getXKubernetesListMapKeys())));
        }
      }
    }
  }

  private void checkString(
      JsonNode node, JSONSchemaProps schema, String path, List<Problem> problems) {
    if (!node.isTextual()) {
      problems.add(wrongType(path, "a string", node));
      return;
    }
    String text = node.asText();
    int length = text.codePointCount(0, text.length());
    if (schema.getEnum() != null && !schema.getEnum().isEmpty()) {
      List<String> allowed = schema.getEnum().stream().map(JsonNode::asText).toList();
      if (!allowed.contains(text)) {
        problems.add(
            new Problem(
                path,
                path
                    + " must be one of "
                    + String.join(", ", allowed)
                    + " (was \""
                    + text
                    + "\")"));
      }
    }
    if (schema.getMaxLength() != null && length > schema.getMaxLength()) {
      problems.add(
          new Problem(
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
          new Problem(
              path,
              path
                  + " must have at least "
                  + schema.getMinLength()
                  + " characters (was \""
                  + text
                  + "\")"));
    }
    if (schema.getPattern() != null
        && !patterns.computeIfAbsent(schema.getPattern(), Pattern::compile).matcher(text).find()) {
      problems.add(
          new Problem(
              path,
              path
                  + " does not match "
                  + schema.getPattern()
                  + " (was \""
                  + text
                  + "\")"
                  + SchemaHints.forPattern(schema.getPattern())));
    }
  }

  private static void checkRange(
      BigDecimal value, JSONSchemaProps schema, String path, List<Problem> problems) {
    String shown = value.stripTrailingZeros().toPlainString();
    if (schema.getMinimum() != null) {
      BigDecimal min = BigDecimal.valueOf(schema.getMinimum());
      boolean exclusive = Boolean.TRUE.equals(schema.getExclusiveMinimum());
      int compared = value.compareTo(min);
      if (compared < 0 || (exclusive && compared == 0)) {
        problems.add(
            new Problem(
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
            new Problem(
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

  private static Problem wrongType(String path, String expected, JsonNode node) {
    String example =
        switch (expected) {
          case "an integer" -> "; write a whole number such as 5, without quotes";
          case "a number" -> "; write a number such as 50 or 0.5, without quotes";
          case "a string" -> "; write text, quoted if it looks like a number";
          case "a list" -> "; write a YAML list with one '- ' item per line";
          case "a mapping" -> "; write key: value pairs";
          default -> "";
        };
    return new Problem(path, path + " must be " + expected + " (was " + node + ")" + example);
  }
}
