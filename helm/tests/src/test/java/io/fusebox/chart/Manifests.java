package io.fusebox.chart;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** Parses multi-document Kubernetes YAML into typed fabric8 objects without any client. */
final class Manifests {

  private static final YAMLMapper YAML = new YAMLMapper();
  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

  private Manifests() {}

  /**
   * Parses every non-empty document of {@code yaml}. Kinds that fabric8 has no class for (such as
   * ServiceMonitor) become {@code GenericKubernetesResource}.
   */
  static List<HasMetadata> parse(String yaml) {
    List<HasMetadata> objects = new ArrayList<>();
    try (MappingIterator<Object> documents = YAML.readerFor(Object.class).readValues(yaml)) {
      while (documents.hasNext()) {
        Object document = documents.next();
        if (document == null || (document instanceof Map<?, ?> map && map.isEmpty())) {
          continue;
        }
        KubernetesResource resource =
            SERIALIZATION.convertValue(document, KubernetesResource.class);
        if (!(resource instanceof HasMetadata object)) {
          throw new IllegalArgumentException("document is not a Kubernetes object: " + document);
        }
        objects.add(object);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("invalid YAML: " + e.getMessage(), e);
    }
    return objects;
  }

  /**
   * Parses every {@code .yaml} and {@code .yml} file under {@code dir}, one list per file, except
   * files below a directory named in {@code skippedDirs}.
   */
  static Map<Path, List<HasMetadata>> parseTree(Path dir, Set<String> skippedDirs) {
    try (Stream<Path> files = Files.walk(dir)) {
      return files
          .filter(Files::isRegularFile)
          .filter(file -> !underSkippedDir(dir.relativize(file), skippedDirs))
          .filter(file -> file.toString().endsWith(".yaml") || file.toString().endsWith(".yml"))
          .sorted()
          .collect(
              Collectors.toMap(
                  file -> file, file -> parse(read(file)), (a, b) -> a, LinkedHashMap::new));
    } catch (IOException e) {
      throw new UncheckedIOException("failed to list " + dir, e);
    }
  }

  private static boolean underSkippedDir(Path relative, Set<String> skippedDirs) {
    for (Path part : relative) {
      if (skippedDirs.contains(part.toString())) {
        return true;
      }
    }
    return false;
  }

  static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException("failed to read " + file, e);
    }
  }

  /** Returns the objects of {@code type} in {@code objects}. */
  static <T extends HasMetadata> List<T> ofType(List<HasMetadata> objects, Class<T> type) {
    return objects.stream().filter(type::isInstance).map(type::cast).toList();
  }
}
