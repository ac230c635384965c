package io.fusebox.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.api.model.IntOrString;

/**
 * Disruption budget for the target. Exactly one of {@code minAvailable} and {@code maxUnavailable}
 * is set, each an integer or a percentage string such as {@code "50%"}. The operator renders a
 * percentage as the integer it means for the observed replica count.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value = "has(self.minAvailable) != has(self.maxUnavailable)",
    message = "set exactly one of minAvailable and maxUnavailable")
@ValidationRule(
    value =
        "!has(self.minAvailable) || (type(self.minAvailable) == int ? self.minAvailable >= 0"
            + " : self.minAvailable.matches('^(100|[1-9]?[0-9])%$'))",
    message = "minAvailable must be an integer >= 0 or a percentage from 0% to 100%",
    fieldPath = ".minAvailable")
@ValidationRule(
    value =
        "!has(self.maxUnavailable) || (type(self.maxUnavailable) == int ? self.maxUnavailable >= 0"
            + " : self.maxUnavailable.matches('^(100|[1-9]?[0-9])%$'))",
    message = "maxUnavailable must be an integer >= 0 or a percentage from 0% to 100%",
    fieldPath = ".maxUnavailable")
public class PodDisruptionBudgetSpec {

  @JsonPropertyDescription("Pods that must stay available: an integer or a percentage.")
  private IntOrString minAvailable;

  @JsonPropertyDescription("Pods that may be unavailable: an integer or a percentage.")
  private IntOrString maxUnavailable;

  public IntOrString getMinAvailable() {
    return minAvailable;
  }

  public void setMinAvailable(IntOrString minAvailable) {
    this.minAvailable = minAvailable;
  }

  public IntOrString getMaxUnavailable() {
    return maxUnavailable;
  }

  public void setMaxUnavailable(IntOrString maxUnavailable) {
    this.maxUnavailable = maxUnavailable;
  }
}
