package io.fusebox.operator.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.ManagedFieldsEntry;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fusebox.testing.KubeApiServerTest;
import io.fusebox.testing.KubeTestEnvironment;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@KubeApiServerTest(repositoryCrds = false)
class DriftRepairTest {

  private static final Duration BOUND = Duration.ofSeconds(30);
  private static final String KEY = "circuit-breaker.yaml";

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
  }

  @Test
  void deletedConfigMapIsRecreated() {
    fixture.createPolicy(Policies.basic("checkout", "checkout"));
    await().atMost(BOUND).until(() -> fixture.configMap("checkout") != null);
    String uid = fixture.configMap("checkout").getMetadata().getUid();

    client.configMaps().withName("checkout-circuit-breakers").delete();

    await()
        .atMost(BOUND)
        .until(
            () -> {
              ConfigMap current = fixture.configMap("checkout");
              return current != null && !uid.equals(current.getMetadata().getUid());
            });
    assertThat(fixture.configMap("checkout").getData().get(KEY)).contains("external_api:");
  }

  @Test
  void handEditedSettingsAreRestored() {
    fixture.createPolicy(Policies.basic("checkout", "checkout"));
    await().atMost(BOUND).until(() -> fixture.configMap("checkout") != null);
    String rendered = fixture.configMap("checkout").getData().get(KEY);

    kubectlPatch("kubectl-label", "{\"metadata\":{\"labels\":{\"team\":\"payments\"}}}");
    kubectlPatch("kubectl-edit", "{\"data\":{\"" + KEY + "\":\"version: 1\\nservices: {}\\n\"}}");

    await()
        .atMost(BOUND)
        .until(() -> rendered.equals(fixture.configMap("checkout").getData().get(KEY)));
    ConfigMap repaired = fixture.configMap("checkout");
    assertThat(repaired.getMetadata().getLabels()).containsEntry("team", "payments");
    assertThat(applyEntries(repaired)).hasSize(1);
  }

  @Test
  void plainUpdateConfigMapIsAdopted() {
    ConfigMap legacy =
        new ConfigMapBuilder()
            .withNewMetadata()
            .withName("checkout-circuit-breakers")
            .addToLabels("app.kubernetes.io/managed-by", "fusebox")
            .addToLabels("fusebox.io/policy", "checkout")
            .endMetadata()
            .build();
    client.resource(legacy).create();
    // A plain (non-apply) write under the operator's field manager, as an older operator made.
    kubectlPatch(
        "fusebox-operator",
        "{\"data\":{\"" + KEY + "\":\"version: 1\\nservices: {}\\n\",\"legacy\":\"old\"}}");
    assertThat(fixture.configMap("checkout").getMetadata().getManagedFields())
        .anyMatch(
            f -> "fusebox-operator".equals(f.getManager()) && "Update".equals(f.getOperation()));

    fixture.createPolicy(Policies.basic("checkout", "checkout"));

    await()
        .atMost(BOUND)
        .until(() -> fixture.conditionIs("checkout", "Ready", "True", "Reconciled"));
    ConfigMap adopted = fixture.configMap("checkout");
    assertThat(adopted.getData().get(KEY)).contains("external_api:");
    assertThat(applyEntries(adopted)).hasSize(1);
    assertThat(adopted.getMetadata().getOwnerReferences()).hasSize(1);
  }

  private void kubectlPatch(String manager, String mergePatch) {
    client
        .configMaps()
        .withName("checkout-circuit-breakers")
        .patch(
            new PatchContext.Builder()
                .withPatchType(PatchType.JSON_MERGE)
                .withFieldManager(manager)
                .build(),
            mergePatch);
  }

  private static List<ManagedFieldsEntry> applyEntries(ConfigMap configMap) {
    return configMap.getMetadata().getManagedFields().stream()
        .filter(f -> "fusebox-operator".equals(f.getManager()))
        .filter(f -> "Apply".equals(f.getOperation()))
        .toList();
  }
}
