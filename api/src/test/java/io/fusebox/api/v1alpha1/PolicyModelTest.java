package io.fusebox.api.v1alpha1;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import io.fabric8.kubernetes.api.model.apiextensions.v1.ValidationRule;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import org.junit.jupiter.api.Test;

class PolicyModelTest {

  private static CircuitBreakerPolicy readExample() throws IOException {
    Path example = Paths.get("..", "examples", "checkout-policy.yaml");
    try (InputStream in = Files.newInputStream(example)) {
      return Serialization.unmarshal(in, CircuitBreakerPolicy.class);
    }
  }

  @Test
  void exampleDeserializesIntoModel() throws IOException {
    CircuitBreakerPolicy policy = readExample();

    assertThat(policy.getKind()).isEqualTo("CircuitBreakerPolicy");
    assertThat(policy.getApiVersion()).isEqualTo("fusebox.io/v1alpha1");
    assertThat(policy.getMetadata().getNamespace()).isEqualTo("shop");
    CircuitBreakerPolicySpec spec = policy.getSpec();
    assertThat(spec.getTargetRef().getKind()).isEqualTo(TargetKind.DEPLOYMENT);
    assertThat(spec.getTargetRef().getName()).isEqualTo("checkout");
    assertThat(spec.getDefaults().getRecoveryTimeout()).isEqualTo("30s");
    assertThat(spec.getBreakers())
        .extracting(BreakerSpec::getName)
        .containsExactly("database", "external-api", "redis");
    assertThat(spec.getBreakers().get(2).getFailureThreshold()).isEqualTo(10);
    assertThat(spec.getAvailability().getPodDisruptionBudget().getMinAvailable().getIntVal())
        .isEqualTo(2);
    assertThat(spec.getAvailability().getAutoscaling().getMaxReplicas()).isEqualTo(10);
    assertThat(spec.getMonitoring().getAlerts().getOpenFor()).isEqualTo("1m");
  }

  @Test
  void enumsSerializeAsApiNames() {
    BreakerSpec breaker = new BreakerSpec("payments");
    breaker.setMode(BreakerMode.FORCED_OPEN);
    breaker.setSlidingWindowType(SlidingWindowType.TIME_BASED);

    String yaml = Serialization.asYaml(breaker);

    assertThat(yaml).contains("mode: \"ForcedOpen\"");
    assertThat(yaml).contains("slidingWindowType: \"TimeBased\"");
    assertThat(yaml).doesNotContain("readiness");
  }

  private static JSONSchemaProps generatedSchema() throws IOException {
    Path file =
        Paths.get(
            "target", "classes", "META-INF", "fabric8", CircuitBreakerPolicy.CRD_NAME + "-v1.yml");
    try (InputStream in = Files.newInputStream(file)) {
      CustomResourceDefinition crd = Serialization.unmarshal(in, CustomResourceDefinition.class);
      return crd.getSpec().getVersions().get(0).getSchema().getOpenAPIV3Schema();
    }
  }

  @Test
  void crdRequiresSpec() throws IOException {
    assertThat(generatedSchema().getRequired()).containsExactly("spec");
  }

  @Test
  void crdRejectsSeverityAlertLabel() throws IOException {
    JSONSchemaProps labels =
        generatedSchema()
            .getProperties()
            .get("spec")
            .getProperties()
            .get("monitoring")
            .getProperties()
            .get("alerts")
            .getProperties()
            .get("labels");

    assertThat(labels.getXKubernetesValidations())
        .extracting(ValidationRule::getRule)
        .contains("!('severity' in self)");
  }

  @Test
  void crdDeclaresBreakersAsMapList() throws IOException {
    String crd =
        Files.readString(
            Paths.get(
                "target",
                "classes",
                "META-INF",
                "fabric8",
                "circuitbreakerpolicies.fusebox.io-v1.yml"));

    assertThat(crd).contains("x-kubernetes-list-type: \"map\"");
    assertThat(crd).contains("x-kubernetes-list-map-keys:\n                - \"name\"");
    assertThat(crd).contains("name: \"Ready\"");
    assertThat(crd).contains("- \"cbp\"");
  }
}
