package io.fusebox.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.ValidationRule;

/** Settings of the generated autoscaling/v2 HorizontalPodAutoscaler. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value = "!has(self.minReplicas) || self.minReplicas <= self.maxReplicas",
    message = "minReplicas must not exceed maxReplicas",
    fieldPath = ".minReplicas")
@ValidationRule(
    value = "has(self.cpuUtilization) || has(self.memoryUtilization)",
    message = "set cpuUtilization, memoryUtilization or both")
public class AutoscalingSpec {

  @Min(1)
  @Max(10000)
  @JsonPropertyDescription("Fewest replicas. Default 1.")
  private Integer minReplicas;

  @Required
  @Min(1)
  @Max(10000)
  @JsonPropertyDescription("Most replicas.")
  private Integer maxReplicas;

  @Min(1)
  @Max(1000)
  @JsonPropertyDescription("Target average CPU utilization in percent of the CPU request.")
  private Integer cpuUtilization;

  @Min(1)
  @Max(1000)
  @JsonPropertyDescription("Target average memory utilization in percent of the memory request.")
  private Integer memoryUtilization;

  public Integer getMinReplicas() {
    return minReplicas;
  }

  public void setMinReplicas(Integer minReplicas) {
    this.minReplicas = minReplicas;
  }

  public Integer getMaxReplicas() {
    return maxReplicas;
  }

  public void setMaxReplicas(Integer maxReplicas) {
    this.maxReplicas = maxReplicas;
  }

  public Integer getCpuUtilization() {
    return cpuUtilization;
  }

  public void setCpuUtilization(Integer cpuUtilization) {
    this.cpuUtilization = cpuUtilization;
  }

  public Integer getMemoryUtilization() {
    return memoryUtilization;
  }

  public void setMemoryUtilization(Integer memoryUtilization) {
    this.memoryUtilization = memoryUtilization;
  }
}
