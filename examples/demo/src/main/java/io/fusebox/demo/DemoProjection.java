package io.fusebox.demo;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Projects a ConfigMap into a directory the way the kubelet projects a ConfigMap volume, so the
 * agent's directory watcher reads the same layout as in a pod:
 *
 * <pre>
 *   dir/..2026_12_04_15_50_00.000000001/circuit-breaker.yaml   the content
 *   dir/..data -> ..2026_12_04_15_50_00.000000001               swapped atomically
 *   dir/circuit-breaker.yaml -> ..data/circuit-breaker.yaml     stable path
 * </pre>
 *
 * Every change seen through an informer writes a new timestamped directory, points {@code
 * ..data_tmp} at it, renames {@code ..data_tmp} over {@code ..data} (one atomic step) and deletes
 * the old directory.
 */
final class DemoProjection implements AutoCloseable {

  private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyy_MM_dd_HH_mm_ss");

  private final Path dir;
  private final Consumer<String> onUpdate;
  private final SharedIndexInformer<ConfigMap> informer;
  private long updates;
  private String lastContent = "";

  private DemoProjection(
      KubernetesClient client, String namespace, String name, Path dir, Consumer<String> onUpdate) {
    this.dir = dir;
    this.onUpdate = onUpdate;
    this.informer =
        client
            .configMaps()
            .inNamespace(namespace)
            .withName(name)
            .inform(
                new ResourceEventHandler<>() {
                  @Override
                  public void onAdd(ConfigMap configMap) {
                    project(configMap);
                  }

                  @Override
                  public void onUpdate(ConfigMap oldMap, ConfigMap newMap) {
                    project(newMap);
                  }

                  @Override
                  public void onDelete(ConfigMap configMap, boolean unknownFinalState) {}
                });
  }

  /**
   * Starts projecting ConfigMap {@code namespace/name} into {@code dir}.
   *
   * @param onUpdate called with the new content after each swap
   */
  static DemoProjection start(
      KubernetesClient client, String namespace, String name, Path dir, Consumer<String> onUpdate) {
    return new DemoProjection(client, namespace, name, dir, onUpdate);
  }

  /** Returns the path the agent reads: the stable key symlink. */
  Path file(String key) {
    return dir.resolve(key);
  }

  private synchronized void project(ConfigMap configMap) {
    Map<String, String> data = configMap.getData();
    if (data == null) {
      return;
    }
    String content = String.join("\n", data.values());
    if (content.equals(lastContent)) {
      return;
    }
    lastContent = content;
    updates++;
    String name =
        ".."
            + LocalDateTime.now(ZoneOffset.UTC).format(STAMP)
            + "."
            + String.format("%09d", updates);
    try {
      swap(dir, name, data);
    } catch (IOException e) {
      throw new UncheckedIOException("failed to project ConfigMap into " + dir, e);
    }
    onUpdate.accept(content);
  }

  /**
   * Writes {@code data} into {@code dir/<name>/}, points {@code ..data} at it with one atomic
   * rename, creates a symlink {@code <key> -> ..data/<key>} for each new key, and deletes the
   * directory {@code ..data} pointed at before.
   */
  static void swap(Path dir, String name, Map<String, String> data) throws IOException {
    Path target = dir.resolve(name);
    Files.createDirectories(target);
    for (Map.Entry<String, String> entry : data.entrySet()) {
      Files.writeString(target.resolve(entry.getKey()), entry.getValue(), StandardCharsets.UTF_8);
    }
    Path dataLink = dir.resolve("..data");
    Path previous =
        Files.isSymbolicLink(dataLink) ? dir.resolve(Files.readSymbolicLink(dataLink)) : null;
    Path tmp = dir.resolve("..data_tmp");
    Files.deleteIfExists(tmp);
    Files.createSymbolicLink(tmp, target.getFileName());
    Files.move(tmp, dataLink, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    for (String key : data.keySet()) {
      Path link = dir.resolve(key);
      if (!Files.isSymbolicLink(link)) {
        Files.createSymbolicLink(link, Path.of("..data", key));
      }
    }
    if (previous != null && !previous.equals(target)) {
      deleteTree(previous);
    }
  }

  private static void deleteTree(Path root) throws IOException {
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    }
  }

  @Override
  public void close() {
    informer.close();
  }
}
