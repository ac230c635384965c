package io.fusebox.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** API server restart, ServiceAccount clients under RBAC, and the injected kubeconfig. */
@KubeApiServerTest(repositoryCrds = false)
class ControlPlaneLifecycleTest {

  @Test
  void restartKeepsStoredObjects(KubernetesClient client, KubeControlPlane controlPlane) {
    client.resource(configMap("survivor", "before")).create();

    controlPlane.stopApiServer();
    assertThat(controlPlane.isApiServerRunning()).isFalse();
    controlPlane.startApiServer();

    assertThat(controlPlane.isApiServerRunning()).isTrue();
    ConfigMap survivor = client.configMaps().withName("survivor").get();
    assertThat(survivor).isNotNull();
    assertThat(survivor.getData()).containsEntry("value", "before");
  }

  @Test
  void serviceAccountGetsOnlyGrantedVerbs(KubernetesClient client, KubeTestEnvironment env) {
    String namespace = env.namespace();
    client.resource(configMap("visible", "x")).create();
    client
        .resource(
            new ServiceAccountBuilder().withNewMetadata().withName("reader").endMetadata().build())
        .create();
    client
        .resource(
            new RoleBuilder()
                .withNewMetadata()
                .withName("configmap-reader")
                .endMetadata()
                .addNewRule()
                .withApiGroups("")
                .withResources("configmaps")
                .withVerbs("get", "list")
                .endRule()
                .build())
        .create();
    client
        .resource(
            new RoleBindingBuilder()
                .withNewMetadata()
                .withName("reader-reads-configmaps")
                .endMetadata()
                .withNewRoleRef("rbac.authorization.k8s.io", "Role", "configmap-reader")
                .addNewSubject()
                .withKind("ServiceAccount")
                .withName("reader")
                .withNamespace(namespace)
                .endSubject()
                .build())
        .create();

    try (KubernetesClient reader =
        env.controlPlane().newServiceAccountClient(namespace, "reader")) {
      assertThat(reader.configMaps().list().getItems())
          .extracting(c -> c.getMetadata().getName())
          .contains("visible");
      assertThatThrownBy(() -> reader.resource(configMap("forbidden", "y")).create())
          .isInstanceOfSatisfying(
              KubernetesClientException.class,
              e -> {
                assertThat(e.getCode()).isEqualTo(403);
                assertThat(e.getMessage())
                    .contains("system:serviceaccount:" + namespace + ":reader");
              });
      assertThatThrownBy(() -> reader.secrets().list())
          .isInstanceOfSatisfying(
              KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(403));
    }
  }

  @Test
  void kubeconfigPointsAtLocalServer(@KubeconfigPath Path kubeconfig, KubeControlPlane controlPlane)
      throws Exception {
    String yaml = Files.readString(kubeconfig);

    assertThat(yaml).contains("server: " + controlPlane.apiServerUrl());
    assertThat(controlPlane.apiServerUrl()).startsWith("https://127.0.0.1:");
  }

  @Test
  void eachTestGetsOwnNamespace(KubernetesClient client, KubeTestEnvironment env) {
    assertThat(client.getNamespace()).isEqualTo(env.namespace());
    assertThat(client.namespaces().withName(env.namespace()).get()).isNotNull();
    assertThat(env.namespace()).startsWith("t-each-test-gets-own-namespace-");
  }

  private static ConfigMap configMap(String name, String value) {
    return new ConfigMapBuilder()
        .withNewMetadata()
        .withName(name)
        .endMetadata()
        .withData(Map.of("value", value))
        .build();
  }
}
