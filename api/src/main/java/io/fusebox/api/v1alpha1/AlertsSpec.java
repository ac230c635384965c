package io.fusebox.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.Map;

/**
 * Settings of the generated PrometheusRule: how long a breaker may stay open, the failure rate that
 * raises an alert, and extra labels for every alert.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class AlertsSpec {

  @Size(max = ApiPatterns.DURATION_MAX_LENGTH)
  @Pattern(ApiPatterns.DURATION)
  @JsonPropertyDescription("A breaker open at least this long raises an alert. Default 5m.")
  private String openFor;

  @Min(value = 0, inclusive = false)
  @Max(100)
  @JsonPropertyDescription(
      "Failure rate in percent, in (0, 100], above which an alert is raised. Default 50.")
  private Double failureRate;

  @Size(max = ApiPatterns.DURATION_MAX_LENGTH)
  @Pattern(ApiPatterns.DURATION)
  @JsonPropertyDescription("How long the failure rate must stay high to alert. Default 5m.")
  private String failureRateFor;

  @Size(min = 1, max = 32)
  @Pattern("^[a-z][a-z0-9_-]*$")
  @JsonPropertyDescription("Value of the severity label of every alert. Default warning.")
  private String severity;

  @Size(max = 16)
  @ValidationRule(
      value =
          "self.all(k, size(k) <= 63 && k.matches('^[a-zA-Z_][a-zA-Z0-9_]*$')"
              + " && !k.startsWith('__'))",
      message = "alert label names must match [a-zA-Z_][a-zA-Z0-9_]* and not start with __")
  @ValidationRule(
      value = "self.all(k, size(self[k]) <= 256 && !self[k].contains('{{'))",
      message = "alert label values must be at most 256 characters and must not contain {{")
  @ValidationRule(
      value = "!('severity' in self)",
      message =
          "alert label severity is not allowed because the severity field sets it; move the value"
              + " to spec.monitoring.alerts.severity")
  @JsonPropertyDescription(
      "Extra labels for every alert, e.g. team: payments. Values must not contain '{{'. The"
          + " severity label is set by the severity field, not here.")
  private Map<String, @Size(max = 256) String> labels;

  public String getOpenFor() {
    return openFor;
  }

  public void setOpenFor(String openFor) {
    this.openFor = openFor;
  }

  public Double getFailureRate() {
    return failureRate;
  }

  public void setFailureRate(Double failureRate) {
    this.failureRate = failureRate;
  }

  public String getFailureRateFor() {
    return failureRateFor;
  }

  public void setFailureRateFor(String failureRateFor) {
    this.failureRateFor = failureRateFor;
  }

  public String getSeverity() {
    return severity;
  }

  public void setSeverity(String severity) {
    this.severity = severity;
  }

  public Map<String, String> getLabels() {
    return labels;
  }

  public void setLabels(Map<String, String> labels) {
    this.labels = labels;
  }
}
