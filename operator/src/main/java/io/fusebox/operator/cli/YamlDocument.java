package io.fusebox.operator.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.Map;

/**
 * One YAML document of an input file, with the line of every value so messages can point at it.
 *
 * @param file the file the document came from
 * @param index position of the document in the file, 1-based, counting empty documents
 * @param line line of the document's first key, 1-based
 * @param tree the document's content
 * @param lines line of each value by dotted path ({@code spec.breakers[0].name}); for a map entry,
 *     the line of its key
 */
record YamlDocument(Path file, int index, int line, JsonNode tree, Map<String, Integer> lines) {

  /**
   * Returns the line of {@code path}, or of its nearest parent that has one, or the document's
   * first line.
   */
  int lineOf(String path) {
    String current = path;
    while (!current.isEmpty()) {
      Integer found = lines.get(current);
      if (found != null) {
        return found;
      }
      int cut = Math.max(current.lastIndexOf('.'), current.lastIndexOf('['));
      current = cut < 0 ? "" : current.substring(0, cut);
    }
    return line;
  }

  /** Returns {@code file:line} for {@code path}. */
  String locate(String path) {
    return file + ":" + lineOf(path);
  }
}
