package io.fusebox.reliability;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fusebox.api.v1alpha1.CircuitBreakerPolicy;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Policy writes and convergence checks shared by the fault and load tests. A policy's expected
 * state is its {@code spec.defaults.failureThreshold}, which the operator renders as {@code
 * failure_threshold: N} for the {@code database} breaker of the settings file.
 */
final class PolicyOps {

  private final KubernetesClient client;
  private final String namespace;

  PolicyOps(KubernetesClient client, String namespace) {
    this.client = client;
    this.namespace = namespace;
  }

  /** Creates a Deployment with 3 replicas that the policies target; no kubelet runs it. */
  void createTarget(String name) {
    Deployment deployment =
        new DeploymentBuilder()
            .withNewMetadata()
            .withName(name)
            .withNamespace(namespace)
            .endMetadata()
            .withNewSpec()
            .withReplicas(3)
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
    client.resource(deployment).create();
  }

  /** Creates a policy with breakers {@code database} and {@code external-api}. */
  void create(String name, String target, int failureThreshold) {
    String yaml =
        """
        apiVersion: fusebox.io/v1alpha1
        kind: CircuitBreakerPolicy
        metadata:
          name: %s
        spec:
          targetRef: {kind: Deployment, name: %s}
          defaults: {failureThreshold: %d, recoveryTimeout: 30s, timeout: 10s, successThreshold: 3}
          breakers:
          - name: database
          - name: external-api
            failureThreshold: 3
        """
            .formatted(name, target, failureThreshold);
    CircuitBreakerPolicy policy =
        client.getKubernetesSerialization().unmarshal(yaml, CircuitBreakerPolicy.class);
    policy.getMetadata().setNamespace(namespace);
    client.resource(policy).create();
  }

  /** Sets {@code spec.defaults.failureThreshold} with a JSON merge patch. */
  void setThreshold(String name, int failureThreshold) {
    client
        .resources(CircuitBreakerPolicy.class)
        .inNamespace(namespace)
        .withName(name)
        .patch(
            PatchContext.of(PatchType.JSON_MERGE),
            "{\"spec\":{\"defaults\":{\"failureThreshold\":" + failureThreshold + "}}}");
  }

  void delete(String name) {
    client.resources(CircuitBreakerPolicy.class).inNamespace(namespace).withName(name).delete();
  }

  /**
   * Lists what differs from {@code expected} (policy name to failure threshold): a policy that is
   * not Ready at its current generation, a ConfigMap with other content, a missing ConfigMap, a
   * policy that should be gone, and every ConfigMap whose owner is not an expected policy.
   */
  List<String> differences(Map<String, Integer> expected) {
    List<String> problems = new ArrayList<>();
    Map<String, CircuitBreakerPolicy> policies = new HashMap<>();
    for (CircuitBreakerPolicy policy :
        client.resources(CircuitBreakerPolicy.class).inNamespace(namespace).list().getItems()) {
      policies.put(policy.getMetadata().getName(), policy);
    }
    for (String name : policies.keySet()) {
      if (!expected.containsKey(name)) {
        problems.add("policy " + name + " still exists");
      }
    }
    Map<String, List<String>> ownedConfigMaps = new HashMap<>();
    for (ConfigMap map : client.configMaps().inNamespace(namespace).list().getItems()) {
      for (OwnerReference owner : map.getMetadata().getOwnerReferences()) {
        if (owner.getKind().equals(CircuitBreakerPolicy.KIND)) {
          ownedConfigMaps
              .computeIfAbsent(owner.getName(), k -> new ArrayList<>())
              .add(map.getMetadata().getName());
          CircuitBreakerPolicy live = policies.get(owner.getName());
          if (live == null || !live.getMetadata().getUid().equals(owner.getUid())) {
            problems.add("orphaned ConfigMap " + map.getMetadata().getName());
          }
        }
      }
    }
    expected.forEach(
        (name, threshold) -> {
          CircuitBreakerPolicy policy = policies.get(name);
          if (policy == null) {
            problems.add("policy " + name + " missing");
            return;
          }
          if (!isReadyAtGeneration(policy)) {
            problems.add("policy " + name + " not Ready at generation");
          }
          List<String> maps = ownedConfigMaps.getOrDefault(name, List.of());
          if (maps.size() != 1) {
            problems.add("policy " + name + " owns ConfigMaps " + maps);
            return;
          }
          ConfigMap map = client.configMaps().inNamespace(namespace).withName(maps.get(0)).get();
          String text = map == null ? "" : map.getData().get("circuit-breaker.yaml");
          if (!text.contains("failure_threshold: " + threshold + "\n")) {
            problems.add("ConfigMap of " + name + " lacks failure_threshold " + threshold);
          }
        });
    return problems;
  }

  static boolean isReadyAtGeneration(CircuitBreakerPolicy policy) {
    if (policy.getStatus() == null || policy.getStatus().getConditions() == null) {
      return false;
    }
    if (!policy.getMetadata().getGeneration().equals(policy.getStatus().getObservedGeneration())) {
      return false;
    }
    return policy.getStatus().getConditions().stream()
        .anyMatch(c -> c.getType().equals("Ready") && c.getStatus().equals("True"));
  }
}
