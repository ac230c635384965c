package io.fusebox.operator.cli;

import static io.fusebox.operator.desired.EchoedValues.quote;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fusebox.operator.desired.EchoedValues;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Checks of a policy's {@code metadata}, which the CRD schema does not describe because the API
 * server decodes it as a Kubernetes {@code ObjectMeta}. Without strict field validation the API
 * server drops a misspelt key such as {@code lables}, so the labels would never be set.
 */
final class MetadataChecks {

  /** Field names of {@code ObjectMeta}, in fabric8's property order (alphabetical). */
  static final List<String> KNOWN_FIELDS =
      List.of(ObjectMeta.class.getAnnotation(JsonPropertyOrder.class).value());

  private static final List<String> STRING_MAPS = List.of("labels", "annotations");

  private MetadataChecks() {}

  /** Adds the problems of {@code tree}'s {@code metadata} to {@code problems}. */
  static void check(JsonNode tree, List<SchemaValidator.Problem> problems) {
    JsonNode metadata = tree.path("metadata");
    JsonNode name = metadata.path("name");
    if (!name.isTextual() || name.asText().isEmpty()) {
      problems.add(
          new SchemaValidator.Problem(
              "metadata.name", "metadata.name is missing; name the policy"));
    }
    if (metadata.isMissingNode()) {
      return;
    }
    if (!metadata.isObject()) {
      problems.add(
          new SchemaValidator.Problem(
              "metadata",
              "metadata must be a mapping (was "
                  + SchemaHints.shown(metadata)
                  + "); write key: value pairs such as name: checkout"));
      return;
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = metadata.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> field = it.next();
      String path = "metadata." + EchoedValues.escape(field.getKey());
      if (!KNOWN_FIELDS.contains(field.getKey())) {
        problems.add(
            new SchemaValidator.Problem(
                path,
                "unknown field "
                    + quote(field.getKey())
                    + " in metadata; known fields: "
                    + String.join(", ", KNOWN_FIELDS)));
      } else if (STRING_MAPS.contains(field.getKey())) {
        checkStringMap(field.getValue(), path, problems);
      }
    }
  }

  private static void checkStringMap(
      JsonNode map, String path, List<SchemaValidator.Problem> problems) {
    if (!map.isObject()) {
      problems.add(
          new SchemaValidator.Problem(
              path,
              path
                  + " must be a mapping (was "
                  + SchemaHints.shown(map)
                  + "); write key: value pairs"));
      return;
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = map.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> entry = it.next();
      // The API server reads a null value as the empty string, which is a valid label value.
      if (!entry.getValue().isTextual() && !entry.getValue().isNull()) {
        String child = path + "." + EchoedValues.escape(entry.getKey());
        problems.add(
            new SchemaValidator.Problem(
                child,
                child
                    + " must be a string (was "
                    + SchemaHints.shown(entry.getValue())
                    + "); quote the value, such as \"true\" or \"8080\""));
      }
    }
  }
}
