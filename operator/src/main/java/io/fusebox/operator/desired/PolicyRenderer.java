package io.fusebox.operator.desired;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fusebox.api.v1alpha1.AvailabilitySpec;
import io.fusebox.api.v1alpha1.CircuitBreakerPolicy;
import io.fusebox.api.v1alpha1.MonitoringSpec;
import io.fusebox.settings.SettingsDocument;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Renders a policy into its desired objects. Pure: the result depends only on the policy and the
 * observed target, so {@code fusebox render} and the reconciler produce the same objects. Bad input
 * gives problems in the result, never an exception.
 */
public final class PolicyRenderer {

  private PolicyRenderer() {}

  /**
   * Renders {@code policy}.
   *
   * @param target the live target workload, or {@code null} when it is unknown (offline render, or
   *     the target does not exist yet)
   */
  public static DesiredState render(CircuitBreakerPolicy policy, ObservedTarget target) {
    List<Finding> problems = new ArrayList<>(PolicyValidator.validate(policy));
    List<Finding> warnings = new ArrayList<>();
    if (!problems.isEmpty()) {
      return DesiredState.invalid(problems, warnings);
    }
    Optional<SettingsDocument> document = SettingsConfigMaps.document(policy, problems);
    if (document.isEmpty()) {
      return DesiredState.invalid(problems, warnings);
    }
    String content = SettingsConfigMaps.write(document.get());
    String hash = SettingsConfigMaps.hash(content);
    ConfigMap configMap = SettingsConfigMaps.configMap(policy, content, hash);

    GenericKubernetesResource serviceMonitor = null;
    GenericKubernetesResource prometheusRule = null;
    MonitoringSpec monitoring = policy.getSpec().getMonitoring();
    if (monitoring != null && monitoring.getServiceMonitor() != null) {
      serviceMonitor = ServiceMonitors.build(policy);
    }
    if (monitoring != null && monitoring.getAlerts() != null) {
      prometheusRule = PrometheusRules.build(policy);
    }

    PodDisruptionBudget pdb = null;
    HorizontalPodAutoscaler hpa = null;
    AvailabilitySpec availability = policy.getSpec().getAvailability();
    if (availability != null && availability.getAutoscaling() != null) {
      hpa = Autoscalers.build(policy);
    }
    if (availability != null && availability.getPodDisruptionBudget() != null) {
      pdb =
          DisruptionBudgets.build(
                  policy, budgetReplicas(policy, target), podSelector(policy, target), warnings)
              .orElse(null);
    }
    return new DesiredState(
        configMap,
        pdb,
        hpa,
        serviceMonitor,
        prometheusRule,
        content,
        hash,
        document.get().services().size(),
        problems,
        warnings);
  }

  /**
   * Returns the replica count the PDB is computed for: the HPA minimum when autoscaling is
   * requested, else the observed {@code spec.replicas}, else empty.
   */
  static Optional<Integer> budgetReplicas(CircuitBreakerPolicy policy, ObservedTarget target) {
    AvailabilitySpec availability = policy.getSpec().getAvailability();
    if (availability.getAutoscaling() != null) {
      return Optional.of(Autoscalers.minReplicas(availability.getAutoscaling()));
    }
    return target == null ? Optional.empty() : Optional.of(target.replicas());
  }

  /**
   * Returns the target's pod selector, or {@code app.kubernetes.io/name: <target name>} when the
   * target was not observed.
   */
  static LabelSelector podSelector(CircuitBreakerPolicy policy, ObservedTarget target) {
    if (target != null && target.selector() != null) {
      return target.selector();
    }
    return new LabelSelectorBuilder()
        .addToMatchLabels(
            ServiceMonitors.DEFAULT_SELECTOR_LABEL, policy.getSpec().getTargetRef().getName())
        .build();
  }
}
