package io.fusebox.chart;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * No workload in {@code examples/} or the chart mounts a volume with {@code subPath}: the kubelet
 * never updates a {@code subPath} mount of a ConfigMap, so hot reload would silently stop.
 */
class SubPathMountTest {

  @Test
  void examplesMountNothingWithSubPath() {
    // examples/invalid/ holds policies that validation must reject, some of them broken YAML.
    Map<Path, List<HasMetadata>> files =
        Manifests.parseTree(ProjectFiles.root().resolve("examples"), Set.of("invalid", "target"));
    List<HasMetadata> objects = files.values().stream().flatMap(List::stream).toList();

    assertThat(podSpecs(objects)).as("workloads in examples/").isNotEmpty();
    assertThat(subPathMounts(objects)).isEmpty();
  }

  @Test
  void sampleServiceMountsSettingsDirectory() {
    List<HasMetadata> objects =
        Manifests.parse(
            Manifests.read(ProjectFiles.root().resolve("examples/sample-service.yaml")));

    List<VolumeMount> mounts = new ArrayList<>();
    podSpecs(objects)
        .forEach(pod -> pod.getContainers().forEach(c -> mounts.addAll(c.getVolumeMounts())));
    assertThat(mounts)
        .filteredOn(mount -> mount.getMountPath().equals("/etc/fusebox"))
        .singleElement()
        .satisfies(mount -> assertThat(mount.getSubPath()).isNull());
  }

  @Test
  void chartMountsNothingWithSubPath() {
    Helm helm = Helm.require();
    for (String[] values :
        List.of(
            new String[0],
            new String[] {"watchNamespaces={shop}", "serviceMonitor.enabled=true"})) {
      List<HasMetadata> objects = helm.template(values);

      assertThat(podSpecs(objects)).isNotEmpty();
      assertThat(subPathMounts(objects)).isEmpty();
    }
  }

  static List<PodSpec> podSpecs(List<HasMetadata> objects) {
    List<PodSpec> pods = new ArrayList<>();
    Manifests.ofType(objects, Deployment.class)
        .forEach(d -> pods.add(d.getSpec().getTemplate().getSpec()));
    Manifests.ofType(objects, StatefulSet.class)
        .forEach(s -> pods.add(s.getSpec().getTemplate().getSpec()));
    Manifests.ofType(objects, DaemonSet.class)
        .forEach(d -> pods.add(d.getSpec().getTemplate().getSpec()));
    return pods;
  }

  /** Returns "container: mountPath" for every mount that sets subPath or subPathExpr. */
  static List<String> subPathMounts(List<HasMetadata> objects) {
    List<String> found = new ArrayList<>();
    for (PodSpec pod : podSpecs(objects)) {
      Stream.concat(pod.getContainers().stream(), pod.getInitContainers().stream())
          .forEach(
              container ->
                  container.getVolumeMounts().stream()
                      .filter(mount -> mount.getSubPath() != null || mount.getSubPathExpr() != null)
                      .forEach(
                          mount -> found.add(container.getName() + ": " + mount.getMountPath())));
    }
    return found;
  }
}
