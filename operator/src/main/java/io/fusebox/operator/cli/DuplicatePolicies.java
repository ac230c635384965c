package io.fusebox.operator.cli;

import static io.fusebox.operator.desired.EchoedValues.quote;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Finds policy documents with the same namespace and name across all inputs. Applying both would
 * create one object and then replace its spec with the other, so one of the two policies would be
 * lost without an error.
 */
final class DuplicatePolicies {

  private final String defaultNamespace;
  private final Map<String, YamlDocument> firstByKey = new HashMap<>();
  private final List<String> errors = new ArrayList<>();

  /**
   * @param defaultNamespace namespace of documents that name none, as {@code -n} sets it
   */
  DuplicatePolicies(String defaultNamespace) {
    this.defaultNamespace = defaultNamespace;
  }

  /** Records {@code document}, or an error when an earlier document has its namespace and name. */
  void add(YamlDocument document) {
    JsonNode metadata = document.tree().path("metadata");
    JsonNode name = metadata.path("name");
    if (!name.isTextual() || name.asText().isEmpty()) {
      return;
    }
    JsonNode namespaceNode = metadata.path("namespace");
    String namespace =
        namespaceNode.isTextual() && !namespaceNode.asText().isEmpty()
            ? namespaceNode.asText()
            : defaultNamespace;
    String key = namespace + "/" + name.asText();
    YamlDocument first = firstByKey.putIfAbsent(key, document);
    if (first == null) {
      return;
    }
    errors.add(
        document.locate("metadata.name")
            + ": metadata.name: duplicate policy "
            + quote(name.asText())
            + " in namespace "
            + quote(namespace)
            + ", defined at "
            + position(first)
            + " and at "
            + position(document)
            + "; give each policy a unique name in its namespace, or delete one of them,"
            + " because applying both keeps only the last");
  }

  /** Returns one message per document that repeats an earlier namespace and name. */
  List<String> errors() {
    return errors;
  }

  private static String position(YamlDocument document) {
    return document.locate("metadata.name") + " (document " + document.index() + ")";
  }
}
