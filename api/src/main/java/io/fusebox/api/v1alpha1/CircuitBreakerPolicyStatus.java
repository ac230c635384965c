package io.fusebox.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Size;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.ArrayList;
import java.util.List;

/**
 * Observed state of a {@link CircuitBreakerPolicy}, in the shape kubectl, Argo CD and Flux read:
 * {@code observedGeneration}, a {@code Ready} condition plus one condition per generated object,
 * and the name and content hash of the generated ConfigMap.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class CircuitBreakerPolicyStatus {

  @JsonPropertyDescription("metadata.generation of the policy this status describes.")
  private Long observedGeneration;

  @Size(max = 32)
  @JsonPropertyDescription("Ready, plus one condition per generated object.")
  private List<Condition> conditions = new ArrayList<>();

  @JsonPropertyDescription("Name of the generated ConfigMap that holds circuit-breaker.yaml.")
  private String configMapName;

  @JsonPropertyDescription(
      "First 16 hex digits of the SHA-256 of circuit-breaker.yaml; agents export it as the"
          + " hash label of fusebox_config_info.")
  private String configHash;

  @JsonPropertyDescription("Number of breakers in the generated settings file.")
  private Integer breakers;

  public Long getObservedGeneration() {
    return observedGeneration;
  }

  public void setObservedGeneration(Long observedGeneration) {
    this.observedGeneration = observedGeneration;
  }

  public List<Condition> getConditions() {
    return conditions;
  }

  public void setConditions(List<Condition> conditions) {
    this.conditions = conditions;
  }

  public String getConfigMapName() {
    return configMapName;
  }

  public void setConfigMapName(String configMapName) {
    this.configMapName = configMapName;
  }

  public String getConfigHash() {
    return configHash;
  }

  public void setConfigHash(String configHash) {
    this.configHash = configHash;
  }

  public Integer getBreakers() {
    return breakers;
  }

  public void setBreakers(Integer breakers) {
    this.breakers = breakers;
  }
}
