package io.fusebox.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubeapitest.Utils;
import io.fabric8.kubeapitest.binary.OSInfo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KubeBinariesTest {

  private static final String SUFFIX = Utils.platformSuffix(new OSInfo());

  @TempDir Path testDir;

  @Test
  void locatePicksNewestCompleteVersion() throws IOException {
    binaries("1.9.0", "etcd", "kube-apiserver", "kubectl");
    binaries("1.34.4", "etcd", "kube-apiserver", "kubectl", "kube-controller-manager");
    binaries("1.35.0", "etcd", "kube-apiserver");

    Optional<KubeBinaries> located = KubeBinaries.locate(testDir, Optional.empty());

    assertThat(located).isPresent();
    assertThat(located.get().version()).isEqualTo("1.34.4");
    assertThat(located.get().apiServer())
        .isEqualTo(testDir.resolve("k8s/1.34.4" + SUFFIX + "/kube-apiserver"));
    assertThat(located.get().hasControllerManager()).isTrue();
  }

  @Test
  void locateHonoursPinnedVersion() throws IOException {
    binaries("1.33.0", "etcd", "kube-apiserver", "kubectl");
    binaries("1.34.4", "etcd", "kube-apiserver", "kubectl");

    Optional<KubeBinaries> located = KubeBinaries.locate(testDir, Optional.of("1.33.0"));

    assertThat(located).map(KubeBinaries::version).contains("1.33.0");
    assertThat(located.get().hasControllerManager()).isFalse();
  }

  @Test
  void locateReturnsEmptyWithoutDirectory() {
    assertThat(KubeBinaries.locate(testDir.resolve("absent"), Optional.empty())).isEmpty();
    assertThat(KubeBinaries.locate(testDir, Optional.of("1.34.4"))).isEmpty();
  }

  private void binaries(String version, String... names) throws IOException {
    Path dir = Files.createDirectories(testDir.resolve("k8s").resolve(version + SUFFIX));
    for (String name : List.of(names)) {
      Path file = Files.writeString(dir.resolve(name), "#!/bin/sh\n");
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
  }
}
