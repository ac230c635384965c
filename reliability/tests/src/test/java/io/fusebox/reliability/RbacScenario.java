package io.fusebox.reliability;

import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fusebox.api.v1alpha1.CircuitBreakerPolicy;
import java.time.Duration;
import java.util.concurrent.Callable;

/**
 * The steps that use every feature of the operator, run by an admin client while the operator runs
 * under the chart's ServiceAccount. Each step waits at most {@code bound} for the operator to
 * converge and then throws Awaitility's {@code ConditionTimeoutException}, which names the step. It
 * stops earlier, with a {@code TerminalFailureException}, once {@code failure} returns true (a 403
 * in the audit log, an ERROR line, an exited operator).
 */
final class RbacScenario {

  private final KubernetesClient admin;
  private final String namespace;
  private final Duration bound;
  private final Callable<Boolean> failure;
  private final PolicyOps ops;

  RbacScenario(
      KubernetesClient admin, String namespace, Duration bound, Callable<Boolean> failure) {
    this.admin = admin;
    this.namespace = namespace;
    this.bound = bound;
    this.failure = failure;
    this.ops = new PolicyOps(admin, namespace);
  }

  /** Runs every step against the running {@code operator}. */
  void run(OperatorJvm operator) {
    step("operator ready", operator::isReady);
    ops.createTarget("checkout");
    admin.resource(statefulSet("ledger")).create();
    // A ConfigMap of the generated name without an owner reference, as an older operator left it:
    // the operator adopts it, which changes its owner references.
    admin
        .resource(
            new ConfigMapBuilder()
                .withNewMetadata()
                .withName("adopted-circuit-breakers")
                .withNamespace(namespace)
                .addToLabels("app.kubernetes.io/managed-by", "fusebox")
                .addToLabels("fusebox.io/policy", "adopted")
                .endMetadata()
                .addToData("circuit-breaker.yaml", "version: 1\nservices: {}\n")
                .build())
        .create();

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
    policy.getMetadata().setNamespace(namespace);
    admin.resource(policy).create();
    ops.create("ledger", "ledger", 9);
    mergePatch(
        "ledger", "{\"spec\":{\"targetRef\":{\"kind\":\"StatefulSet\",\"name\":\"ledger\"}}}");
    ops.create("adopted", "checkout", 4);
    step("checkout Ready", () -> isReady("checkout"));
    step("ledger Ready", () -> isReady("ledger"));
    step("adopted ConfigMap owned", () -> hasOwner("adopted-circuit-breakers"));
    step(
        "monitoring objects created",
        () -> count("ServiceMonitor") == 1 && count("PrometheusRule") == 1);

    // A newer policy that requests the PDB of a target that another policy owns gets a Conflict
    // condition and a Warning event.
    String rival =
        """
        apiVersion: fusebox.io/v1alpha1
        kind: CircuitBreakerPolicy
        metadata: {name: rival}
        spec:
          targetRef: {kind: Deployment, name: checkout}
          breakers: [{name: cache}]
          availability:
            podDisruptionBudget: {maxUnavailable: 1}
        """;
    CircuitBreakerPolicy rivalPolicy =
        admin.getKubernetesSerialization().unmarshal(rival, CircuitBreakerPolicy.class);
    rivalPolicy.getMetadata().setNamespace(namespace);
    admin.resource(rivalPolicy).create();
    step(
        "Warning event for the conflict",
        () ->
            admin.v1().events().inNamespace(namespace).list().getItems().stream()
                .anyMatch(e -> "Conflict".equals(e.getReason())));

    // Drift: a deleted ConfigMap is recreated.
    admin.configMaps().inNamespace(namespace).withName("checkout-circuit-breakers").delete();
    step(
        "deleted ConfigMap recreated",
        () ->
            admin.configMaps().inNamespace(namespace).withName("checkout-circuit-breakers").get()
                != null);

    // Removing monitoring and availability deletes the four objects generated for them.
    mergePatch("checkout", "{\"spec\":{\"monitoring\":null,\"availability\":null}}");
    step("checkout Ready after removal", () -> isReady("checkout"));
    step(
        "PDB, HPA, ServiceMonitor and PrometheusRule deleted",
        () ->
            admin
                    .policy()
                    .v1()
                    .podDisruptionBudget()
                    .inNamespace(namespace)
                    .list()
                    .getItems()
                    .stream()
                    .noneMatch(p -> p.getMetadata().getName().equals("checkout"))
                && admin
                    .autoscaling()
                    .v2()
                    .horizontalPodAutoscalers()
                    .inNamespace(namespace)
                    .list()
                    .getItems()
                    .isEmpty()
                && count("ServiceMonitor") == 0
                && count("PrometheusRule") == 0);
    ops.delete("ledger");
    step(
        "ledger deleted",
        () ->
            admin
                    .resources(CircuitBreakerPolicy.class)
                    .inNamespace(namespace)
                    .withName("ledger")
                    .get()
                == null);
  }

  private void step(String name, Callable<Boolean> converged) {
    await(name)
        .atMost(bound)
        .pollInterval(Duration.ofMillis(250))
        .failFast("operator failed during step '" + name + "'", failure)
        .until(converged);
  }

  private void mergePatch(String name, String patch) {
    admin
        .resources(CircuitBreakerPolicy.class)
        .inNamespace(namespace)
        .withName(name)
        .patch(PatchContext.of(PatchType.JSON_MERGE), patch);
  }

  private boolean isReady(String name) {
    CircuitBreakerPolicy p =
        admin.resources(CircuitBreakerPolicy.class).inNamespace(namespace).withName(name).get();
    return p != null && PolicyOps.isReadyAtGeneration(p);
  }

  private boolean hasOwner(String configMap) {
    var current = admin.configMaps().inNamespace(namespace).withName(configMap).get();
    return current != null
        && current.getMetadata().getOwnerReferences() != null
        && !current.getMetadata().getOwnerReferences().isEmpty();
  }

  private int count(String kind) {
    return admin
        .genericKubernetesResources("monitoring.coreos.com/v1", kind)
        .inNamespace(namespace)
        .list()
        .getItems()
        .size();
  }

  private HasMetadata statefulSet(String name) {
    return new StatefulSetBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace(namespace)
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
}
