package io.fusebox.operator.desired;

import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscalerBuilder;
import io.fabric8.kubernetes.api.model.autoscaling.v2.MetricSpec;
import io.fabric8.kubernetes.api.model.autoscaling.v2.MetricSpecBuilder;
import io.fusebox.api.v1alpha1.AutoscalingSpec;
import io.fusebox.api.v1alpha1.CircuitBreakerPolicy;
import io.fusebox.api.v1alpha1.TargetKind;
import java.util.ArrayList;
import java.util.List;

/** Builds the autoscaling/v2 HorizontalPodAutoscaler of a policy. */
public final class Autoscalers {

  /** {@code minReplicas} when the policy sets none, as in Kubernetes. */
  public static final int DEFAULT_MIN_REPLICAS = 1;

  private Autoscalers() {}

  /** Returns the HPA's minimum replica count: {@code minReplicas} or 1. */
  static int minReplicas(AutoscalingSpec spec) {
    return spec.getMinReplicas() == null ? DEFAULT_MIN_REPLICAS : spec.getMinReplicas();
  }

  /**
   * Builds the HPA named after the policy. It scales the target between {@code minReplicas} and
   * {@code maxReplicas} on average CPU and memory utilization, in that order.
   */
  static HorizontalPodAutoscaler build(CircuitBreakerPolicy policy) {
    AutoscalingSpec spec = policy.getSpec().getAvailability().getAutoscaling();
    List<MetricSpec> metrics = new ArrayList<>();
    if (spec.getCpuUtilization() != null) {
      metrics.add(utilization("cpu", spec.getCpuUtilization()));
    }
    if (spec.getMemoryUtilization() != null) {
      metrics.add(utilization("memory", spec.getMemoryUtilization()));
    }
    TargetKind kind = policy.getSpec().getTargetRef().getKind();
    return new HorizontalPodAutoscalerBuilder()
        .withMetadata(OwnedMetadata.of(policy, policy.getMetadata().getName()))
        .withNewSpec()
        .withNewScaleTargetRef()
        .withApiVersion("apps/v1")
        .withKind(kind == TargetKind.STATEFUL_SET ? "StatefulSet" : "Deployment")
        .withName(policy.getSpec().getTargetRef().getName())
        .endScaleTargetRef()
        .withMinReplicas(minReplicas(spec))
        .withMaxReplicas(spec.getMaxReplicas())
        .withMetrics(metrics)
        .endSpec()
        .build();
  }

  private static MetricSpec utilization(String resource, int percent) {
    return new MetricSpecBuilder()
        .withType("Resource")
        .withNewResource()
        .withName(resource)
        .withNewTarget()
        .withType("Utilization")
        .withAverageUtilization(percent)
        .endTarget()
        .endResource()
        .build();
  }
}
