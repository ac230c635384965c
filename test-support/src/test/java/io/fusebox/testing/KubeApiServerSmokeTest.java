package io.fusebox.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.ManagedFieldsEntry;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.io.InputStream;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Proves that the harness runs a real API server: CRD schema and CEL validation at admission,
 * server-side apply with managed fields, watches, and garbage collection by
 * kube-controller-manager. It installs its own CRD, so it runs whatever state crd/ is in.
 */
@KubeApiServerTest(controllerManager = true, repositoryCrds = false)
class KubeApiServerSmokeTest {

  private static final String WIDGET_CRD = "widgets.testing.fusebox.io";
  private static final ResourceDefinitionContext WIDGETS =
      new ResourceDefinitionContext.Builder()
          .withGroup("testing.fusebox.io")
          .withVersion("v1")
          .withKind("Widget")
          .withPlural("widgets")
          .withNamespaced(true)
          .build();
  private static final String MANAGER = "fusebox-smoke-test";

  @BeforeAll
  static void installWidgetCrd(KubeControlPlane controlPlane) throws Exception {
    try (KubernetesClient client = controlPlane.newClient("default");
        InputStream yaml =
            KubeApiServerSmokeTest.class.getResourceAsStream("/" + WIDGET_CRD + ".yaml")) {
      CrdInstaller.install(client, yaml, WIDGET_CRD + ".yaml");
    }
    // Makes the garbage collector see the new Widget type now instead of at its next discovery.
    controlPlane.restartControllerManager();
  }

  @Test
  void customResourceDefinitionIsEstablished(KubernetesClient client) {
    CustomResourceDefinition crd =
        client.apiextensions().v1().customResourceDefinitions().withName(WIDGET_CRD).get();

    assertThat(crd).isNotNull();
    assertThat(crd.getStatus().getConditions())
        .anySatisfy(
            condition -> {
              assertThat(condition.getType()).isEqualTo("Established");
              assertThat(condition.getStatus()).isEqualTo("True");
            });
    assertThat(crd.getStatus().getAcceptedNames().getKind()).isEqualTo("Widget");
  }

  @Test
  void celRuleRejectsInvalidWidget(KubernetesClient client) {
    GenericKubernetesResource invalid = widget("inverted", 5, 2);

    assertThatThrownBy(() -> client.genericKubernetesResources(WIDGETS).resource(invalid).create())
        .isInstanceOfSatisfying(
            KubernetesClientException.class,
            e -> {
              assertThat(e.getCode()).isEqualTo(422);
              assertThat(e.getMessage()).contains("minReplicas must not exceed maxReplicas");
            });
    assertThat(client.genericKubernetesResources(WIDGETS).withName("inverted").get()).isNull();
  }

  @Test
  void celRuleAdmitsValidWidget(KubernetesClient client) {
    client.genericKubernetesResources(WIDGETS).resource(widget("ordered", 1, 3)).create();

    GenericKubernetesResource stored =
        client.genericKubernetesResources(WIDGETS).withName("ordered").get();
    assertThat(stored).isNotNull();
    assertThat(stored.<Integer>get("spec", "maxReplicas")).isEqualTo(3);
  }

  @Test
  void serverSideApplyRecordsFieldManager(KubernetesClient client) {
    ConfigMap created =
        client
            .resource(configMap("settings", Map.of("a", "1")))
            .fieldManager(MANAGER)
            .serverSideApply();
    ConfigMap updated =
        client
            .resource(configMap("settings", Map.of("a", "2", "b", "3")))
            .fieldManager(MANAGER)
            .serverSideApply();

    assertThat(updated.getData()).containsExactlyInAnyOrderEntriesOf(Map.of("a", "2", "b", "3"));
    assertThat(updated.getMetadata().getResourceVersion())
        .isNotEqualTo(created.getMetadata().getResourceVersion());
    List<ManagedFieldsEntry> managedFields = updated.getMetadata().getManagedFields();
    assertThat(managedFields)
        .anySatisfy(
            entry -> {
              assertThat(entry.getManager()).isEqualTo(MANAGER);
              assertThat(entry.getOperation()).isEqualTo("Apply");
            });
  }

  @Test
  void watchSeesConfigMapChange(KubernetesClient client) throws Exception {
    client.resource(configMap("watched", Map.of("v", "1"))).create();
    BlockingQueue<ConfigMap> modified = new LinkedBlockingQueue<>();

    try (Watch watch =
        client.configMaps().withName("watched").watch(new ModifiedCollector(modified))) {
      client
          .resource(configMap("watched", Map.of("v", "2")))
          .fieldManager(MANAGER)
          .forceConflicts()
          .serverSideApply();

      ConfigMap seen = modified.poll(30, TimeUnit.SECONDS);
      assertThat(seen).as("MODIFIED event within 30 s").isNotNull();
      assertThat(seen.getData()).containsEntry("v", "2");
    }
  }

  @Test
  void garbageCollectorDeletesOwnedConfigMap(KubernetesClient client) {
    GenericKubernetesResource owner =
        client.genericKubernetesResources(WIDGETS).resource(widget("owner", 1, 2)).create();
    ConfigMap owned =
        new ConfigMapBuilder(configMap("owned", Map.of("k", "v")))
            .editMetadata()
            .addNewOwnerReference()
            .withApiVersion(owner.getApiVersion())
            .withKind(owner.getKind())
            .withName(owner.getMetadata().getName())
            .withUid(owner.getMetadata().getUid())
            .withController(true)
            .withBlockOwnerDeletion(true)
            .endOwnerReference()
            .endMetadata()
            .build();
    client.resource(owned).create();

    client.genericKubernetesResources(WIDGETS).withName("owner").delete();

    await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(200))
        .untilAsserted(() -> assertThat(client.configMaps().withName("owned").get()).isNull());
  }

  private static GenericKubernetesResource widget(String name, int minReplicas, int maxReplicas) {
    return new GenericKubernetesResourceBuilder()
        .withApiVersion("testing.fusebox.io/v1")
        .withKind("Widget")
        .withNewMetadata()
        .withName(name)
        .endMetadata()
        .withAdditionalProperties(
            Map.of("spec", Map.of("minReplicas", minReplicas, "maxReplicas", maxReplicas)))
        .build();
  }

  private static ConfigMap configMap(String name, Map<String, String> data) {
    return new ConfigMapBuilder()
        .withNewMetadata()
        .withName(name)
        .endMetadata()
        .withData(data)
        .build();
  }

  /** Collects the objects of MODIFIED events. */
  private record ModifiedCollector(BlockingQueue<ConfigMap> modified)
      implements Watcher<ConfigMap> {

    @Override
    public void eventReceived(Action action, ConfigMap resource) {
      if (action == Action.MODIFIED) {
        modified.add(resource);
      }
    }

    @Override
    public void onClose(WatcherException cause) {}
  }
}
