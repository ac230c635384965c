package io.fusebox.operator.desired;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.util.ArrayList;
import java.util.List;

/**
 * The objects a policy renders to, with its validation problems and warnings. When {@code problems}
 * is not empty every object is {@code null}: an invalid policy renders nothing.
 *
 * @param configMap the settings ConfigMap
 * @param podDisruptionBudget the PDB, or {@code null} when none is requested or possible
 * @param autoscaler the HPA, or {@code null} when none is requested
 * @param serviceMonitor the ServiceMonitor, or {@code null} when none is requested
 * @param prometheusRule the PrometheusRule, or {@code null} when no alerts are requested
 * @param settingsContent the text of {@code circuit-breaker.yaml}
 * @param configHash content hash of {@code settingsContent}
 * @param breakerCount number of breakers in the settings file
 * @param problems reasons the policy is invalid; empty when it is valid
 * @param warnings notes on a valid policy, such as a PDB raised to allow one disruption
 */
public record DesiredState(
    ConfigMap configMap,
    PodDisruptionBudget podDisruptionBudget,
    HorizontalPodAutoscaler autoscaler,
    GenericKubernetesResource serviceMonitor,
    GenericKubernetesResource prometheusRule,
    String settingsContent,
    String configHash,
    int breakerCount,
    List<Finding> problems,
    List<Finding> warnings) {

  /** Copies the finding lists. */
  public DesiredState {
    problems = List.copyOf(problems);
    warnings = List.copyOf(warnings);
  }

  /** Returns a state with only problems, for an invalid policy. */
  static DesiredState invalid(List<Finding> problems, List<Finding> warnings) {
    return new DesiredState(null, null, null, null, null, null, null, 0, problems, warnings);
  }

  /** Returns whether the policy rendered without problems. */
  public boolean valid() {
    return problems.isEmpty();
  }

  /**
   * Returns the rendered objects in a fixed order: ConfigMap, ServiceMonitor, PrometheusRule,
   * PodDisruptionBudget, HorizontalPodAutoscaler; objects not rendered are left out.
   */
  public List<HasMetadata> objects() {
    List<HasMetadata> objects = new ArrayList<>();
    for (HasMetadata object :
        new HasMetadata[] {
          configMap, serviceMonitor, prometheusRule, podDisruptionBudget, autoscaler
        }) {
      if (object != null) {
        objects.add(object);
      }
    }
    return objects;
  }
}
