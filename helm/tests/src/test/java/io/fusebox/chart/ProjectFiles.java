package io.fusebox.chart;

import java.nio.file.Files;
import java.nio.file.Path;

/** Paths of the repository files that the chart, image and example tests read. */
final class ProjectFiles {

  private ProjectFiles() {}

  /**
   * Finds the repository root by walking up from the working directory until a directory contains
   * {@code helm/fusebox/Chart.yaml}, so the tests run from the module or the root.
   */
  static Path root() {
    Path start = Path.of("").toAbsolutePath();
    for (Path dir = start; dir != null; dir = dir.getParent()) {
      if (Files.isRegularFile(dir.resolve("helm/fusebox/Chart.yaml"))) {
        return dir;
      }
    }
    throw new IllegalStateException(
        "helm/fusebox/Chart.yaml not found above "
            + start
            + "; run the tests inside the repository");
  }

  static Path chart() {
    return root().resolve("helm/fusebox");
  }
}
