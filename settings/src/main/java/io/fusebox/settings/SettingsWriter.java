package io.fusebox.settings;

import java.util.Map;
import java.util.TreeMap;

/**
 * Writes a {@link SettingsDocument} as {@code circuit-breaker.yaml}. The output is deterministic:
 * keys sorted at every level, block style with two-space indentation, integers without a decimal
 * point, other decimals in their shortest plain form, strings double-quoted, lists in flow style
 * and no document start marker. Identical documents therefore give byte-identical files, and
 * parsing the output gives back an equal document.
 */
public final class SettingsWriter {
  private static final String INDENT = "  ";

  /** Returns the YAML text of {@code document}, ending with a newline. */
  public String write(SettingsDocument document) {
    StringBuilder out = new StringBuilder();
    if (!document.defaults().isEmpty()) {
      out.append("defaults:\n");
      writeBreaker(out, document.defaults(), INDENT);
    }
    document
        .policy()
        .ifPresent(
            policy -> {
              out.append("policy:\n");
              out.append(INDENT).append("generation: ").append(policy.generation()).append('\n');
              out.append(INDENT)
                  .append("name: ")
                  .append(YamlText.quote(policy.name()))
                  .append('\n');
              out.append(INDENT)
                  .append("namespace: ")
                  .append(YamlText.quote(policy.namespace()))
                  .append('\n');
            });
    if (document.services().isEmpty()) {
      out.append("services: {}\n");
    } else {
      out.append("services:\n");
      for (Map.Entry<String, BreakerSettings> service : document.services().entrySet()) {
        out.append(INDENT).append(service.getKey()).append(':');
        if (service.getValue().isEmpty()) {
          out.append(" {}\n");
        } else {
          out.append('\n');
          writeBreaker(out, service.getValue(), INDENT + INDENT);
        }
      }
    }
    out.append("version: ").append(document.version()).append('\n');
    return out.toString();
  }

  private static void writeBreaker(StringBuilder out, BreakerSettings settings, String indent) {
    Map<String, String> sorted = new TreeMap<>();
    for (Map.Entry<BreakerKey, Object> entry : settings.values().entrySet()) {
      BreakerKey key = entry.getKey();
      sorted.put(key.fileKey(), key.type().toYaml(entry.getValue()));
    }
    for (Map.Entry<String, String> entry : sorted.entrySet()) {
      out.append(indent).append(entry.getKey()).append(": ").append(entry.getValue()).append('\n');
    }
  }
}
