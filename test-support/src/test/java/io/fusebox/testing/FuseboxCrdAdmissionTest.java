package io.fusebox.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Checks that the repository's CircuitBreakerPolicy CRD installs on a real API server, which also
 * checks its CEL rules against the API server's cost budget, and that a CEL rule rejects an invalid
 * policy at admission.
 */
@KubeApiServerTest
class FuseboxCrdAdmissionTest {

  private static final ResourceDefinitionContext POLICIES =
      new ResourceDefinitionContext.Builder()
          .withGroup("fusebox.io")
          .withVersion("v1alpha1")
          .withKind("CircuitBreakerPolicy")
          .withPlural("circuitbreakerpolicies")
          .withNamespaced(true)
          .build();

  @Test
  void celRuleRejectsBothPdbBounds(KubernetesClient client) {
    GenericKubernetesResource policy =
        policy(Map.of("podDisruptionBudget", Map.of("minAvailable", 2, "maxUnavailable", 1)));

    assertThatThrownBy(() -> client.genericKubernetesResources(POLICIES).resource(policy).create())
        .isInstanceOfSatisfying(
            KubernetesClientException.class,
            e -> {
              assertThat(e.getCode()).isEqualTo(422);
              assertThat(e.getMessage())
                  .contains("set exactly one of minAvailable and maxUnavailable");
            });
  }

  @Test
  void validPolicyIsAdmitted(KubernetesClient client) {
    client
        .genericKubernetesResources(POLICIES)
        .resource(policy(Map.of("podDisruptionBudget", Map.of("minAvailable", 2))))
        .create();

    assertThat(client.genericKubernetesResources(POLICIES).withName("checkout").get()).isNotNull();
  }

  private static GenericKubernetesResource policy(Map<String, Object> availability) {
    return new GenericKubernetesResourceBuilder()
        .withApiVersion("fusebox.io/v1alpha1")
        .withKind("CircuitBreakerPolicy")
        .withNewMetadata()
        .withName("checkout")
        .endMetadata()
        .withAdditionalProperties(
            Map.of(
                "spec",
                Map.of(
                    "targetRef",
                    Map.of("kind", "Deployment", "name", "checkout"),
                    "availability",
                    availability)))
        .build();
  }
}
