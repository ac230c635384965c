package io.fusebox.reliability;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * A directory laid out as the kubelet lays out a mounted ConfigMap: the data in a hidden
 * timestamped directory, a {@code ..data} symlink to it that an update swaps atomically, and {@code
 * circuit-breaker.yaml} as a symlink through {@code ..data}.
 */
final class ConfigMapVolume {

  static final String KEY = "circuit-breaker.yaml";

  private final Path dir;
  private int version;

  ConfigMapVolume(Path dir) {
    this.dir = dir;
  }

  Path file() {
    return dir.resolve(KEY);
  }

  /** Publishes {@code content} as UTF-8 the way the kubelet updates a ConfigMap volume. */
  void publish(String content) throws IOException {
    publish(content.getBytes(StandardCharsets.UTF_8));
  }

  /** Publishes raw bytes the way the kubelet updates a ConfigMap volume. */
  void publish(byte[] content) throws IOException {
    Files.createDirectories(dir);
    Path data = dir.resolve("..v" + (++version));
    Files.createDirectory(data);
    Files.write(data.resolve(KEY), content);
    Path link = dir.resolve("..data_tmp");
    Files.deleteIfExists(link);
    Files.createSymbolicLink(link, data.getFileName());
    Files.move(link, dir.resolve("..data"), StandardCopyOption.ATOMIC_MOVE);
    if (!Files.exists(file(), LinkOption.NOFOLLOW_LINKS)) {
      Files.createSymbolicLink(file(), Path.of("..data", KEY));
    }
    try (Stream<Path> old = Files.list(dir)) {
      for (Path p : old.toList()) {
        String name = p.getFileName().toString();
        if (name.startsWith("..v") && !p.equals(data)) {
          deleteTree(p);
        }
      }
    }
  }

  /** Deletes the whole directory, as an unmounted volume leaves it. */
  void remove() throws IOException {
    deleteTree(dir);
  }

  private static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
