package io.fusebox.settings;

import com.fasterxml.jackson.core.JsonToken;
import io.fusebox.settings.YamlNode.MapNode;
import io.fusebox.settings.YamlNode.ScalarNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Parses and validates {@code circuit-breaker.yaml} as described in {@code docs/settings-file.md}.
 * Parsing is total: any input gives a document or a {@link SettingsException}. Unknown keys give
 * one {@link SettingsWarning} each and are logged once per key and content hash. Thread-safe.
 */
public final class SettingsParser {
  private static final Logger LOG = LoggerFactory.getLogger(SettingsParser.class);

  /** How many (content hash, key) pairs the parser remembers to log each warning once. */
  private static final int MAX_REMEMBERED_WARNINGS = 1024;

  /** Guarded by itself; insertion order lets the oldest entries go first. */
  private final Set<String> loggedWarnings = new LinkedHashSet<>();

  /** A parsed document with its warnings and content hash. */
  public record Result(SettingsDocument document, List<SettingsWarning> warnings, String hash) {
    /** Copies the warnings. */
    public Result {
      warnings = List.copyOf(warnings);
    }
  }

  /**
   * Parses {@code content}, logging each unknown key once per content hash.
   *
   * @param sourceName the file name for messages, for example {@code circuit-breaker.yaml}
   * @throws SettingsException naming the source, line, key and value of the first problem
   */
  public SettingsDocument parse(String sourceName, String content) throws SettingsException {
    return parseWithWarnings(sourceName, content).document();
  }

  /**
   * Parses {@code content} and returns the document, its warnings and its content hash; logs each
   * warning once per content hash.
   *
   * @throws SettingsException naming the source, line, key and value of the first problem
   */
  public Result parseWithWarnings(String sourceName, String content) throws SettingsException {
    String hash = ContentHash.of(content.getBytes(StandardCharsets.UTF_8));
    List<SettingsWarning> warnings = new ArrayList<>();
    YamlNode root = new YamlTreeReader(sourceName).read(content);
    SettingsDocument document = new DocumentReader(sourceName, warnings).read(root);
    for (SettingsWarning warning : warnings) {
      if (firstTime(hash + " " + warning.key())) {
        LOG.warn("{} (content hash {})", warning.message(), hash);
      }
    }
    return new Result(document, warnings, hash);
  }

  private boolean firstTime(String id) {
    synchronized (loggedWarnings) {
      if (!loggedWarnings.add(id)) {
        return false;
      }
      if (loggedWarnings.size() > MAX_REMEMBERED_WARNINGS) {
        loggedWarnings.remove(loggedWarnings.iterator().next());
      }
      return true;
    }
  }

  /** Converts the YAML tree of one file into a document. */
  private static final class DocumentReader {
    private final String source;
    private final List<SettingsWarning> warnings;

    DocumentReader(String source, List<SettingsWarning> warnings) {
      this.source = source;
      this.warnings = warnings;
    }

    SettingsDocument read(YamlNode root) throws SettingsException {
      MapNode top = map(root, "file", "write the top level as a map starting with `version: 1`");
      Map<String, YamlNode> entries =
          known(top, "", Set.of("version", "policy", "defaults", "services"));

      YamlNode versionNode = entries.get("version");
      if (versionNode == null) {
        throw error(root, "version", null, "is missing", "add the line `version: 1`");
      }
      int version = version(versionNode);

      Optional<PolicyRef> policy = Optional.empty();
      if (entries.containsKey("policy")) {
        policy = Optional.of(policy(entries.get("policy")));
      }

      BreakerSettings defaults = BreakerSettings.EMPTY;
      YamlNode defaultsNode = entries.get("defaults");
      if (defaultsNode != null && !isNull(defaultsNode)) {
        defaults = breaker(defaultsNode, "defaults");
      }

      TreeMap<String, BreakerSettings> services = new TreeMap<>();
      YamlNode servicesNode = entries.get("services");
      if (servicesNode != null && !isNull(servicesNode)) {
        services = services(servicesNode, defaults);
      }
      return new SettingsDocument(version, policy, defaults, services);
    }

    private TreeMap<String, BreakerSettings> services(YamlNode node, BreakerSettings defaults)
        throws SettingsException {
      MapNode map = map(node, "services", "write one entry per breaker, such as `database: {}`");
      TreeMap<String, BreakerSettings> services = new TreeMap<>();
      for (Map.Entry<String, YamlNode> service : map.entries().entrySet()) {
        String name = service.getKey();
        YamlNode value = service.getValue();
        if (!BreakerNames.isFileName(name)) {
          throw error(
              value,
              "services",
              "\"" + name + "\"",
              "has an invalid breaker name",
              "use up to 63 lower-case letters, digits and '_', starting and ending with a"
                  + " letter or digit");
        }
        String path = "services." + name;
        BreakerSettings entry = isNull(value) ? BreakerSettings.EMPTY : breaker(value, path);
        checkCrossFields(value, path, entry.withFallback(defaults));
        services.put(name, entry);
      }
      return services;
    }

