package io.fusebox.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fusebox.api.v1alpha1.CircuitBreakerPolicy;
import io.fusebox.testing.CrdInstaller;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Checks over the generated CRD schema. Kubernetes estimates the cost of a CEL rule from the
 * declared bounds of the values it reads, and rejects a CRD whose estimate exceeds the budget, so
 * every string of the spec needs {@code maxLength} (or an {@code enum}), every list {@code
 * maxItems} and every map {@code maxProperties}. The harness installs this CRD on a real API server
 * at start, which is the check that the estimate fits. The schema also has no field that names a
 * Secret.
 */
class CrdBoundsTest {

  private static JsonNode schema;

  @BeforeAll
  static void readCrd() throws Exception {
    Path crd =
        CrdInstaller.repositoryRoot()
            .orElseThrow()
            .resolve("crd")
            .resolve(CircuitBreakerPolicy.CRD_NAME + "-v1.yml");
    JsonNode root = new ObjectMapper(new YAMLFactory()).readTree(crd.toFile());
    schema = root.at("/spec/versions/0/schema/openAPIV3Schema");
    assertThat(schema.isMissingNode()).isFalse();
  }

  @Test
  void everySpecStringAndListIsBounded() {
    List<String> unbounded = new ArrayList<>();
    walk(schema.at("/properties/spec"), ".spec", unbounded);
    assertThat(unbounded).isEmpty();
  }

  /**
   * The status carries strings without {@code maxLength}: the condition fields come from the
   * fabric8 {@code Condition} model. Only the operator writes status and no CEL rule reads it, so
   * those strings add nothing to the CEL cost estimate. This test keeps it that way.
   */
  @Test
  void statusHasNoCelRules() {
    JsonNode status = schema.at("/properties/status");
    assertThat(status.isMissingNode()).isFalse();
    assertThat(status.findValues("x-kubernetes-validations")).isEmpty();
  }

  @Test
  void noFieldNamesSecret() {
    List<String> paths = new ArrayList<>();
    collectFieldNames(schema, "", paths);
    assertThat(paths).isNotEmpty();
    assertThat(paths).filteredOn(p -> p.toLowerCase(Locale.ROOT).contains("secret")).isEmpty();
    assertThat(schema.at("/properties/spec/properties/targetRef/properties/kind/enum").toString())
        .isEqualTo("[\"Deployment\",\"StatefulSet\"]");
  }

  private static void walk(JsonNode node, String path, List<String> unbounded) {
    String type = node.path("type").asText("");
    switch (type) {
      case "string" -> {
        if (!node.has("maxLength") && !node.has("enum")) {
          unbounded.add(path + " (string without maxLength)");
        }
      }
      case "array" -> {
        if (!node.has("maxItems")) {
          unbounded.add(path + " (array without maxItems)");
        }
        walk(node.path("items"), path + "[]", unbounded);
      }
      case "object" -> {
        if (node.has("additionalProperties") && node.get("additionalProperties").isObject()) {
          if (!node.has("maxProperties")) {
            unbounded.add(path + " (map without maxProperties)");
          }
          walk(node.get("additionalProperties"), path + "{}", unbounded);
        }
      }
      default -> {
        // NOTE: int-or-string fields (the PDB's minAvailable and maxUnavailable) carry no length
        // bound. The API server accepts the CRD's CEL rules with them, which the harness checks.
      }
    }
    Iterator<Map.Entry<String, JsonNode>> fields = node.path("properties").fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> field = fields.next();
      walk(field.getValue(), path + "." + field.getKey(), unbounded);
    }
  }

  private static void collectFieldNames(JsonNode node, String path, List<String> paths) {
    Iterator<Map.Entry<String, JsonNode>> fields = node.path("properties").fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> field = fields.next();
      String child = path + "." + field.getKey();
      paths.add(child);
      collectFieldNames(field.getValue(), child, paths);
    }
    if (node.has("items")) {
      collectFieldNames(node.get("items"), path + "[]", paths);
    }
  }
}
