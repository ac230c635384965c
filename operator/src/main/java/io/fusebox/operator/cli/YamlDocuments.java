package io.fusebox.operator.cli;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fusebox.operator.desired.EchoedValues;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/**
 * Reads multi-document YAML into trees that remember the line of every value. Jackson's YAML parser
 * reports token locations, so each value's line comes from the parser, not from a search in the
 * text.
 */
final class YamlDocuments {

  private static final YAMLFactory FACTORY = new YAMLFactory();
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  /** A YAML text that could not be read; {@link #line} is 1-based. */
  static final class InvalidYamlException extends Exception {
    private static final long serialVersionUID = 1L;
    final int line;

    InvalidYamlException(int line, String message) {
      super(message);
      this.line = line;
    }
  }

  private final Path file;
  private Map<String, Integer> lines;

  private YamlDocuments(Path file) {
    this.file = file;
  }

  /**
   * Reads every document of {@code content}; empty documents are skipped.
   *
   * @throws InvalidYamlException when the text is not valid YAML, a document is not a mapping or a
   *     mapping repeats a key
   */
  static List<YamlDocument> read(Path file, String content) throws InvalidYamlException {
    return new YamlDocuments(file).readAll(content);
  }

  private List<YamlDocument> readAll(String content) throws InvalidYamlException {
    List<YamlDocument> documents = new ArrayList<>();
    try (JsonParser parser = FACTORY.createParser(content)) {
      JsonToken token;
      int index = 0;
      while ((token = parser.nextToken()) != null) {
        index++;
        if (token == JsonToken.VALUE_NULL) {
          continue;
        }
        int line = line(parser.currentTokenLocation());
        if (token != JsonToken.START_OBJECT) {
          throw new InvalidYamlException(
              line,
              "document is not a mapping (found "
                  + describe(token)
                  + "); each document must be a Kubernetes object with apiVersion and kind");
        }
        lines = new HashMap<>();
        JsonNode tree = readValue(parser, "");
        documents.add(new YamlDocument(file, index, line, tree, Map.copyOf(lines)));
      }
    } catch (JsonProcessingException e) {
      throw invalidYaml(e);
    } catch (IOException e) {
      throw new InvalidYamlException(1, "could not read YAML: " + e.getMessage());
    }
    return documents;
  }

  private JsonNode readValue(JsonParser parser, String path)
      throws IOException, InvalidYamlException {
    JsonToken token = parser.currentToken();
    if (!path.isEmpty()) {
      lines.putIfAbsent(path, line(parser.currentTokenLocation()));
    }
    switch (token) {
      case START_OBJECT:
        return readObject(parser, path);
      case START_ARRAY:
        ArrayNode array = NODES.arrayNode();
        int index = 0;
        while (parser.nextToken() != JsonToken.END_ARRAY) {
          array.add(readValue(parser, path + "[" + index + "]"));
          index++;
        }
        return array;
      case VALUE_STRING:
        return NODES.textNode(parser.getText());
      case VALUE_NUMBER_INT:
        return switch (parser.getNumberType()) {
          case INT -> NODES.numberNode(parser.getIntValue());
          case LONG -> NODES.numberNode(parser.getLongValue());
          default -> NODES.numberNode(parser.getBigIntegerValue());
        };
      case VALUE_NUMBER_FLOAT:
        return NODES.numberNode(parser.getDecimalValue());
      case VALUE_TRUE:
        return NODES.booleanNode(true);
      case VALUE_FALSE:
        return NODES.booleanNode(false);
      case VALUE_NULL:
        return NODES.nullNode();
      default:
        throw new InvalidYamlException(
            line(parser.currentTokenLocation()), "unsupported YAML value (" + token + ")");
    }
  }

  private ObjectNode readObject(JsonParser parser, String path)
      throws IOException, InvalidYamlException {
    ObjectNode object = NODES.objectNode();
    while (parser.nextToken() == JsonToken.FIELD_NAME) {
      String name = parser.currentName();
      int keyLine = line(parser.currentTokenLocation());
      String key = EchoedValues.escape(name);
      String child = path.isEmpty() ? key : path + "." + key;
      if (object.has(name)) {
        throw new InvalidYamlException(
            keyLine,
            child
                + ": duplicate key ("
                + EchoedValues.quote(name)
                + "), first set on line "
                + lines.get(child)
                + "; remove one of them");
      }
      lines.put(child, keyLine);
      parser.nextToken();
      object.set(name, readValue(parser, child));
    }
    return object;
  }

  /** Turns a parser error into a one-line message at the line of the problem. */
  private static InvalidYamlException invalidYaml(JsonProcessingException e) {
    if (e.getCause() instanceof MarkedYAMLException marked && marked.getProblemMark() != null) {
      String context = marked.getContext() == null ? "" : " (" + marked.getContext() + ")";
      return new InvalidYamlException(
          marked.getProblemMark().getLine() + 1,
          "invalid YAML: " + marked.getProblem() + context + "; check the indentation and quoting");
    }
    int line = e.getLocation() == null ? 1 : line(e.getLocation());
    String message = e.getOriginalMessage().lines().findFirst().orElse("unreadable input");
    return new InvalidYamlException(line, "invalid YAML: " + message);
  }

  private static int line(JsonLocation location) {
    return Math.max(1, location.getLineNr());
  }

  private static String describe(JsonToken token) {
    return switch (token) {
      case START_ARRAY -> "a list";
      case VALUE_STRING -> "a string";
      default -> "a scalar";
    };
  }
}
