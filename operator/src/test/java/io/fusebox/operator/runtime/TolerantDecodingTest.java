package io.fusebox.operator.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.type.TypeReference;
import io.fabric8.kubernetes.api.model.DefaultKubernetesResourceList;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.fusebox.api.v1alpha1.CircuitBreakerPolicy;
import io.fusebox.api.v1alpha1.TargetKind;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TolerantDecodingTest {

  private static final String LIST =
      """
      {"apiVersion": "fusebox.io/v1alpha1", "kind": "CircuitBreakerPolicyList",
       "metadata": {"resourceVersion": "7"},
       "items": [
        {"apiVersion": "fusebox.io/v1alpha1", "kind": "CircuitBreakerPolicy",
         "metadata": {"name": "good", "namespace": "shop", "uid": "u1"},
         "spec": {"targetRef": {"kind": "Deployment", "name": "checkout"}}},
        {"apiVersion": "fusebox.io/v1alpha1", "kind": "CircuitBreakerPolicy",
         "metadata": {"name": "bad", "namespace": "shop", "uid": "u2",
                      "annotations": {"team": "payments"}},
         "spec": {"targetRef": {"kind": "DaemonSet", "name": "checkout"}}}
       ]}
      """;

  private final List<String> failures = new ArrayList<>();

  private final DefaultKubernetesResourceList<CircuitBreakerPolicy> decoded =
      TolerantDecoding.serialization(
              CircuitBreakerPolicy.class, CircuitBreakerPolicy::new, failures::add)
          .unmarshal(
              new ByteArrayInputStream(LIST.getBytes(StandardCharsets.UTF_8)),
              new TypeReference<DefaultKubernetesResourceList<CircuitBreakerPolicy>>() {});

  @Test
  void defaultDecodingRejectsWholeList() {
    var plain = new KubernetesSerialization();

    assertThatThrownBy(
            () ->
                plain.unmarshal(
                    new ByteArrayInputStream(LIST.getBytes(StandardCharsets.UTF_8)),
                    new TypeReference<DefaultKubernetesResourceList<CircuitBreakerPolicy>>() {}))
        .rootCause()
        .hasMessageContaining("DaemonSet");
  }

  @Test
  void listWithOneBadItemStillDecodes() {
    assertThat(decoded.getItems()).hasSize(2);
  }

  @Test
  void goodItemDecodesNormally() {
    CircuitBreakerPolicy good = decoded.getItems().get(0);

    assertThat(good.getSpec().getTargetRef().getKind()).isEqualTo(TargetKind.DEPLOYMENT);
    assertThat(TolerantDecoding.decodeError(good)).isEmpty();
  }

  @Test
  void badItemKeepsMetadataAndError() {
    CircuitBreakerPolicy bad = decoded.getItems().get(1);

    assertThat(bad.getMetadata().getName()).isEqualTo("bad");
    assertThat(bad.getMetadata().getUid()).isEqualTo("u2");
    assertThat(bad.getMetadata().getAnnotations()).containsEntry("team", "payments");
    assertThat(bad.getSpec()).isNull();
    assertThat(TolerantDecoding.decodeError(bad)).get().asString().contains("DaemonSet");
  }

  @Test
  void failureIsReportedOnce() {
    assertThat(failures).hasSize(1);
    assertThat(failures.get(0)).contains("shop/bad").contains("DaemonSet");
  }
}