    private int version(YamlNode node) throws SettingsException {
      try {
        int version = (Integer) ValueType.integer(1).fromNode(node);
        if (version == SettingsDocument.CURRENT_VERSION) {
          return version;
        }
      } catch (InvalidValueException e) {
        throw error(node, "version", node.display(), e.problem(), "write `version: 1`");
      }
      throw error(
          node,
          "version",
          node.display(),
          "is not supported",
          "this reader accepts version "
              + SettingsDocument.CURRENT_VERSION
              + "; write that version or upgrade the agent");
    }

    private PolicyRef policy(YamlNode node) throws SettingsException {
      String fix = "write `policy: {namespace: NS, name: NAME, generation: N}`";
      MapNode map = map(node, "policy", fix);
      Map<String, YamlNode> entries =
          known(map, "policy.", Set.of("namespace", "name", "generation"));
      String namespace = text(entries.get("namespace"), map, "policy.namespace", fix);
      String name = text(entries.get("name"), map, "policy.name", fix);
      YamlNode generation = entries.get("generation");
      if (generation == null) {
        throw error(map, "policy.generation", null, "is missing", fix);
      }
      if (generation instanceof ScalarNode scalar
          && scalar.token() == JsonToken.VALUE_NUMBER_INT
          && scalar.number() != null
          && scalar.number().signum() >= 0
          && scalar.number().toBigInteger().bitLength() < Long.SIZE) {
        return new PolicyRef(namespace, name, scalar.number().longValueExact());
      }
      throw error(
          generation,
          "policy.generation",
          generation.display(),
          "is not a non-negative integer",
          "use the policy's metadata.generation");
    }

    private BreakerSettings breaker(YamlNode node, String path) throws SettingsException {
      MapNode map =
          map(node, path, "write the breaker's keys as a map, such as `failure_threshold: 5`");
      BreakerSettings.Builder builder = BreakerSettings.builder();
      for (Map.Entry<String, YamlNode> entry : map.entries().entrySet()) {
        Optional<BreakerKey> key = BreakerKey.fromFileKey(entry.getKey());
        if (key.isEmpty()) {
          warnUnknown(path + "." + entry.getKey(), entry.getValue());
          continue;
        }
        try {
          builder.set(key.get(), key.get().type().fromNode(entry.getValue()));
        } catch (InvalidValueException e) {
          YamlNode value = e.offendingItem() != null ? e.offendingItem() : entry.getValue();
          throw error(value, path + "." + entry.getKey(), value.display(), e.problem(), e.fix());
        }
      }
      return builder.build();
    }

    private void checkCrossFields(YamlNode node, String path, BreakerSettings merged)
        throws SettingsException {
      Optional<CrossFieldRules.Violation> violation = CrossFieldRules.check(merged);
      if (violation.isEmpty()) {
        return;
      }
      CrossFieldRules.Violation broken = violation.get();
      String fileKey = broken.key().fileKey();
      YamlNode at = node instanceof MapNode map ? map.entries().getOrDefault(fileKey, node) : node;
      throw error(at, path + "." + fileKey, broken.value(), broken.problem(), broken.fix());
    }

    private Map<String, YamlNode> known(MapNode map, String prefix, Set<String> names) {
      Map<String, YamlNode> known = new LinkedHashMap<>();
      for (Map.Entry<String, YamlNode> entry : map.entries().entrySet()) {
        if (names.contains(entry.getKey())) {
          known.put(entry.getKey(), entry.getValue());
        } else {
          warnUnknown(prefix + entry.getKey(), entry.getValue());
        }
      }
      return Collections.unmodifiableMap(known);
    }

    private void warnUnknown(String path, YamlNode value) {
      String message =
          source
              + ":"
              + value.line()
              + ": "
              + path
              + " is not a known key and is ignored;"
              + " check its spelling against docs/settings-file.md";
      warnings.add(new SettingsWarning(source, value.line(), path, message));
    }

    private MapNode map(YamlNode node, String path, String fix) throws SettingsException {
      if (node instanceof MapNode map) {
        return map;
      }
      throw error(node, path, node.display(), "is not a map", fix);
    }

    private String text(YamlNode node, YamlNode parent, String path, String fix)
        throws SettingsException {
      if (node == null) {
        throw error(parent, path, null, "is missing", fix);
      }
      if (node instanceof ScalarNode scalar && scalar.isString() && !scalar.text().isEmpty()) {
        return scalar.text();
      }
      throw error(node, path, node.display(), "is not a non-empty string", fix);
    }

    private static boolean isNull(YamlNode node) {
      return node instanceof ScalarNode scalar && scalar.token() == JsonToken.VALUE_NULL;
    }

    private SettingsException error(
        YamlNode at, String key, String value, String problem, String fix) {
      return new SettingsException(source, at.line(), key, value, problem, fix);
    }
  }
}
