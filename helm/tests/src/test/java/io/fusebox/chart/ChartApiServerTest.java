package io.fusebox.chart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fusebox.testing.CrdInstaller;
import io.fusebox.testing.KubeApiServerTest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Every object the chart renders is accepted by a real kube-apiserver (server-side dry run), and
 * the operator's Pod passes the PodSecurity admission plugin at the "restricted" level.
 */
@KubeApiServerTest
class ChartApiServerTest {

  private static final String FIELD_MANAGER = "fusebox-chart-test";

  @BeforeEach
  void createNamespaces(KubernetesClient client) {
    for (String name : List.of(Helm.NAMESPACE, "shop", "payments")) {
      client.resource(namespace(name, Map.of())).serverSideApply();
    }
    CrdInstaller.install(
        client,
        ChartApiServerTest.class.getResourceAsStream("/servicemonitors.monitoring.coreos.com.yaml"),
        "servicemonitors.monitoring.coreos.com.yaml");
  }

  @Test
  void serverAcceptsDefaultRendering(KubernetesClient client) {
    List<HasMetadata> objects = Helm.require().template();

    assertThat(dryRunRejections(client, objects)).isEmpty();
  }

  @Test
  void serverAcceptsEveryOptionOn(KubernetesClient client) {
    List<HasMetadata> objects =
        Helm.require()
            .template(
                "watchNamespaces={shop,payments}",
                "serviceMonitor.enabled=true",
                "grafanaDashboard.enabled=true",
                "crds.install=false");

    assertThat(objects).hasSizeGreaterThan(10);
    assertThat(dryRunRejections(client, objects)).isEmpty();
  }

  @Test
  void operatorPodPassesRestrictedLevel(KubernetesClient client) {
    String restricted = "fusebox-restricted";
    client
        .resource(namespace(restricted, Map.of("pod-security.kubernetes.io/enforce", "restricted")))
        .serverSideApply();
    Deployment deployment = Manifests.ofType(Helm.require().template(), Deployment.class).get(0);
    createServiceAccount(client, restricted, podServiceAccount(deployment));

    Pod pod = podFrom(deployment, restricted);
    Pod accepted = client.resource(pod).inNamespace(restricted).dryRun().create();

    assertThat(accepted.getMetadata().getName()).isEqualTo(pod.getMetadata().getName());
  }

  @Test
  void restrictedLevelRejectsPlainPod(KubernetesClient client) {
    // Shows that PodSecurity admission is active, so the test above can fail.
    String restricted = "fusebox-restricted-check";
    client
        .resource(namespace(restricted, Map.of("pod-security.kubernetes.io/enforce", "restricted")))
        .serverSideApply();
    Deployment deployment = Manifests.ofType(Helm.require().template(), Deployment.class).get(0);
    createServiceAccount(client, restricted, podServiceAccount(deployment));
    Pod pod = podFrom(deployment, restricted);
    pod.getSpec().setSecurityContext(null);
    pod.getSpec().getContainers().forEach(container -> container.setSecurityContext(null));

    assertThatThrownBy(() -> client.resource(pod).inNamespace(restricted).dryRun().create())
        .isInstanceOf(KubernetesClientException.class)
        .hasMessageContaining("violates PodSecurity \"restricted");
  }

  /** Sends each object as a server-side-apply dry run; returns one line per rejected object. */
  private static List<String> dryRunRejections(KubernetesClient client, List<HasMetadata> objects) {
    List<String> rejections = new ArrayList<>();
    for (HasMetadata object : objects) {
      try {
        client
            .resource(object)
            .dryRun()
            .fieldManager(FIELD_MANAGER)
            .forceConflicts()
            .serverSideApply();
      } catch (KubernetesClientException e) {
        rejections.add(
            object.getKind() + "/" + object.getMetadata().getName() + ": " + e.getMessage());
      }
    }
    return rejections;
  }

  private static String podServiceAccount(Deployment deployment) {
    return deployment.getSpec().getTemplate().getSpec().getServiceAccountName();
  }

  /** Creates the ServiceAccount, which the ServiceAccount admission plugin requires of a Pod. */
  private static void createServiceAccount(KubernetesClient client, String namespace, String name) {
    client
        .resource(
            new ServiceAccountBuilder()
                .withNewMetadata()
                .withName(name)
                .withNamespace(namespace)
                .endMetadata()
                .build())
        .serverSideApply();
  }

  private static Pod podFrom(Deployment deployment, String namespace) {
    PodSpec spec = deployment.getSpec().getTemplate().getSpec();
    return new PodBuilder()
        .withNewMetadata()
        .withName("fusebox-operator-check")
        .withNamespace(namespace)
        .withLabels(deployment.getSpec().getTemplate().getMetadata().getLabels())
        .endMetadata()
        .withSpec(spec)
        .build();
  }

  private static Namespace namespace(String name, Map<String, String> labels) {
    return new NamespaceBuilder()
        .withNewMetadata()
        .withName(name)
        .withLabels(labels)
        .endMetadata()
        .build();
  }
}
