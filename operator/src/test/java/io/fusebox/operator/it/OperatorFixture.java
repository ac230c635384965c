package io.fusebox.operator.it;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fusebox.api.v1alpha1.CircuitBreakerPolicy;
import io.fusebox.operator.runtime.FuseboxOperator;
import io.fusebox.operator.runtime.OperatorSettings;
import io.fusebox.testing.CrdInstaller;
import io.fusebox.testing.KubeTestEnvironment;
import io.micrometer.core.instrument.Counter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;

/** An operator running in the test JVM against the harness API server, for one namespace. */
final class OperatorFixture implements AutoCloseable {

  /** System property naming another policy CRD file to install. */
  static final String CRD_PROPERTY = "fusebox.test.policy-crd";

  private final FuseboxOperator operator;
  private final KubernetesClient client;
  private final String namespace;

  private OperatorFixture(FuseboxOperator operator, KubernetesClient client, String namespace) {
    this.operator = operator;
    this.client = client;
    this.namespace = namespace;
  }

  /** Starts an operator that watches only the test's namespace. */
  static OperatorFixture start(KubeTestEnvironment environment, KubernetesClient client)
      throws Exception {
    return start(environment, client, Duration.ofSeconds(30));
  }

  /** Starts an operator with the given monitoring CRD re-check interval. */
  static OperatorFixture start(
      KubeTestEnvironment environment, KubernetesClient client, Duration monitoringRecheck)
      throws Exception {
    installPolicyCrd(client);
    String namespace = environment.namespace();
    OperatorSettings settings =
        OperatorSettings.defaults()
            .withNamespaces(Set.of(namespace))
            .withRecheckIntervals(monitoringRecheck, Duration.ofSeconds(2));
    FuseboxOperator operator =
        FuseboxOperator.start(
            environment.controlPlane().adminConfig(namespace),
            settings,
            Clock.systemUTC(),
            () -> {});
    return new OperatorFixture(operator, client, namespace);
  }

  /**
   * Installs the policy CRD from {@code crd/}, or from the file named by the system property
   * {@value #CRD_PROPERTY} when it is set. Test classes that call this switch the harness's own CRD
   * installation off, so that a rejected CRD fails here with the API server's message.
   */
  static void installPolicyCrd(KubernetesClient client) {
    Path crd =
        Optional.ofNullable(System.getProperty(CRD_PROPERTY))
            .map(Path::of)
            .orElseGet(
                () ->
                    CrdInstaller.repositoryRoot()
                        .orElseThrow()
                        .resolve("crd")
                        .resolve(CircuitBreakerPolicy.CRD_NAME + "-v1.yml"));
    CrdInstaller.install(client, crd);
  }

  FuseboxOperator operator() {
    return operator;
  }

  /** Returns how many reconciles the operator started so far. */
  double reconciles() {
    return operator.registry().find("operator.sdk.reconciliations.started").counters().stream()
        .mapToDouble(Counter::count)
        .sum();
  }

  /** Creates the policy given as YAML in the test namespace. */
  CircuitBreakerPolicy createPolicy(String yaml) {
    CircuitBreakerPolicy policy =
        client.getKubernetesSerialization().unmarshal(yaml, CircuitBreakerPolicy.class);
    policy.getMetadata().setNamespace(namespace);
    return client.resource(policy).create();
  }

  CircuitBreakerPolicy policy(String name) {
    return client.resources(CircuitBreakerPolicy.class).inNamespace(namespace).withName(name).get();
  }

  Optional<Condition> condition(String policy, String type) {
    CircuitBreakerPolicy current = policy(policy);
    if (current == null || current.getStatus() == null) {
      return Optional.empty();
    }
    return current.getStatus().getConditions().stream()
        .filter(c -> type.equals(c.getType()))
        .findFirst();
  }

  boolean conditionIs(String policy, String type, String status, String reason) {
    return condition(policy, type)
        .map(c -> status.equals(c.getStatus()) && reason.equals(c.getReason()))
        .orElse(false);
  }

  ConfigMap configMap(String policy) {
    return client.configMaps().inNamespace(namespace).withName(policy + "-circuit-breakers").get();
  }

  /** Creates a Deployment with the given replicas and pod label {@code app=<name>}. */
  Deployment createDeployment(String name, int replicas) {
    return client.resource(deployment(namespace, name, replicas)).create();
  }

  /** Returns a Deployment with the given replicas and pod label {@code app=<name>}. */
  static Deployment deployment(String namespace, String name, int replicas) {
    return new DeploymentBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace(namespace)
        .endMetadata()
        .withNewSpec()
        .withReplicas(replicas)
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

  @Override
  public void close() {
    operator.close();
  }
}
