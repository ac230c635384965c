package io.fusebox.operator.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fusebox.api.v1alpha1.CircuitBreakerPolicy;
import io.fusebox.testing.KubeApiServerTest;
import io.fusebox.testing.KubeTestEnvironment;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@KubeApiServerTest(controllerManager = true, repositoryCrds = false)
class PolicyLifecycleTest {

  private static final Duration BOUND = Duration.ofSeconds(30);

  private OperatorFixture fixture;

  @BeforeEach
  void startOperator(KubeTestEnvironment environment, KubernetesClient client) throws Exception {
    fixture = OperatorFixture.start(environment, client);
  }

  @AfterEach
  void stopOperator() {
    fixture.close();
  }

  @Test
  void createdPolicyGetsConfigMapAndReady() {
    fixture.createDeployment("checkout", 2);
    fixture.createPolicy(Policies.basic("checkout", "checkout"));

    await()
        .atMost(BOUND)
        .until(() -> fixture.conditionIs("checkout", "Ready", "True", "Reconciled"));
    ConfigMap configMap = fixture.configMap("checkout");
    CircuitBreakerPolicy policy = fixture.policy("checkout");

    assertThat(configMap.getData().get("circuit-breaker.yaml"))
        .contains("external_api:")
        .contains("failure_threshold: 3");
    assertThat(policy.getStatus().getObservedGeneration()).isEqualTo(1L);
    assertThat(policy.getStatus().getConfigMapName()).isEqualTo("checkout-circuit-breakers");
    assertThat(policy.getStatus().getBreakers()).isEqualTo(2);
    assertThat(policy.getStatus().getConfigHash()).hasSize(16);
    assertThat(fixture.conditionIs("checkout", "ConfigMapReady", "True", "Applied")).isTrue();
  }

  @Test
  void configMapIsAppliedWithOneFieldManager() {
    fixture.createDeployment("checkout", 2);
    fixture.createPolicy(Policies.basic("checkout", "checkout"));

    await().atMost(BOUND).until(() -> fixture.configMap("checkout") != null);
    ConfigMap configMap = fixture.configMap("checkout");

    assertThat(configMap.getMetadata().getManagedFields())
        .filteredOn(f -> "fusebox-operator".equals(f.getManager()))
        .extracting(f -> f.getOperation())
        .containsExactly("Apply");
    OwnerReference owner = configMap.getMetadata().getOwnerReferences().get(0);
    assertThat(owner.getKind()).isEqualTo("CircuitBreakerPolicy");
    assertThat(owner.getController()).isTrue();
  }

  @Test
  void specChangeUpdatesConfigMap(KubernetesClient client) {
    fixture.createDeployment("checkout", 2);
    fixture.createPolicy(Policies.basic("checkout", "checkout"));
    await()
        .atMost(BOUND)
        .until(() -> fixture.conditionIs("checkout", "Ready", "True", "Reconciled"));
    String firstHash = fixture.policy("checkout").getStatus().getConfigHash();

    client
        .resources(CircuitBreakerPolicy.class)
        .withName("checkout")
        .edit(
            p -> {
              p.getSpec().getBreakers().get(0).setFailureThreshold(9);
              return p;
            });

    await()
        .atMost(BOUND)
        .until(
            () ->
                Long.valueOf(2)
                    .equals(fixture.policy("checkout").getStatus().getObservedGeneration()));
    CircuitBreakerPolicy updated = fixture.policy("checkout");
    assertThat(updated.getStatus().getConfigHash()).isNotEqualTo(firstHash);
    assertThat(fixture.configMap("checkout").getData().get("circuit-breaker.yaml"))
        .contains("failure_threshold: 9");
    assertThat(fixture.conditionIs("checkout", "Ready", "True", "Reconciled")).isTrue();
  }

  @Test
  void deletedPolicyLosesConfigMap(KubernetesClient client) {
    fixture.createDeployment("checkout", 2);
    fixture.createPolicy(Policies.basic("checkout", "checkout"));
    await().atMost(BOUND).until(() -> fixture.configMap("checkout") != null);

    client.resources(CircuitBreakerPolicy.class).withName("checkout").delete();

    // The garbage collector notices a CRD installed after it started within its 30 s discovery
    // resync, so the bound is longer here.
    await().atMost(Duration.ofSeconds(90)).until(() -> fixture.configMap("checkout") == null);
    assertThat(fixture.policy("checkout")).isNull();
  }
}
