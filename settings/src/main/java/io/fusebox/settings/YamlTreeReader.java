package io.fusebox.settings;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fusebox.settings.YamlNode.ListNode;
import io.fusebox.settings.YamlNode.MapNode;
import io.fusebox.settings.YamlNode.ScalarNode;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads YAML text into a {@link YamlNode} tree with line numbers, using Jackson's YAML parser.
 * Duplicate keys are rejected through {@link JsonParser.Feature#STRICT_DUPLICATE_DETECTION}.
 */
final class YamlTreeReader {

  /** Largest settings file accepted, in characters; a ConfigMap holds at most 1 MiB. */
  static final int MAX_CHARACTERS = 1 << 20;

  /** Deepest nesting accepted; the layout needs 4 levels. */
  private static final int MAX_DEPTH = 20;

  private static final Pattern DUPLICATE = Pattern.compile("Duplicate field '(.*)'");

  private static final YAMLFactory FACTORY = newFactory();

  private final String source;

  YamlTreeReader(String source) {
    this.source = source;
  }

  /** Parses {@code content}, which must hold exactly one YAML document. */
  YamlNode read(String content) throws SettingsException {
    if (content.length() > MAX_CHARACTERS) {
      throw new SettingsException(
          source,
          0,
          "file",
          content.length() + " characters",
          "is too large",
          "keep the file under " + MAX_CHARACTERS + " characters");
    }
    try (JsonParser parser = FACTORY.createParser(content)) {
      JsonToken first = parser.nextToken();
      if (first == null) {
        throw new SettingsException(
            source, 1, "file", null, "is empty", "write at least the line `version: 1`");
      }
      YamlNode root = readValue(parser, 0);
      if (parser.nextToken() != null) {
        throw new SettingsException(
            source,
            line(parser.currentTokenLocation()),
            "file",
            null,
            "holds more than one YAML document",
            "keep a single document and remove `---`");
      }
      return root;
    } catch (JacksonException e) {
      throw syntaxError(e);
    } catch (IOException e) {
      throw new SettingsException(
          source,
          0,
          "file",
          null,
          "could not be read (" + e.getMessage() + ")",
          "check that the content is UTF-8 YAML");
    }
  }

  private YamlNode readValue(JsonParser parser, int depth) throws IOException, SettingsException {
    int line = line(parser.currentTokenLocation());
    JsonToken token = parser.currentToken();
    if (depth > MAX_DEPTH) {
      throw new SettingsException(
          source,
          line,
          "file",
          null,
          "is nested more than " + MAX_DEPTH + " levels deep",
          "follow the layout of docs/settings-file.md");
    }
    switch (token) {
      case START_OBJECT -> {
        Map<String, YamlNode> entries = new LinkedHashMap<>();
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
          String name = parser.currentName();
          parser.nextToken();
          entries.put(name, readValue(parser, depth + 1));
        }
        return new MapNode(line, entries);
      }
      case START_ARRAY -> {
        List<YamlNode> items = new ArrayList<>();
        while (parser.nextToken() != JsonToken.END_ARRAY) {
          items.add(readValue(parser, depth + 1));
        }
        return new ListNode(line, items);
      }
      case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> {
        return new ScalarNode(line, token, parser.getText(), number(parser));
      }
      default -> {
        String text = token == JsonToken.VALUE_NULL ? "null" : parser.getText();
        return new ScalarNode(line, token, text == null ? "" : text, null);
      }
    }
  }

  /** Returns the value of a number token, or null when it is not finite (.inf, .nan). */
  private static BigDecimal number(JsonParser parser) {
    try {
      return parser.getDecimalValue();
    } catch (NumberFormatException | IOException e) {
      return null;
    }
  }

  private SettingsException syntaxError(JacksonException e) {
    int line = line(e.getLocation());
    String original = e.getOriginalMessage() == null ? "" : e.getOriginalMessage();
    Matcher duplicate = DUPLICATE.matcher(original);
    if (duplicate.find()) {
      return new SettingsException(
          source,
          line,
          duplicate.group(1),
          null,
          "appears twice in the same map",
          "keep one of the two entries");
    }
    String reason = original.lines().findFirst().orElse("").strip();
    return new SettingsException(
        source,
        line,
        "file",
        null,
        "is not valid YAML (" + reason + ")",
        "fix the YAML syntax at that line");
  }

  private static int line(JsonLocation location) {
    return location == null ? 0 : Math.max(location.getLineNr(), 0);
  }

  private static YAMLFactory newFactory() {
    YAMLFactory factory = new YAMLFactory();
    factory.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
    factory.setStreamReadConstraints(
        StreamReadConstraints.builder()
            .maxNumberLength(100)
            .maxStringLength(MAX_CHARACTERS)
            .build());
    return factory;
  }
}
