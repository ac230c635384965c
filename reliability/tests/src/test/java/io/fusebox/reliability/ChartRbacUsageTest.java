package io.fusebox.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fusebox.api.v1alpha1.CircuitBreakerPolicy;
import io.fusebox.testing.CrdInstaller;
import io.fusebox.testing.KubeApiServerTest;
import io.fusebox.testing.KubeBinaries;
import io.fusebox.testing.KubeControlPlane;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Least privilege of the chart's RBAC, both ways, on a real API server with RBAC authorization and
 * an audit log. The operator JVM runs under the chart's ServiceAccount through a scenario that uses
 * every feature: Deployment and StatefulSet targets, PDB, HPA, ServiceMonitor and PrometheusRule
 * created, a deleted ConfigMap recreated, the PDB and HPA removed, a policy deleted, leader
 * election. Sufficient: every step converges and no request of the operator gets 403. Necessary: a
 * granted verb that appears in the audit log as an authorized request of the operator cannot be
 * removed, because removing it alone turns that request into a 403. The granted verbs that no
 * request uses are listed in {@link #KNOWN_UNUSED}.
 */
@KubeApiServerTest(repositoryCrds = false)
class ChartRbacUsageTest {

  private static final Logger LOG = LoggerFactory.getLogger(ChartRbacUsageTest.class);
  private static final String RELEASE_NAMESPACE = "fusebox-system";
  private static final String APP_NAMESPACE = "shop";
  private static final String OPERATOR_USER =
      "system:serviceaccount:" + RELEASE_NAMESPACE + ":fusebox";
  private static final Duration STEP = Duration.ofSeconds(90);

  /**
   * Verbs the operator needs without sending a request that uses them. JOSDK 5.2.3 checks get,
   * create and update on Leases with a SelfSubjectRulesReview before leader election and does not
   * start without them, while fabric8's LeaderElector renews the Lease with patch.
   */
  private static final Set<String> CHECKED_AT_START = Set.of("coordination.k8s.io/leases: update");

  /**
   * Granted verbs that no request of the scenario uses, so the chart grants more than this scenario
   * needs. The operator writes every object with server-side apply (a patch, which also creates)
   * and reads through informers (list and watch), so create, get and update go unused. It leaves a
   * ServiceMonitor and a PrometheusRule in place when {@code spec.monitoring} is removed, and the
   * garbage collector, not the operator, deletes ConfigMaps with their policy. NOTE: the scenario
   * emits no Event, and {@code finalizers: update} matters only where the
   * OwnerReferencesPermissionEnforcement admission plugin runs, which the harness does not enable.
   * The test fails when this set changes, so a change in the chart or the operator shows here.
   */
  private static final Set<String> KNOWN_UNUSED =
      Set.of(
          "fusebox.io/circuitbreakerpolicies: get",
          "fusebox.io/circuitbreakerpolicies: patch",
          "fusebox.io/circuitbreakerpolicies: update",
          "fusebox.io/circuitbreakerpolicies/status: get",
          "fusebox.io/circuitbreakerpolicies/status: update",
          "fusebox.io/circuitbreakerpolicies/finalizers: update",
          "/configmaps: create",
          "/configmaps: delete",
          "/configmaps: get",
          "/configmaps: update",
          "policy/poddisruptionbudgets: create",
          "policy/poddisruptionbudgets: get",
          "policy/poddisruptionbudgets: update",
          "autoscaling/horizontalpodautoscalers: create",
          "autoscaling/horizontalpodautoscalers: get",
          "autoscaling/horizontalpodautoscalers: update",
          "monitoring.coreos.com/servicemonitors: create",
          "monitoring.coreos.com/servicemonitors: delete",
          "monitoring.coreos.com/servicemonitors: get",
          "monitoring.coreos.com/servicemonitors: update",
          "monitoring.coreos.com/prometheusrules: create",
          "monitoring.coreos.com/prometheusrules: delete",
          "monitoring.coreos.com/prometheusrules: get",
          "monitoring.coreos.com/prometheusrules: update",
          "apps/deployments: get",
          "apps/statefulsets: get",
          "/events: create",
          "/events: patch",
          "events.k8s.io/events: create",
          "events.k8s.io/events: patch",
          "apiextensions.k8s.io/customresourcedefinitions: list",
          "apiextensions.k8s.io/customresourcedefinitions: watch");

  @Test
  void everyGrantedVerbIsUsedAndSufficient() throws Exception {
    Path helm = findHelm();
    Path root = CrdInstaller.repositoryRoot().orElseThrow();
    Path dir = Files.createDirectories(Path.of("target", "reliability", "rbac"));
    Path audit = dir.resolve("audit.log");
    Files.deleteIfExists(audit);
    Path auditPolicy = dir.resolve("audit-policy.yaml");
    Files.writeString(auditPolicy, AuditLog.METADATA_POLICY);

    try (KubeControlPlane controlPlane =
            KubeControlPlane.start(
                KubeBinaries.locate().orElseThrow(), AuditLog.flags(audit, auditPolicy));
        KubernetesClient admin = controlPlane.newClient(APP_NAMESPACE)) {
      CrdInstaller.install(admin, root.resolve("crd/" + CircuitBreakerPolicy.CRD_NAME + "-v1.yml"));
      Path monitoring = root.resolve("operator/src/test/resources/monitoring-crds");
      CrdInstaller.install(admin, monitoring.resolve("servicemonitors.monitoring.coreos.com.yaml"));
      CrdInstaller.install(admin, monitoring.resolve("prometheusrules.monitoring.coreos.com.yaml"));
      for (String namespace : List.of(RELEASE_NAMESPACE, APP_NAMESPACE)) {
        admin
            .namespaces()
            .resource(
                new NamespaceBuilder().withNewMetadata().withName(namespace).endMetadata().build())
            .create();
      }
      List<HasMetadata> chart = renderChart(helm, root, admin);
      Set<String> granted = new TreeSet<>();
      for (HasMetadata object : chart) {
        String kind = object.getKind();
        if (kind.equals("Deployment")
            || kind.equals("Service")
            || kind.equals("CustomResourceDefinition")
            || kind.equals("ServiceMonitor")) {
          continue;
        }
        admin.resource(object).serverSideApply();
        if (object instanceof ClusterRole role) {
          granted.addAll(flatten(role.getRules()));
        } else if (object instanceof Role role) {
          granted.addAll(flatten(role.getRules()));
        }
      }
      assertThat(granted).noneMatch(p -> p.contains("*"));
      assertThat(granted).noneMatch(p -> p.contains("secrets"));

      Path kubeconfig = serviceAccountKubeconfig(controlPlane, dir);
      // The operator appends to its log, so a log of an earlier run would fail the check below.
      Files.deleteIfExists(dir.resolve("operator.log"));
      try (OperatorJvm operator =
          OperatorJvm.start(
              kubeconfig,
              "",
              RELEASE_NAMESPACE,
              dir.resolve("operator.log"),
              Map.of("HOSTNAME", "fusebox-rbac"),
              "--monitoring-recheck-interval=2s",
              "--conflict-recheck-interval=2s")) {
        runScenario(admin, operator);
        assertThat(operator.errorLines()).isEmpty();
      }

      List<JsonNode> events = AuditLog.eventsOf(audit, OPERATOR_USER);
      Set<String> used = new TreeSet<>();
      List<String> forbidden = new ArrayList<>();
      for (JsonNode event : events) {
        int status = AuditLog.statusOf(event);
        String permission = AuditLog.permissionOf(event);
        if (status == 403) {
          forbidden.add(permission);
        } else if (status >= 100 && status < 500 && status != 401 && status != 429) {
          // Authorization ran and passed: a 101 (watch upgrade), 404 or 409 comes after the RBAC
          // check, a 429 before it.
          used.add(permission);
        }
      }
      Set<String> unused = new TreeSet<>(granted);
      unused.removeAll(used);
      unused.removeAll(CHECKED_AT_START);
      LOG.info(
          "RBAC: {} granted, {} used, unused {}, forbidden {}",
          granted.size(),
          used.size(),
          unused,
          forbidden);
      assertThat(forbidden).isEmpty();
      assertThat(unused).isEqualTo(KNOWN_UNUSED);
    }
  }

  private static void runScenario(KubernetesClient admin, OperatorJvm operator) {
    await().atMost(STEP).until(operator::isReady);
    PolicyOps ops = new PolicyOps(admin, APP_NAMESPACE);
    ops.createTarget("checkout");
    admin.resource(statefulSet("ledger")).create();

    String full =
        """
        apiVersion: fusebox.io/v1alpha1
        kind: CircuitBreakerPolicy
        metadata: {name: checkout}
        spec:
          targetRef: {kind: Deployment, name: checkout}
          breakers: [{name: database}]
          monitoring:
            serviceMonitor: {port: metrics, path: /metrics, interval: 30s}
            alerts: {openFor: 1m}
          availability:
            podDisruptionBudget: {maxUnavailable: 1}
            autoscaling: {minReplicas: 2, maxReplicas: 6, cpuUtilization: 70}
        """;
    CircuitBreakerPolicy policy =
        admin.getKubernetesSerialization().unmarshal(full, CircuitBreakerPolicy.class);
    policy.getMetadata().setNamespace(APP_NAMESPACE);
    admin.resource(policy).create();
    ops.create("ledger", "ledger", 9);
    // The StatefulSet policy's target kind is patched after creation.
    admin
        .resources(CircuitBreakerPolicy.class)
        .inNamespace(APP_NAMESPACE)
        .withName("ledger")
        .patch(
            PatchContext.of(PatchType.JSON_MERGE),
            "{\"spec\":{\"targetRef\":{\"kind\":\"StatefulSet\",\"name\":\"ledger\"}}}");
    awaitReady(admin, "checkout");
    awaitReady(admin, "ledger");
    await()
        .atMost(STEP)
        .until(() -> count(admin, "servicemonitors") == 1 && count(admin, "prometheusrules") == 1);

    // Drift: a deleted ConfigMap is recreated, a hand-edited one is restored.
    admin.configMaps().inNamespace(APP_NAMESPACE).withName("checkout-circuit-breakers").delete();
    await()
        .atMost(STEP)
        .until(
            () ->
                admin
                        .configMaps()
                        .inNamespace(APP_NAMESPACE)
                        .withName("checkout-circuit-breakers")
                        .get()
                    != null);

    // Removing availability deletes the PDB and the HPA. NOTE: removing monitoring leaves the
    // ServiceMonitor and PrometheusRule in place (operator v0.1.0); KNOWN_UNUSED records that.
    admin
        .resources(CircuitBreakerPolicy.class)
        .inNamespace(APP_NAMESPACE)
        .withName("checkout")
        .patch(
            PatchContext.of(PatchType.JSON_MERGE),
            "{\"spec\":{\"monitoring\":null,\"availability\":null}}");
    awaitReady(admin, "checkout");
    await()
        .atMost(STEP)
        .until(
            () ->
                admin
                        .policy()
                        .v1()
                        .podDisruptionBudget()
                        .inNamespace(APP_NAMESPACE)
                        .list()
                        .getItems()
                        .isEmpty()
                    && admin
                        .autoscaling()
                        .v2()
                        .horizontalPodAutoscalers()
                        .inNamespace(APP_NAMESPACE)
                        .list()
                        .getItems()
                        .isEmpty());
    ops.delete("ledger");
    await()
        .atMost(STEP)
        .until(
            () ->
                admin
                        .resources(CircuitBreakerPolicy.class)
                        .inNamespace(APP_NAMESPACE)
                        .withName("ledger")
                        .get()
                    == null);
  }

  private static void awaitReady(KubernetesClient admin, String name) {
    await("policy " + name + " Ready")
        .atMost(STEP)
        .pollInterval(Duration.ofMillis(250))
        .until(
            () -> {
              CircuitBreakerPolicy p =
                  admin
                      .resources(CircuitBreakerPolicy.class)
                      .inNamespace(APP_NAMESPACE)
                      .withName(name)
                      .get();
              return p != null && PolicyOps.isReadyAtGeneration(p);
            });
  }

  private static int count(KubernetesClient admin, String plural) {
    return admin
        .genericKubernetesResources(
            "monitoring.coreos.com/v1",
            plural.equals("servicemonitors") ? "ServiceMonitor" : "PrometheusRule")
        .inNamespace(APP_NAMESPACE)
        .list()
        .getItems()
        .size();
  }

  private static HasMetadata statefulSet(String name) {
    return new StatefulSetBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace(APP_NAMESPACE)
        .endMetadata()
        .withNewSpec()
        .withReplicas(3)
        .withServiceName(name)
        .withNewSelector()
        .addToMatchLabels("app", name)
        .endSelector()
        .withNewTemplate()
        .withNewMetadata()
        .addToLabels("app", name)
        .endMetadata()
        .withNewSpec()
        .addNewContainer()
        .withName("app")
        .withImage("registry.invalid/app:1")
        .endContainer()
        .endSpec()
        .endTemplate()
        .endSpec()
        .build();
  }

  /** Returns one {@code group/resource: verb} line per verb of every rule. */
  private static List<String> flatten(List<PolicyRule> rules) {
    List<String> result = new ArrayList<>();
    for (PolicyRule rule : rules) {
      for (String group : rule.getApiGroups()) {
        for (String resource : rule.getResources()) {
          for (String verb : rule.getVerbs()) {
            result.add(group + "/" + resource + ": " + verb);
          }
        }
      }
    }
    return result;
  }

  private static List<HasMetadata> renderChart(Path helm, Path root, KubernetesClient client)
      throws Exception {
    Process process =
        new ProcessBuilder(
                helm.toString(),
                "template",
                "fusebox",
                "helm/fusebox",
                "--namespace",
                RELEASE_NAMESPACE,
                "--set",
                "crds.install=false")
            .directory(root.toFile())
            .redirectError(ProcessBuilder.Redirect.DISCARD)
            .start();
    byte[] out = process.getInputStream().readAllBytes();
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as("helm template exit code").isZero();
    return client.load(new ByteArrayInputStream(out)).items();
  }

  private static Path findHelm() {
    Path cached = CrdInstaller.repositoryRoot().orElseThrow().resolve(".cache/tools/bin/helm");
    if (Files.isExecutable(cached)) {
      return cached;
    }
    for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
      Path candidate = Path.of(dir, "helm");
      if (Files.isExecutable(candidate)) {
        return candidate;
      }
    }
    String message =
        "helm not found in .cache/tools/bin or on the PATH; run"
            + " scripts/install-tools.sh to install it";
    if ("true".equals(System.getenv("FUSEBOX_REQUIRE_TOOLS"))) {
      fail(message);
    }
    assumeTrue(false, message);
    return cached;
  }

  /** Writes a kubeconfig with a token of the chart's ServiceAccount {@code fusebox}. */
  private static Path serviceAccountKubeconfig(KubeControlPlane controlPlane, Path dir)
      throws Exception {
    String token;
    try (KubernetesClient client =
        controlPlane.newServiceAccountClient(RELEASE_NAMESPACE, "fusebox")) {
      token = client.getConfiguration().getOauthToken();
    }
    String caLine =
        Files.readString(controlPlane.kubeconfig())
            .lines()
            .filter(line -> line.strip().startsWith("certificate-authority:"))
            .findFirst()
            .orElseThrow()
            .strip();
    Path file = dir.resolve("kubeconfig-fusebox.yaml");
    Files.writeString(
        file,
        String.join(
            "\n",
            "apiVersion: v1",
            "kind: Config",
            "clusters:",
            "- name: local",
            "  cluster:",
            "    server: " + controlPlane.apiServerUrl(),
            "    " + caLine,
            "users:",
            "- name: fusebox",
            "  user:",
            "    token: " + token,
            "contexts:",
            "- name: fusebox",
            "  context: {cluster: local, user: fusebox, namespace: " + RELEASE_NAMESPACE + "}",
            "current-context: fusebox",
            "",
            ""),
        StandardCharsets.UTF_8);
    return file;
  }
}
