package io.fusebox.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The kubelet-style layout that the demo writes for the agent. */
class DemoProjectionTest {

  @Test
  void firstSwapCreatesKubeletLayout(@TempDir Path dir) throws Exception {
    DemoProjection.swap(dir, "..stamp.1", Map.of("circuit-breaker.yaml", "version: 1\n"));

    assertThat(Files.readSymbolicLink(dir.resolve("..data"))).isEqualTo(Path.of("..stamp.1"));
    assertThat(Files.readSymbolicLink(dir.resolve("circuit-breaker.yaml")))
        .isEqualTo(Path.of("..data", "circuit-breaker.yaml"));
    assertThat(Files.readString(dir.resolve("circuit-breaker.yaml"))).isEqualTo("version: 1\n");
    assertThat(dir.resolve("..data_tmp")).doesNotExist();
  }

  @Test
  void secondSwapReplacesDataAndDeletesOld(@TempDir Path dir) throws Exception {
    DemoProjection.swap(dir, "..stamp.1", Map.of("circuit-breaker.yaml", "version: 1\n"));
    Path keyLink = dir.resolve("circuit-breaker.yaml");
    Object keyLinkBefore = Files.readAttributes(keyLink, "unix:ino", LinkOption.NOFOLLOW_LINKS);

    DemoProjection.swap(dir, "..stamp.2", Map.of("circuit-breaker.yaml", "version: 2\n"));

    assertThat(Files.readSymbolicLink(dir.resolve("..data"))).isEqualTo(Path.of("..stamp.2"));
    assertThat(Files.readString(keyLink)).isEqualTo("version: 2\n");
    assertThat(dir.resolve("..stamp.1")).doesNotExist();
    assertThat(Files.readAttributes(keyLink, "unix:ino", LinkOption.NOFOLLOW_LINKS))
        .as("the key symlink itself is never rewritten")
        .isEqualTo(keyLinkBefore);
  }
}
