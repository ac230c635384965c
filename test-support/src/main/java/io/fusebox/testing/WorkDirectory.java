package io.fusebox.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** Deletion of the control plane's temporary work directory. */
final class WorkDirectory {

  private WorkDirectory() {}

  /** Deletes {@code dir} and everything below it; a missing directory is not an error. */
  static void delete(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Failed to delete the control-plane directory " + dir, e);
    }
  }
}
