package io.fusebox.api.v1alpha1;

import static org.assertj.core.api.Assertions.assertThat;

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
