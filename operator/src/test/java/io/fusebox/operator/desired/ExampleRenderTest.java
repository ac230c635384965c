package io.fusebox.operator.desired;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.autoscaling.v2.MetricSpec;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fusebox.settings.BreakerSettings;
import io.fusebox.settings.SettingsDocument;
import io.fusebox.settings.SettingsParser;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ExampleRenderTest {

  private final DesiredState state = PolicyRenderer.render(Policies.example(), null);

  @Test
  void exampleRendersWithoutProblems() {
    assertThat(state.problems()).isEmpty();
    assertThat(state.warnings()).isEmpty();
    assertThat(state.objects()).hasSize(5);
    assertThat(state.breakerCount()).isEqualTo(3);
  }

  @Test
  void settingsFileParsesToExampleNumbers() throws Exception {
    String content = state.configMap().getData().get("circuit-breaker.yaml");
    SettingsDocument document = new SettingsParser().parse("circuit-breaker.yaml", content);

    assertThat(document.services().keySet()).containsExactly("database", "external_api", "redis");
    assertBreaker(document.services().get("database"), 5, 30, 10, 3);
    assertBreaker(document.services().get("external_api"), 3, 60, 5, 2);
    assertBreaker(document.services().get("redis"), 10, 15, 2, 5);
    assertThat(document.policy().orElseThrow().namespace()).isEqualTo("shop");
    assertThat(document.policy().orElseThrow().name()).isEqualTo("checkout");
  }

  private static void assertBreaker(
      BreakerSettings breaker,
      int failures,
      int recoverySeconds,
      int timeoutSeconds,
      int successes) {
    assertThat(breaker.failureThreshold()).contains(failures);
    assertThat(breaker.recoveryTimeout()).contains(Duration.ofSeconds(recoverySeconds));
    assertThat(breaker.timeout()).contains(Duration.ofSeconds(timeoutSeconds));
    assertThat(breaker.successThreshold()).contains(successes);
  }

  @Test
  void configMapCarriesNameHashAndLabels() {
    assertThat(state.configMap().getMetadata().getName()).isEqualTo("checkout-circuit-breakers");
    assertThat(state.configMap().getMetadata().getNamespace()).isEqualTo("shop");
    assertThat(state.configMap().getMetadata().getAnnotations())
        .containsEntry("fusebox.io/config-hash", state.configHash());
    assertThat(state.configHash()).matches("[0-9a-f]{16}");
    assertThat(state.configMap().getMetadata().getLabels())
        .containsEntry("app.kubernetes.io/managed-by", "fusebox")
        .containsEntry("fusebox.io/policy", "checkout");
  }

  @Test
  void autoscalerMatchesExample() {
    HorizontalPodAutoscaler hpa = state.autoscaler();

    assertThat(hpa.getSpec().getScaleTargetRef().getKind()).isEqualTo("Deployment");
    assertThat(hpa.getSpec().getScaleTargetRef().getName()).isEqualTo("checkout");
    assertThat(hpa.getSpec().getScaleTargetRef().getApiVersion()).isEqualTo("apps/v1");
    assertThat(hpa.getSpec().getMinReplicas()).isEqualTo(3);
    assertThat(hpa.getSpec().getMaxReplicas()).isEqualTo(10);
    List<MetricSpec> metrics = hpa.getSpec().getMetrics();
    assertThat(metrics).hasSize(2);
    assertThat(metrics.get(0).getResource().getName()).isEqualTo("cpu");
    assertThat(metrics.get(0).getResource().getTarget().getType()).isEqualTo("Utilization");
    assertThat(metrics.get(0).getResource().getTarget().getAverageUtilization()).isEqualTo(70);
    assertThat(metrics.get(1).getResource().getName()).isEqualTo("memory");
    assertThat(metrics.get(1).getResource().getTarget().getAverageUtilization()).isEqualTo(80);
  }

  @Test
  void disruptionBudgetKeepsTwoAvailable() {
    PodDisruptionBudget pdb = state.podDisruptionBudget();

    assertThat(pdb.getApiVersion()).isEqualTo("policy/v1");
    assertThat(pdb.getSpec().getMinAvailable().getIntVal()).isEqualTo(2);
    assertThat(pdb.getSpec().getMaxUnavailable()).isNull();
    assertThat(pdb.getSpec().getSelector().getMatchLabels())
        .containsExactly(Map.entry("app.kubernetes.io/name", "checkout"));
  }

  @Test
  @SuppressWarnings("unchecked")
  void serviceMonitorScrapesMetricsPort() {
    GenericKubernetesResource monitor = state.serviceMonitor();
    Map<String, Object> spec = (Map<String, Object>) monitor.getAdditionalProperties().get("spec");
    List<Map<String, Object>> endpoints = (List<Map<String, Object>>) spec.get("endpoints");

    assertThat(monitor.getApiVersion()).isEqualTo("monitoring.coreos.com/v1");
    assertThat(monitor.getKind()).isEqualTo("ServiceMonitor");
    assertThat(endpoints).hasSize(1);
    assertThat(endpoints.get(0)).containsEntry("port", "metrics");
    assertThat(endpoints.get(0)).containsEntry("path", "/metrics");
    assertThat(endpoints.get(0)).containsEntry("interval", "30s");
    assertThat(spec.get("selector"))
        .isEqualTo(Map.of("matchLabels", Map.of("app.kubernetes.io/name", "checkout")));
  }

  @Test
  void renderingTwiceIsByteIdentical() {
    DesiredState again = PolicyRenderer.render(Policies.example(), null);

    assertThat(Serialization.asYaml(again.objects()))
        .isEqualTo(Serialization.asYaml(state.objects()));
    assertThat(again.configHash()).isEqualTo(state.configHash());
  }

  @Test
  void ownerReferenceNeedsPolicyUid() {
    var policy = Policies.example();
    policy.getMetadata().setUid("1d3a1d2e-0000-4000-8000-000000000001");

    var owner = PolicyRenderer.render(policy, null).configMap().getMetadata().getOwnerReferences();

    assertThat(state.configMap().getMetadata().getOwnerReferences()).isEmpty();
    assertThat(owner).hasSize(1);
    assertThat(owner.get(0).getController()).isTrue();
    assertThat(owner.get(0).getKind()).isEqualTo("CircuitBreakerPolicy");
    assertThat(owner.get(0).getUid()).isEqualTo("1d3a1d2e-0000-4000-8000-000000000001");
  }
}
