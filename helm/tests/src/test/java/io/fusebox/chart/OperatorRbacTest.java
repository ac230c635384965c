package io.fusebox.chart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.fusebox.api.v1alpha1.CircuitBreakerPolicy;
import io.fusebox.operator.runtime.FuseboxOperator;
import io.fusebox.operator.runtime.OperatorSettings;
import io.fusebox.operator.runtime.SystemClock;
import io.fusebox.testing.KubeApiServerTest;
import io.fusebox.testing.KubeTestEnvironment;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The operator runs under the chart's ServiceAccount with RBAC authorization on and reconciles a
 * policy to Ready. A permission the chart forgot makes a request fail with 403, so the policy never
 * becomes Ready and the test fails.
 */
@KubeApiServerTest
class OperatorRbacTest {

  private static final Duration RECONCILE_TIMEOUT = Duration.ofSeconds(90);

  @Test
  void namespacedModeReconcilesPolicyToReady(KubeTestEnvironment env, KubernetesClient admin)
      throws Exception {
    String namespace = env.namespace();
    List<HasMetadata> objects =
        Helm.require()
            .templateIn(namespace, "watchNamespaces={" + namespace + "}", "crds.install=false");

    runOperatorAndReconcile(env, admin, objects, Set.of(namespace));
  }

  @Test
  void clusterModeReconcilesPolicyToReady(KubeTestEnvironment env, KubernetesClient admin)
      throws Exception {
    String namespace = env.namespace();
    List<HasMetadata> objects = Helm.require().templateIn(namespace, "crds.install=false");

    runOperatorAndReconcile(env, admin, objects, Set.of());
  }

  private static void runOperatorAndReconcile(
      KubeTestEnvironment env,
      KubernetesClient admin,
      List<HasMetadata> chartObjects,
      Set<String> watchedNamespaces)
      throws Exception {
    String namespace = env.namespace();
    // The ServiceAccount and RBAC objects of the chart, as the admin would install them. The
    // Deployment and Service are left out because no kubelet runs here.
    for (HasMetadata object : chartObjects) {
      if (object instanceof Deployment || object instanceof CustomResourceDefinition) {
        continue;
      }
      if (object.getKind().equals("Service")) {
        continue;
      }
      admin.resource(object).serverSideApply();
    }
    admin.resource(targetDeployment(namespace)).serverSideApply();

    OperatorSettings settings =
        OperatorSettings.defaults()
            .withNamespaces(watchedNamespaces)
            .withLeaderElection(true, "fusebox-operator-leader", namespace)
            .withRecheckIntervals(Duration.ofSeconds(5), Duration.ofSeconds(5))
            .withReconcileThreads(2);
    try (KubernetesClient serviceAccount =
            env.controlPlane().newServiceAccountClient(namespace, "fusebox");
        FuseboxOperator operator =
            FuseboxOperator.start(
                serviceAccount.getConfiguration(), settings, SystemClock.utc(), () -> {})) {
      admin.resource(checkoutPolicy(namespace)).create();

      await("policy Ready=True")
          .atMost(RECONCILE_TIMEOUT)
          .pollInterval(Duration.ofMillis(500))
          .untilAsserted(() -> assertThat(readyStatus(admin, namespace)).isEqualTo("True"));
      ConfigMap settingsMap =
          admin.configMaps().inNamespace(namespace).withName("checkout-circuit-breakers").get();
      assertThat(settingsMap).isNotNull();
      assertThat(settingsMap.getData()).containsKey("circuit-breaker.yaml");
      assertThat(admin.policy().v1().podDisruptionBudget().inNamespace(namespace).list().getItems())
          .hasSize(1);
      assertThat(
              admin
                  .autoscaling()
                  .v2()
                  .horizontalPodAutoscalers()
                  .inNamespace(namespace)
                  .list()
                  .getItems())
          .hasSize(1);
      assertThat(operator.isReady()).isTrue();
    }
  }

  private static String readyStatus(KubernetesClient admin, String namespace) {
    CircuitBreakerPolicy policy =
        admin
            .resources(CircuitBreakerPolicy.class)
            .inNamespace(namespace)
            .withName("checkout")
            .get();
    if (policy == null
        || policy.getStatus() == null
        || policy.getStatus().getConditions() == null) {
      return "absent";
    }
    Long generation = policy.getMetadata().getGeneration();
    if (!generation.equals(policy.getStatus().getObservedGeneration())) {
      return "stale";
    }
    return policy.getStatus().getConditions().stream()
        .filter(condition -> condition.getType().equals("Ready"))
        .map(condition -> condition.getStatus() + " " + condition.getReason())
        .map(value -> value.startsWith("True") ? "True" : value)
        .findFirst()
        .orElse("absent");
  }

  private static CircuitBreakerPolicy checkoutPolicy(String namespace) {
    String yaml = Manifests.read(ProjectFiles.root().resolve("examples/checkout-policy.yaml"));
    CircuitBreakerPolicy policy =
        new KubernetesSerialization().unmarshal(yaml, CircuitBreakerPolicy.class);
    policy.getMetadata().setNamespace(namespace);
    return policy;
  }

  private static Deployment targetDeployment(String namespace) {
    Map<String, String> labels = Map.of("app.kubernetes.io/name", "checkout");
    return new DeploymentBuilder()
        .withNewMetadata()
        .withName("checkout")
        .withNamespace(namespace)
        .withLabels(labels)
        .endMetadata()
        .withNewSpec()
        .withReplicas(3)
        .withNewSelector()
        .withMatchLabels(labels)
        .endSelector()
        .withNewTemplate()
        .withNewMetadata()
        .withLabels(labels)
        .endMetadata()
        .withNewSpec()
        .addNewContainer()
        .withName("checkout")
        .withImage("fusebox/sample-service:0.1.0")
        .endContainer()
        .endSpec()
        .endTemplate()
        .endSpec()
        .build();
  }
}
