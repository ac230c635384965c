package io.fusebox.testing;

import io.fabric8.kubeapitest.KubeAPIServerConfigBuilder;
import io.fabric8.kubeapitest.Utils;
import io.fabric8.kubeapitest.binary.BinaryManager;
import io.fabric8.kubeapitest.binary.OSInfo;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Location of the Kubernetes binaries in the directory layout that fabric8 kube-api-test 7.5.2
 * reads: {@code <test dir>/k8s/<version>-<os>-<arch>/} with the files {@code etcd}, {@code
 * kube-apiserver} and {@code kubectl}. The Fusebox harness also runs {@code
 * kube-controller-manager} from the same directory. {@code scripts/provision-kube-binaries.sh}
 * fills it.
 *
 * @param directory the version directory that contains the binaries
 * @param version the Kubernetes version in the directory name, without a leading {@code v}
 */
public record KubeBinaries(Path directory, String version) {

  /** Script that provisions the binaries, relative to the repository root. */
  public static final String PROVISION_SCRIPT = "scripts/provision-kube-binaries.sh";

  private static final List<String> REQUIRED = List.of("etcd", "kube-apiserver", "kubectl");

  /**
   * Finds the newest complete binary directory. The test directory is {@code KUBE_API_TEST_DIR} or
   * {@code ~/.kubeapitest}, as in kube-api-test; {@code KUBE_API_TEST_API_SERVER_VERSION} selects
   * one exact version instead of the newest.
   *
   * @return the binaries, or empty when no directory holds all of etcd, kube-apiserver and kubectl
   */
  public static Optional<KubeBinaries> locate() {
    String testDir = System.getenv(KubeAPIServerConfigBuilder.KUBE_API_TEST_DIR);
    if (testDir == null || testDir.isBlank()) {
      testDir =
          Path.of(System.getProperty("user.home"), KubeAPIServerConfigBuilder.DIRECTORY_NAME)
              .toString();
    }
    String pinned = System.getenv(KubeAPIServerConfigBuilder.KUBE_API_TEST_API_SERVER_VERSION);
    return locate(Path.of(testDir), Optional.ofNullable(pinned).filter(v -> !v.isBlank()));
  }

  /**
   * Finds a complete binary directory under {@code testDir}.
   *
   * @param testDir the kube-api-test directory, which contains {@code k8s/}
   * @param pinnedVersion an exact version to use instead of the newest
   * @return the binaries, or empty when no directory holds all of etcd, kube-apiserver and kubectl
   */
  public static Optional<KubeBinaries> locate(Path testDir, Optional<String> pinnedVersion) {
    String suffix = Utils.platformSuffix(new OSInfo());
    Path listDir = testDir.resolve(BinaryManager.BINARY_LIST_DIR);
    if (!Files.isDirectory(listDir)) {
      return Optional.empty();
    }
    List<String> versions = new ArrayList<>();
    try (Stream<Path> entries = Files.list(listDir)) {
      entries
          .map(p -> p.getFileName().toString())
          .filter(name -> name.endsWith(suffix))
          .map(name -> name.substring(0, name.length() - suffix.length()))
          .filter(KubeBinaries::isNumericVersion)
          .filter(v -> pinnedVersion.map(v::equals).orElse(true))
          .filter(v -> isComplete(listDir.resolve(v + suffix)))
          .forEach(versions::add);
    } catch (IOException e) {
      throw new UncheckedIOException("Failed to list Kubernetes binaries in " + listDir, e);
    }
    return versions.stream()
        .max(Comparator.comparing(KubeBinaries::versionKey, Arrays::compare))
        .map(v -> new KubeBinaries(listDir.resolve(v + suffix), v));
  }

  /** Returns the etcd binary. */
  public Path etcd() {
    return directory.resolve("etcd");
  }

  /** Returns the kube-apiserver binary. */
  public Path apiServer() {
    return directory.resolve("kube-apiserver");
  }

  /** Returns the kubectl binary. */
  public Path kubectl() {
    return directory.resolve("kubectl");
  }

  /**
   * Returns the kube-controller-manager binary, which may be absent (see {@link
   * #hasControllerManager()}).
   */
  public Path controllerManager() {
    return directory.resolve("kube-controller-manager");
  }

  /** Returns whether kube-controller-manager is present; kube-api-test's own download lacks it. */
  public boolean hasControllerManager() {
    return Files.isExecutable(controllerManager());
  }

  private static boolean isComplete(Path dir) {
    return REQUIRED.stream().allMatch(name -> Files.isExecutable(dir.resolve(name)));
  }

  private static boolean isNumericVersion(String version) {
    return version.matches("\\d+(\\.\\d+)*");
  }

  private static int[] versionKey(String version) {
    return Stream.of(version.split("\\.")).mapToInt(Integer::parseInt).toArray();
  }
}
