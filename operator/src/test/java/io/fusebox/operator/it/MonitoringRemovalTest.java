package io.fusebox.operator.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fusebox.api.v1alpha1.CircuitBreakerPolicy;
import io.fusebox.operator.reconciler.MonitoringCrdPresence;
import io.fusebox.operator.reconciler.MonitoringResources.PrometheusRule;
import io.fusebox.operator.reconciler.MonitoringResources.ServiceMonitor;
import io.fusebox.testing.CrdInstaller;
import io.fusebox.testing.KubeApiServerTest;
import io.fusebox.testing.KubeTestEnvironment;
import java.io.InputStream;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Dropping {@code spec.monitoring} or {@code spec.monitoring.alerts} from a policy deletes the
 * ServiceMonitor or PrometheusRule the operator generated for it, while the policy stays.
 */
@KubeApiServerTest(repositoryCrds = false)
class MonitoringRemovalTest {

  private static final Duration BOUND = Duration.ofSeconds(30);

  private OperatorFixture fixture;
  private KubernetesClient client;

  @BeforeEach
  void startWithMonitoringCrds(KubeTestEnvironment environment, KubernetesClient client)
      throws Exception {
    this.client = client;
    for (String name : MonitoringCrdPresence.CRD_NAMES) {
      try (InputStream yaml =
          getClass().getResourceAsStream("/monitoring-crds/" + name + ".yaml")) {
        CrdInstaller.install(client, yaml, name);
      }
    }
    fixture = OperatorFixture.start(environment, client, Duration.ofSeconds(1));
    fixture.createDeployment("checkout", 2);
  }

  @AfterEach
  void stopOperatorAndDeleteCrds() {
    fixture.close();
    // Other classes on the shared control plane expect no monitoring CRDs.
    for (String name : MonitoringCrdPresence.CRD_NAMES) {
      client.resources(CustomResourceDefinition.class).withName(name).delete();
    }
    await()
        .atMost(BOUND)
        .until(
            () ->
                MonitoringCrdPresence.CRD_NAMES.stream()
                    .allMatch(
                        n ->
                            client.resources(CustomResourceDefinition.class).withName(n).get()
                                == null));
  }

  @Test
  void droppedAlertsDeletePrometheusRule() {
    fixture.createPolicy(Policies.withMonitoring("checkout", "checkout"));
    await().atMost(BOUND).until(() -> prometheusRule() != null && serviceMonitor() != null);

    mergePatch("{\"spec\":{\"monitoring\":{\"alerts\":null}}}");

    await().atMost(BOUND).until(() -> prometheusRule() == null);
    assertThat(serviceMonitor()).isNotNull();
    assertThat(fixture.policy("checkout")).isNotNull();
    await()
        .atMost(BOUND)
        .until(() -> fixture.conditionIs("checkout", "MonitoringReady", "True", "Applied"));
  }

  @Test
  void droppedMonitoringDeletesBothObjects() {
    fixture.createPolicy(Policies.withMonitoring("checkout", "checkout"));
    await().atMost(BOUND).until(() -> prometheusRule() != null && serviceMonitor() != null);

    mergePatch("{\"spec\":{\"monitoring\":null}}");

    await().atMost(BOUND).until(() -> prometheusRule() == null && serviceMonitor() == null);
    assertThat(fixture.policy("checkout")).isNotNull();
    await().atMost(BOUND).until(() -> fixture.condition("checkout", "MonitoringReady").isEmpty());
    assertThat(fixture.conditionIs("checkout", "Ready", "True", "Reconciled")).isTrue();
  }

  @Test
  void policyWithoutMonitoringCreatesNone() {
    fixture.createPolicy(Policies.basic("checkout", "checkout"));

    await()
        .atMost(BOUND)
        .until(() -> fixture.conditionIs("checkout", "Ready", "True", "Reconciled"));
    assertThat(serviceMonitor()).isNull();
    assertThat(prometheusRule()).isNull();
  }

  private void mergePatch(String patch) {
    client
        .resources(CircuitBreakerPolicy.class)
        .withName("checkout")
        .patch(PatchContext.of(PatchType.JSON_MERGE), patch);
  }

  private ServiceMonitor serviceMonitor() {
    return client.resources(ServiceMonitor.class).withName("checkout").get();
  }

  private PrometheusRule prometheusRule() {
    return client.resources(PrometheusRule.class).withName("checkout").get();
  }
}
