package io.fusebox.operator.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fusebox.api.v1alpha1.CircuitBreakerPolicy;
import io.fusebox.testing.KubeApiServerTest;
import io.fusebox.testing.KubeTestEnvironment;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@KubeApiServerTest(controllerManager = true, repositoryCrds = false)
class TargetAndClaimTest {

  private static final Duration BOUND = Duration.ofSeconds(30);

  private OperatorFixture fixture;
  private KubernetesClient client;
  private String namespace;

  @BeforeEach
  void startOperator(KubeTestEnvironment environment, KubernetesClient client) throws Exception {
    this.client = client;
    this.namespace = environment.namespace();
    fixture = OperatorFixture.start(environment, client);
  }

  @AfterEach
  void stopOperator() {
    fixture.close();
  }

  @Test
  void missingTargetWaitsWithoutHotLoop() {
    fixture.createPolicy(Policies.withAvailability("checkout", "checkout"));

    await()
        .atMost(BOUND)
        .until(() -> fixture.conditionIs("checkout", "Ready", "False", "TargetNotFound"));
    Condition waiting = fixture.condition("checkout", "Ready").orElseThrow();
    String resourceVersion = fixture.policy("checkout").getMetadata().getResourceVersion();
    double reconcilesWhileWaiting = fixture.reconciles();

    // Five seconds with nothing changing: a status patch that triggered its own reconcile would
    // show up as a climbing counter and a changing resourceVersion.
    await().pollDelay(Duration.ofSeconds(5)).atMost(Duration.ofSeconds(6)).until(() -> true);
    assertThat(fixture.reconciles()).isEqualTo(reconcilesWhileWaiting);
    assertThat(fixture.policy("checkout").getMetadata().getResourceVersion())
        .isEqualTo(resourceVersion);
    assertThat(fixture.conditionIs("checkout", "ConfigMapReady", "True", "Applied")).isTrue();
    assertThat(
            fixture.conditionIs("checkout", "PodDisruptionBudgetReady", "False", "TargetNotFound"))
        .isTrue();
    assertThat(pdb("checkout")).isNull();

    fixture.createDeployment("checkout", 3);

    await()
        .atMost(BOUND)
        .until(() -> fixture.conditionIs("checkout", "Ready", "True", "Reconciled"));
    Condition ready = fixture.condition("checkout", "Ready").orElseThrow();
    assertThat(ready.getLastTransitionTime())
        .isGreaterThanOrEqualTo(waiting.getLastTransitionTime());
    assertThat(pdb("checkout")).isNotNull();
    assertThat(hpa("checkout")).isNotNull();
  }

  @Test
  void unchangedPolicyWritesNothing() {
    fixture.createDeployment("checkout", 2);
    fixture.createPolicy(Policies.withAvailability("checkout", "checkout"));
    await()
        .atMost(BOUND)
        .until(() -> fixture.conditionIs("checkout", "Ready", "True", "Reconciled"));
    // The HPA controller is not running, so the test plays its part and scales the target.
    client.apps().deployments().withName("checkout").scale(5);
    await().atMost(BOUND).until(() -> fixture.reconciles() > 0);
    List<String> before = versions();
    String deploymentVersion = deployment().getMetadata().getResourceVersion();
    double reconciles = fixture.reconciles();

    for (int i = 0; i < 10; i++) {
      String touch = Integer.toString(i);
      client
          .apps()
          .deployments()
          .withName("checkout")
          .edit(
              d -> {
                d.getMetadata().getLabels().put("touch", touch);
                return d;
              });
      double seen = reconciles + i + 1;
      await().atMost(BOUND).until(() -> fixture.reconciles() >= seen);
    }

    assertThat(versions()).isEqualTo(before);
    Deployment target = deployment();
    assertThat(target.getSpec().getReplicas()).isEqualTo(5);
    assertThat(target.getMetadata().getManagedFields())
        .noneMatch(f -> "fusebox-operator".equals(f.getManager()));
    assertThat(target.getMetadata().getResourceVersion()).isNotEqualTo(deploymentVersion);
  }

  @Test
  void ownerReferencesStayInNamespace() {
    fixture.createDeployment("checkout", 2);
    fixture.createPolicy(Policies.withAvailability("checkout", "checkout"));
    await()
        .atMost(BOUND)
        .until(() -> fixture.conditionIs("checkout", "Ready", "True", "Reconciled"));
    String uid = fixture.policy("checkout").getMetadata().getUid();

    for (HasMetadata object :
        List.of(fixture.configMap("checkout"), pdb("checkout"), hpa("checkout"))) {
      assertThat(object.getMetadata().getNamespace()).isEqualTo(namespace);
      assertThat(object.getMetadata().getOwnerReferences())
          .singleElement()
          .satisfies(owner -> assertThat(owner.getUid()).isEqualTo(uid));
    }
  }

  @Test
  void olderPolicyKeepsDisruptionBudget() {
    fixture.createDeployment("checkout", 3);
    fixture.createPolicy(Policies.withAvailability("alpha", "checkout"));
    await().atMost(BOUND).until(() -> fixture.conditionIs("alpha", "Ready", "True", "Reconciled"));
    fixture.createPolicy(Policies.withAvailability("beta", "checkout"));

    await().atMost(BOUND).until(() -> fixture.conditionIs("beta", "Ready", "False", "Conflict"));
    assertThat(fixture.conditionIs("beta", "PodDisruptionBudgetReady", "False", "Conflict"))
        .isTrue();
    assertThat(fixture.conditionIs("beta", "AutoscalerReady", "False", "Conflict")).isTrue();
    assertThat(fixture.conditionIs("alpha", "Ready", "True", "Reconciled")).isTrue();
    assertThat(pdb("beta")).isNull();
    assertThat(hpa("beta")).isNull();
    await().atMost(BOUND).until(() -> !warnings("beta", "Conflict").isEmpty());
    assertThat(warnings("beta", "Conflict")).hasSize(1);

    client.resources(CircuitBreakerPolicy.class).withName("alpha").delete();

    await().atMost(BOUND).until(() -> fixture.conditionIs("beta", "Ready", "True", "Reconciled"));
    assertThat(pdb("beta")).isNotNull();
  }

  private List<String> versions() {
    return List.of(
        fixture.configMap("checkout").getMetadata().getResourceVersion(),
        pdb("checkout").getMetadata().getResourceVersion(),
        hpa("checkout").getMetadata().getResourceVersion());
  }

  private List<Event> warnings(String policy, String reason) {
    return client.v1().events().list().getItems().stream()
        .filter(e -> policy.equals(e.getInvolvedObject().getName()))
        .filter(e -> "Warning".equals(e.getType()))
        .filter(e -> reason.equals(e.getReason()))
        .toList();
  }

  private Deployment deployment() {
    return client.apps().deployments().withName("checkout").get();
  }

  private PodDisruptionBudget pdb(String name) {
    return client.policy().v1().podDisruptionBudget().withName(name).get();
  }

  private HorizontalPodAutoscaler hpa(String name) {
    return client.autoscaling().v2().horizontalPodAutoscalers().withName(name).get();
  }
}
