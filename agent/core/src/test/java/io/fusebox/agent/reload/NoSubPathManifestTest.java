package io.fusebox.agent.reload;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The kubelet never updates a file mounted with {@code subPath}, so no example or chart manifest
 * may mount the settings that way. Helm templates are not plain YAML, so the check reads lines: a
 * {@code subPath} in a volume mount whose path or sub-path names the settings file or the {@code
 * /etc/fusebox} directory is a violation.
 */
class NoSubPathManifestTest {

  @Test
  void manifestsNeverMountSettingsWithSubPath() throws IOException {
    Path root = repositoryRoot();
    List<Path> directories = new ArrayList<>();
    for (String name : List.of("examples", "helm")) {
      if (Files.isDirectory(root.resolve(name))) {
        directories.add(root.resolve(name));
      }
    }
    Assumptions.assumeFalse(directories.isEmpty(), "examples/ and helm/ do not exist yet");

    List<String> violations = new ArrayList<>();
    int files = 0;
    for (Path directory : directories) {
      try (Stream<Path> paths = Files.walk(directory)) {
        for (Path file : paths.filter(NoSubPathManifestTest::isYaml).toList()) {
          files++;
          violations.addAll(check(root, file));
        }
      }
    }

    assertThat(files).isPositive();
    assertThat(violations).isEmpty();
  }

  @Test
  void checkFindsSubPathMount() throws IOException {
    Path file = Files.createTempFile("deployment", ".yaml");
    try {
      Files.writeString(
          file,
          """
          volumeMounts:
            - name: fusebox
              mountPath: /etc/fusebox/circuit-breaker.yaml
              subPath: circuit-breaker.yaml
          """);

      assertThat(check(file.getParent(), file)).hasSize(1);
    } finally {
      Files.delete(file);
    }
  }

  /** Returns one message per volume mount in {@code file} that mounts the settings by subPath. */
  static List<String> check(Path root, Path file) throws IOException {
    List<String> lines = Files.readAllLines(file);
    List<String> violations = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      if (!line.startsWith("subPath:") && !line.startsWith("- subPath:")) {
        continue;
      }
      // The keys of one mount sit within a few lines of each other.
      int from = Math.max(0, i - 4);
      int to = Math.min(lines.size(), i + 5);
      String mount = String.join("\n", lines.subList(from, to)).toLowerCase(Locale.ROOT);
      if (mount.contains("circuit-breaker") || mount.contains("/etc/fusebox")) {
        violations.add(root.relativize(file) + ":" + (i + 1) + ": settings mounted with subPath");
      }
    }
    return violations;
  }

  private static boolean isYaml(Path path) {
    String name = path.getFileName().toString();
    return (name.endsWith(".yaml") || name.endsWith(".yml") || name.endsWith(".tpl"))
        && !path.toString().contains("/target/");
  }

  private static Path repositoryRoot() {
    Path dir = Path.of("").toAbsolutePath();
    while (dir != null && !Files.exists(dir.resolve("mvnw"))) {
      dir = dir.getParent();
    }
    return dir == null ? Path.of("").toAbsolutePath() : dir;
  }
}
