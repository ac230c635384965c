package io.fusebox.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** Availability objects to generate for the target: a PodDisruptionBudget and an HPA. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class AvailabilitySpec {

  @JsonPropertyDescription("When set, a policy/v1 PodDisruptionBudget for the target's pods.")
  private PodDisruptionBudgetSpec podDisruptionBudget;

  @JsonPropertyDescription("When set, an autoscaling/v2 HorizontalPodAutoscaler for the target.")
  private AutoscalingSpec autoscaling;

  public PodDisruptionBudgetSpec getPodDisruptionBudget() {
    return podDisruptionBudget;
  }

  public void setPodDisruptionBudget(PodDisruptionBudgetSpec podDisruptionBudget) {
    this.podDisruptionBudget = podDisruptionBudget;
  }

  public AutoscalingSpec getAutoscaling() {
    return autoscaling;
  }

  public void setAutoscaling(AutoscalingSpec autoscaling) {
    this.autoscaling = autoscaling;
  }
}
