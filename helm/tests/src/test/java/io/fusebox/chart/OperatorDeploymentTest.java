package io.fusebox.chart;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The operator Deployment: restricted security settings, probes, /tmp and configuration. */
class OperatorDeploymentTest {

  @Test
  void podMeetsRestrictedSecuritySettings() {
    PodSpec pod = deployment().getSpec().getTemplate().getSpec();

    PodSecurityContext podContext = pod.getSecurityContext();
    assertThat(podContext.getRunAsNonRoot()).isTrue();
    assertThat(podContext.getRunAsUser()).isPositive();
    assertThat(podContext.getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
    SecurityContext container = operatorContainer(pod).getSecurityContext();
    assertThat(container.getAllowPrivilegeEscalation()).isFalse();
    assertThat(container.getReadOnlyRootFilesystem()).isTrue();
    assertThat(container.getRunAsNonRoot()).isTrue();
    assertThat(container.getCapabilities().getDrop()).containsExactly("ALL");
    assertThat(container.getCapabilities().getAdd()).isNullOrEmpty();
    assertThat(container.getPrivileged()).isNotEqualTo(Boolean.TRUE);
  }

  @Test
  void tmpIsWritableEmptyDir() {
    PodSpec pod = deployment().getSpec().getTemplate().getSpec();

    assertThat(operatorContainer(pod).getVolumeMounts())
        .singleElement()
        .satisfies(
            mount -> {
              assertThat(mount.getMountPath()).isEqualTo("/tmp");
              assertThat(mount.getReadOnly()).isNotEqualTo(Boolean.TRUE);
            });
    assertThat(pod.getVolumes())
        .singleElement()
        .satisfies(volume -> assertThat(volume.getEmptyDir()).isNotNull());
  }

  @Test
  void probesUseOperatorHealthEndpoints() {
    Container container = operatorContainer(deployment().getSpec().getTemplate().getSpec());

    assertThat(container.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/healthz");
    assertThat(container.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/readyz");
    assertThat(container.getStartupProbe().getHttpGet().getPath()).isEqualTo("/healthz");
    assertThat(container.getPorts())
        .singleElement()
        .satisfies(
            port -> {
              assertThat(port.getName()).isEqualTo("http");
              assertThat(port.getContainerPort()).isEqualTo(8080);
            });
  }

  @Test
  void resourcesHaveRequestsAndMemoryLimit() {
    Container container = operatorContainer(deployment().getSpec().getTemplate().getSpec());

    assertThat(container.getResources().getRequests()).containsKeys("cpu", "memory");
    assertThat(container.getResources().getLimits()).containsKey("memory");
  }

  @Test
  void watchNamespacesReachOperatorEnvironment() {
    Deployment deployment = deployment("watchNamespaces={shop,payments}");

    List<EnvVar> env = operatorContainer(deployment.getSpec().getTemplate().getSpec()).getEnv();
    assertThat(env)
        .filteredOn(variable -> variable.getName().equals("FUSEBOX_NAMESPACES"))
        .singleElement()
        .satisfies(variable -> assertThat(variable.getValue()).isEqualTo("shop,payments"));
  }

  @Test
  void imageDefaultsToAppVersion() {
    Container container = operatorContainer(deployment().getSpec().getTemplate().getSpec());

    assertThat(container.getImage()).isEqualTo("fusebox/operator:0.1.0");
    assertThat(container.getArgs()).as("the image's entrypoint already runs 'operator'").isEmpty();
  }

  @Test
  void digestOverridesTag() {
    String digest = "sha256:" + "b".repeat(64);
    Container container =
        operatorContainer(
            deployment("image.digest=" + digest, "image.tag=9.9.9")
                .getSpec()
                .getTemplate()
                .getSpec());

    assertThat(container.getImage()).isEqualTo("fusebox/operator@" + digest);
  }

  private static Deployment deployment(String... values) {
    return Manifests.ofType(Helm.require().template(values), Deployment.class).get(0);
  }

  private static Container operatorContainer(PodSpec pod) {
    assertThat(pod.getContainers()).hasSize(1);
    return pod.getContainers().get(0);
  }
}
