package io.fusebox.operator.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaPropsBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fusebox.api.v1alpha1.CircuitBreakerPolicy;
import io.fusebox.operator.runtime.FuseboxOperator;
import io.fusebox.testing.CrdInstaller;
import io.fusebox.testing.KubeApiServerTest;
import io.fusebox.testing.KubeTestEnvironment;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

@KubeApiServerTest(repositoryCrds = false)
class DecodeFailureTest {

  private static final Duration BOUND = Duration.ofSeconds(60);

  private OperatorFixture fixture;

  @AfterEach
  void stopOperator() {
    if (fixture != null) {
      fixture.close();
    }
  }

  @Test
  void undecodablePolicyDoesNotStopOperator(
      KubeTestEnvironment environment, KubernetesClient client) throws Exception {
    OperatorFixture.installPolicyCrd(client);
    String namespace = environment.namespace();
    // A stored object that an older, looser schema accepted: the current model has no DaemonSet.
    storeWithOpenSchema(client, namespace, "legacy");

    fixture = OperatorFixture.start(environment, client);
    fixture.createDeployment("checkout", 2);
    IntStream.range(0, 10)
        .forEach(i -> fixture.createPolicy(Policies.basic("policy-" + i, "checkout")));

    await()
        .atMost(BOUND)
        .until(
            () ->
                IntStream.range(0, 10)
                    .allMatch(
                        i -> fixture.conditionIs("policy-" + i, "Ready", "True", "Reconciled")));
    await()
        .atMost(BOUND)
        .until(() -> readyReason(client, namespace, "legacy").equals("DecodeFailed"));
    assertThat(
            client.v1().events().inNamespace(namespace).list().getItems().stream()
                .filter(e -> "legacy".equals(e.getInvolvedObject().getName()))
                .filter(e -> "DecodeFailed".equals(e.getReason())))
        .hasSize(1);
    assertThat(
            fixture
                .operator()
                .registry()
                .get(FuseboxOperator.DECODE_FAILURES_METRIC)
                .counter()
                .count())
        .isGreaterThanOrEqualTo(1.0);
    assertThat(fixture.operator().isReady()).isTrue();
  }

  /** Stores a policy the Java model rejects, under a temporarily open schema. */
  private static void storeWithOpenSchema(KubernetesClient client, String namespace, String name) {
    CustomResourceDefinition crd =
        client
            .resources(CustomResourceDefinition.class)
            .withName(CircuitBreakerPolicy.CRD_NAME)
            .get();
    JSONSchemaProps open =
        new JSONSchemaPropsBuilder()
            .withType("object")
            .withXKubernetesPreserveUnknownFields(true)
            .build();
    crd.getSpec().getVersions().forEach(v -> v.getSchema().setOpenAPIV3Schema(open));
    crd.getMetadata().setManagedFields(null);
    crd.getMetadata().setResourceVersion(null);
    client
        .resource(crd)
        .fieldManager(CrdInstaller.FIELD_MANAGER)
        .forceConflicts()
        .serverSideApply();
    client
        .resources(CustomResourceDefinition.class)
        .withName(CircuitBreakerPolicy.CRD_NAME)
        .waitUntilCondition(c -> c.getStatus() != null, 30, TimeUnit.SECONDS);

    GenericKubernetesResource bad =
        new GenericKubernetesResourceBuilder()
            .withApiVersion("fusebox.io/v1alpha1")
            .withKind("CircuitBreakerPolicy")
            .withNewMetadata()
            .withName(name)
            .withNamespace(namespace)
            .endMetadata()
            .withAdditionalProperties(
                Map.of(
                    "spec", Map.of("targetRef", Map.of("kind", "DaemonSet", "name", "checkout"))))
            .build();
    await()
        .atMost(Duration.ofSeconds(30))
        .ignoreExceptions()
        .until(() -> client.genericKubernetesResources(context()).resource(bad).create() != null);

    OperatorFixture.installPolicyCrd(client);
  }

  private static String readyReason(KubernetesClient client, String namespace, String name) {
    GenericKubernetesResource stored =
        client.genericKubernetesResources(context()).inNamespace(namespace).withName(name).get();
    Object status = stored.getAdditionalProperties().get("status");
    if (!(status instanceof Map<?, ?> map)
        || !(map.get("conditions") instanceof Iterable<?> list)) {
      return "";
    }
    for (Object item : list) {
      if (item instanceof Map<?, ?> condition && "Ready".equals(condition.get("type"))) {
        return String.valueOf(condition.get("reason"));
      }
    }
    return "";
  }

  private static ResourceDefinitionContext context() {
    return new ResourceDefinitionContext.Builder()
        .withGroup(CircuitBreakerPolicy.GROUP)
        .withVersion(CircuitBreakerPolicy.VERSION)
        .withKind(CircuitBreakerPolicy.KIND)
        .withPlural(CircuitBreakerPolicy.PLURAL)
        .withNamespaced(true)
        .build();
  }
}
