package io.fusebox.operator.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fusebox.api.v1alpha1.CircuitBreakerPolicy;
import io.fusebox.testing.CrdInstaller;
import io.fusebox.testing.KubeApiServerTest;
import io.fusebox.testing.KubeTestEnvironment;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A policy stored before the CRD rejected a {@code severity} alert label, as after an upgrade of
 * the CRD, gets {@code Ready=False} with reason {@code InvalidSpec} from the operator instead of a
 * PrometheusRule that silently drops the label.
 */
@KubeApiServerTest(repositoryCrds = false)
class SeverityLabelConditionTest {

  private static final Duration BOUND = Duration.ofSeconds(30);

  private OperatorFixture fixture;
  private KubernetesClient client;

  @BeforeEach
  void startOperator(KubeTestEnvironment environment, KubernetesClient client) throws Exception {
    this.client = client;
    fixture = OperatorFixture.start(environment, client);
    fixture.createDeployment("checkout", 2);
  }

  @AfterEach
  void stopOperator() {
    fixture.close();
    // The control plane and its CRDs are shared by later test classes.
    OperatorFixture.installPolicyCrd(client);
  }

  @Test
  void storedSeverityLabelGivesInvalidSpec() throws Exception {
    installCrdWithoutSeverityRule();

    String yaml =
        Policies.basic("checkout", "checkout")
            + "  monitoring:\n    alerts:\n      labels: {severity: critical}\n";
    // The API server applies the relaxed schema shortly after the update, not at once.
    await().atMost(BOUND).ignoreExceptions().until(() -> fixture.createPolicy(yaml) != null);

    await()
        .atMost(BOUND)
        .until(() -> fixture.conditionIs("checkout", "Ready", "False", "InvalidSpec"));
    String message = fixture.condition("checkout", "Ready").orElseThrow().getMessage();
    assertThat(message)
        .contains("spec.monitoring.alerts.labels.severity")
        .contains("alert label severity is not allowed (was \"critical\")")
        .contains("set spec.monitoring.alerts.severity instead");
    assertThat(fixture.configMap("checkout")).isNull();
  }

  /** Reinstalls the policy CRD without the rule, as the CRD was before it had one. */
  private void installCrdWithoutSeverityRule() throws Exception {
    CustomResourceDefinition crd =
        client
            .resources(CustomResourceDefinition.class)
            .withName(CircuitBreakerPolicy.CRD_NAME)
            .get();
    JSONSchemaProps labels =
        crd.getSpec()
            .getVersions()
            .get(0)
            .getSchema()
            .getOpenAPIV3Schema()
            .getProperties()
            .get("spec")
            .getProperties()
            .get("monitoring")
            .getProperties()
            .get("alerts")
            .getProperties()
            .get("labels");
    boolean removed =
        labels.getXKubernetesValidations().removeIf(rule -> rule.getRule().contains("severity"));
    assertThat(removed).as("the CRD has a severity label rule to remove").isTrue();
    crd.getMetadata().setManagedFields(null);
    crd.getMetadata().setResourceVersion(null);
    crd.setStatus(null);
    String yaml = client.getKubernetesSerialization().asYaml(crd);
    CrdInstaller.install(
        client,
        new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)),
        CircuitBreakerPolicy.CRD_NAME);
  }
}
