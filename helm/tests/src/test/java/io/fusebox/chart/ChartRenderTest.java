package io.fusebox.chart;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Objects that {@code helm template} renders for default and non-default values. */
class ChartRenderTest {

  @Test
  void defaultsRenderClusterWideOperator() {
    List<HasMetadata> objects = Helm.require().template();

    assertThat(kindsAndNames(objects))
        .containsExactlyInAnyOrder(
            "CustomResourceDefinition/circuitbreakerpolicies.fusebox.io",
            "ServiceAccount/fusebox",
            "ClusterRole/fusebox",
            "ClusterRoleBinding/fusebox",
            "ClusterRole/fusebox-crd-reader",
            "ClusterRoleBinding/fusebox-crd-reader",
            "Role/fusebox-leader-election",
            "RoleBinding/fusebox-leader-election",
            "Deployment/fusebox",
            "Service/fusebox");
  }

  @Test
  void namespacedModeRendersRolePerNamespace() {
    List<HasMetadata> objects = Helm.require().template("watchNamespaces={shop,payments}");

    List<Role> roles = Manifests.ofType(objects, Role.class);
    assertThat(roles)
        .extracting(role -> role.getMetadata().getNamespace() + "/" + role.getMetadata().getName())
        .containsExactlyInAnyOrder(
            "shop/fusebox", "payments/fusebox", "fusebox-system/fusebox-leader-election");
    List<RoleBinding> bindings = Manifests.ofType(objects, RoleBinding.class);
    assertThat(bindings).hasSize(3);
    assertThat(bindings)
        .allSatisfy(
            binding ->
                assertThat(binding.getSubjects())
                    .singleElement()
                    .satisfies(
                        subject -> {
                          assertThat(subject.getKind()).isEqualTo("ServiceAccount");
                          assertThat(subject.getName()).isEqualTo("fusebox");
                          assertThat(subject.getNamespace()).isEqualTo(Helm.NAMESPACE);
                        }));
    assertThat(Manifests.ofType(objects, ClusterRole.class))
        .extracting(role -> role.getMetadata().getName())
        .as("namespaced mode keeps only the cluster-scoped CRD read rule cluster-wide")
        .containsExactly("fusebox-crd-reader");
  }

  @Test
  void crdsOffLeavesCrdOut() {
    List<HasMetadata> objects = Helm.require().template("crds.install=false");

    assertThat(Manifests.ofType(objects, CustomResourceDefinition.class)).isEmpty();
    assertThat(Manifests.ofType(objects, ServiceAccount.class)).hasSize(1);
  }

  @Test
  void crdIsKeptOnUninstallByDefault() {
    List<HasMetadata> objects = Helm.require().template();

    CustomResourceDefinition crd = Manifests.ofType(objects, CustomResourceDefinition.class).get(0);
    assertThat(crd.getMetadata().getAnnotations()).containsEntry("helm.sh/resource-policy", "keep");
    assertThat(crd.getSpec().getGroup()).isEqualTo("fusebox.io");
    assertThat(crd.getSpec().getNames().getKind()).isEqualTo("CircuitBreakerPolicy");
  }

  @Test
  void serviceMonitorSelectsOperatorService() {
    List<HasMetadata> objects =
        Helm.require()
            .template("serviceMonitor.enabled=true", "serviceMonitor.labels.release=prometheus");

    GenericKubernetesResource monitor =
        Manifests.ofType(objects, GenericKubernetesResource.class).stream()
            .filter(object -> object.getKind().equals("ServiceMonitor"))
            .findFirst()
            .orElseThrow();
    assertThat(monitor.getApiVersion()).isEqualTo("monitoring.coreos.com/v1");
    assertThat(monitor.getMetadata().getLabels()).containsEntry("release", "prometheus");
    String endpoint = monitor.get("spec", "endpoints", 0, "port");
    String path = monitor.get("spec", "endpoints", 0, "path");
    assertThat(endpoint).isEqualTo("http");
    assertThat(path).isEqualTo("/metrics");
  }

  @Test
  void dashboardUsesAgentMetricNames() {
    List<HasMetadata> objects = Helm.require().template("grafanaDashboard.enabled=true");

    ConfigMap dashboard =
        Manifests.ofType(objects, ConfigMap.class).stream()
            .filter(map -> map.getMetadata().getName().equals("fusebox-dashboard"))
            .findFirst()
            .orElseThrow();
    assertThat(dashboard.getMetadata().getLabels()).containsEntry("grafana_dashboard", "1");
    String json = dashboard.getData().get("fusebox-breakers.json");
    assertThat(json)
        .contains("fusebox_circuit_breaker_state")
        .contains("fusebox_circuit_breaker_calls_seconds_count")
        .contains("fusebox_circuit_breaker_not_permitted_calls_total")
        .contains("fusebox_circuit_breaker_transitions_total")
        .contains("fusebox_circuit_breaker_failure_rate")
        .contains("fusebox_config_reloads_total")
        .contains("fusebox_config_info");
  }

  @Test
  void bindingsNameChartServiceAccount() {
    List<HasMetadata> objects = Helm.require().template();

    assertThat(Manifests.ofType(objects, ClusterRoleBinding.class))
        .hasSize(2)
        .allSatisfy(
            binding ->
                assertThat(binding.getSubjects())
                    .singleElement()
                    .satisfies(subject -> assertThat(subject.getName()).isEqualTo("fusebox")));
  }

  static List<String> kindsAndNames(List<HasMetadata> objects) {
    return objects.stream()
        .map(object -> object.getKind() + "/" + object.getMetadata().getName())
        .toList();
  }
}
