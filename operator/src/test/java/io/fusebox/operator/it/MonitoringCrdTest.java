package io.fusebox.operator.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fusebox.operator.reconciler.MonitoringCrdPresence;
import io.fusebox.operator.reconciler.MonitoringResources;
import io.fusebox.testing.CrdInstaller;
import io.fusebox.testing.KubeApiServerTest;
import io.fusebox.testing.KubeTestEnvironment;
import java.io.InputStream;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@KubeApiServerTest(repositoryCrds = false)
class MonitoringCrdTest {

  private static final Duration BOUND = Duration.ofSeconds(30);

  private OperatorFixture fixture;
  private KubernetesClient client;

  @BeforeEach
  void startWithoutMonitoringCrds(KubeTestEnvironment environment, KubernetesClient client)
      throws Exception {
    this.client = client;
    deleteMonitoringCrds();
    fixture = OperatorFixture.start(environment, client, Duration.ofSeconds(1));
    fixture.createDeployment("checkout", 2);
  }

  @AfterEach
  void stopOperator() {
    fixture.close();
    deleteMonitoringCrds();
  }

  @Test
  void missingCrdsAreConditionNotError() {
    fixture.createPolicy(Policies.withMonitoring("checkout", "checkout"));

    await()
        .atMost(BOUND)
        .until(
            () ->
                fixture.conditionIs(
                    "checkout", "MonitoringReady", "False", "MonitoringCRDsMissing"));
    assertThat(fixture.conditionIs("checkout", "Ready", "True", "Reconciled")).isTrue();
    assertThat(fixture.conditionIs("checkout", "ConfigMapReady", "True", "Applied")).isTrue();
  }

  @Test
  void laterInstalledCrdsArePickedUp() throws Exception {
    fixture.createPolicy(Policies.withMonitoring("checkout", "checkout"));
    await()
        .atMost(BOUND)
        .until(
            () ->
                fixture.conditionIs(
                    "checkout", "MonitoringReady", "False", "MonitoringCRDsMissing"));

    for (String name : MonitoringCrdPresence.CRD_NAMES) {
      try (InputStream yaml =
          getClass().getResourceAsStream("/monitoring-crds/" + name + ".yaml")) {
        CrdInstaller.install(client, yaml, name);
      }
    }

    await()
        .atMost(BOUND)
        .until(() -> fixture.conditionIs("checkout", "MonitoringReady", "True", "Applied"));
    var serviceMonitor =
        client.resources(MonitoringResources.ServiceMonitor.class).withName("checkout").get();
    var prometheusRule =
        client.resources(MonitoringResources.PrometheusRule.class).withName("checkout").get();
    assertThat(serviceMonitor).isNotNull();
    assertThat(prometheusRule).isNotNull();
    assertThat(serviceMonitor.getMetadata().getManagedFields())
        .anyMatch(
            f -> "fusebox-operator".equals(f.getManager()) && "Apply".equals(f.getOperation()));
    assertThat(prometheusRule.getAdditionalProperties()).containsKey("spec");
  }

  private void deleteMonitoringCrds() {
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
}
