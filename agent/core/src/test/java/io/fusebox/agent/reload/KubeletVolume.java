package io.fusebox.agent.reload;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * A ConfigMap volume laid out the way the kubelet's atomic writer does it: the real file in a
 * hidden timestamped directory, {@code ..data} a symlink to that directory, and the visible file a
 * symlink to {@code ..data/<key>}. {@link #update} reproduces one kubelet update.
 */
final class KubeletVolume {
  static final String KEY = "circuit-breaker.yaml";

  private final Path directory;
  private int updates;

  KubeletVolume(Path directory) {
    this.directory = directory;
  }

  /** Creates the first version of the volume. */
  static KubeletVolume create(Path directory, String content) throws IOException {
    Files.createDirectories(directory);
    KubeletVolume volume = new KubeletVolume(directory);
    Path first = volume.writeTimestampedDirectory(content);
    Files.createSymbolicLink(directory.resolve("..data"), first.getFileName());
    Files.createSymbolicLink(directory.resolve(KEY), Path.of("..data", KEY));
    return volume;
  }

  Path file() {
    return directory.resolve(KEY);
  }

  Path directory() {
    return directory;
  }

  /**
   * Writes a new timestamped directory, points {@code ..data_tmp} at it, renames that over {@code
   * ..data} atomically and removes the old directory, as the kubelet does.
   */
  void update(String content) throws IOException {
    Path old = Files.readSymbolicLink(directory.resolve("..data"));
    Path next = writeTimestampedDirectory(content);
    Path tmp = directory.resolve("..data_tmp");
    Files.createSymbolicLink(tmp, next.getFileName());
    Files.move(tmp, directory.resolve("..data"), StandardCopyOption.ATOMIC_MOVE);
    deleteTree(directory.resolve(old));
  }

  /** Deletes the whole volume directory. */
  void deleteAll() throws IOException {
    deleteTree(directory);
  }

  private Path writeTimestampedDirectory(String content) throws IOException {
    updates++;
    Path dir =
        directory.resolve(String.format("..2026_12_04_15_00_%02d.%09d", updates % 60, updates));
    Files.createDirectory(dir);
    Files.writeString(dir.resolve(KEY), content, StandardCharsets.UTF_8);
    return dir;
  }

  private static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    }
  }
}
