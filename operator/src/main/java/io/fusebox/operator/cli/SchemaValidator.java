package io.fusebox.operator.cli;

import static io.fusebox.operator.desired.EchoedValues.quote;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fusebox.api.v1alpha1.CircuitBreakerPolicy;
import io.fusebox.operator.desired.EchoedValues;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks a document against the OpenAPI schema of the generated CRD, as the API server does at
 * admission: types, unknown fields, required fields, enums, ranges, lengths, patterns, list and map
 * sizes and list-map key uniqueness. {@link MetadataChecks} checks {@code metadata}, which the CRD
 * does not describe. The CEL rules are checked by the Java validation of the desired-state
 * builders. Each problem names the field path, the value and the fix.
 */
final class SchemaValidator {

  /** Classpath location of the CRD that the fabric8 generator writes into the API jar. */
  static final String CRD_RESOURCE =
      "META-INF/fabric8/" + CircuitBreakerPolicy.CRD_NAME + "-v1.yml";

  private static final Set<String> ROOT_FIELDS_OF_EVERY_OBJECT =
      Set.of("apiVersion", "kind", "metadata");

  private final JSONSchemaProps root;
  private final ScalarChecks scalars = new ScalarChecks();

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
    MetadataChecks.check(tree, problems);
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
                path,
                path
                    + " must be an integer or a string such as \"50%\" (was "
                    + SchemaHints.shown(node)
                    + ")"));
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
          problems.add(ScalarChecks.wrongType(path, "a mapping", node));
          return;
        }
        checkObject(node, schema, path, problems, Set.of());
      }
      case "array" -> checkArray(node, schema, path, problems);
      case "string" -> scalars.checkString(node, schema, path, problems);
      case "integer" -> {
        if (!node.isIntegralNumber()) {
          problems.add(ScalarChecks.wrongType(path, "an integer", node));
          return;
        }
        ScalarChecks.checkRange(node.decimalValue(), schema, path, problems);
      }
      case "number" -> {
        if (!node.isNumber()) {
          problems.add(ScalarChecks.wrongType(path, "a number", node));
          return;
        }
        ScalarChecks.checkRange(node.decimalValue(), schema, path, problems);
      }
      case "boolean" -> {
        if (!node.isBoolean()) {
          problems.add(ScalarChecks.wrongType(path, "true or false", node));
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
      String key = EchoedValues.escape(field.getKey());
      String child = path.isEmpty() ? key : path + "." + key;
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
                "unknown field "
                    + quote(field.getKey())
                    + " in "
                    + (path.isEmpty() ? "the object" : path)
                    + "; known fields: "
                    + known));
      }
    }
    if (schema.getRequired() != null) {
      for (String required : schema.getRequired()) {
        if (!node.has(required)) {
          String child = path.isEmpty() ? required : path + "." + required;
          problems.add(
              new Problem(
                  path,
                  child + " is required but missing; add it" + requiredInside(properties, child)));
        }
      }
    }
  }

  /** Returns {@code " with at least a.b, a.c"} when the missing object has required fields. */
  private static String requiredInside(Map<String, JSONSchemaProps> properties, String child) {
    String name = child.substring(child.lastIndexOf('.') + 1);
    JSONSchemaProps missing = properties == null ? null : properties.get(name);
    if (missing == null || missing.getRequired() == null || missing.getRequired().isEmpty()) {
      return "";
    }
    return " with at least "
        + String.join(
            ", ", missing.getRequired().stream().map(field -> child + "." + field).toList());
  }

  private void checkArray(
      JsonNode node, JSONSchemaProps schema, String path, List<Problem> problems) {
    if (!node.isArray()) {
      problems.add(ScalarChecks.wrongType(path, "a list", node));
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
          String value = EchoedValues.escape(node.get(i).path(keyField).asText());
          key.append(keyField).append('=').append(value).append(' ');
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
}
