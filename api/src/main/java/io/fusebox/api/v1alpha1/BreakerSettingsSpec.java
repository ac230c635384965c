package io.fusebox.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/**
 * Settings of one breaker, used for {@code spec.defaults} and, with a name, for each entry of
 * {@code spec.breakers}. Every field is optional: a breaker takes an absent field from {@code
 * spec.defaults}, then from the agent's environment and built-in defaults.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value = "!has(self.recoveryTimeout) || duration(self.recoveryTimeout) > duration('0s')",
    message = "recoveryTimeout must be greater than 0s",
    fieldPath = ".recoveryTimeout")
@ValidationRule(
    value =
        "!has(self.maxRecoveryTimeout) || !has(self.recoveryTimeout)"
            + " || duration(self.maxRecoveryTimeout) >= duration(self.recoveryTimeout)",
    message = "maxRecoveryTimeout must be at least recoveryTimeout",
    fieldPath = ".maxRecoveryTimeout")
public class BreakerSettingsSpec extends BreakerOutcomeSettings {

  @Min(1)
  @Max(1000000)
  @JsonPropertyDescription("Consecutive failures that open the breaker. Default 5.")
  private Integer failureThreshold;

  @Size(max = ApiPatterns.DURATION_MAX_LENGTH)
  @Pattern(ApiPatterns.DURATION)
  @JsonPropertyDescription("Time the breaker stays open before trial calls, e.g. 30s.")
  private String recoveryTimeout;

  @Size(max = ApiPatterns.DURATION_MAX_LENGTH)
  @Pattern(ApiPatterns.DURATION)
  @JsonPropertyDescription(
      "Per-call timeout, e.g. 10s; a timed-out call is one failure and 0s disables it.")
  private String timeout;

  @Min(1)
  @Max(1000000)
  @JsonPropertyDescription("Successful trial calls that close a half-open breaker. Default 3.")
  private Integer successThreshold;

  @Min(1)
  @Max(1000000)
  @JsonPropertyDescription(
      "Trial calls admitted per half-open episode, in total. Default: successThreshold.")
  private Integer permittedCallsInHalfOpen;

  @Size(max = ApiPatterns.DURATION_MAX_LENGTH)
  @Pattern(ApiPatterns.DURATION)
  @JsonPropertyDescription(
      "Longest time a half-open episode lasts before the breaker opens again; 0s means no"
          + " limit.")
  private String maxHalfOpenDuration;

  @Min(1)
  @Max(100)
  @JsonPropertyDescription(
      "Factor applied to the open time on each consecutive opening. Default 1 (no backoff).")
  private Double backoffMultiplier;

  @Size(max = ApiPatterns.DURATION_MAX_LENGTH)
  @Pattern(ApiPatterns.DURATION)
  @JsonPropertyDescription(
      "Cap on the backed-off open time; at least recoveryTimeout. Default: recoveryTimeout.")
  private String maxRecoveryTimeout;

  @Min(0)
  @Max(value = 1, inclusive = false)
  @JsonPropertyDescription(
      "Fraction in [0, 1) by which each pod lengthens or shortens its open time. Default 0.")
  private Double jitterRatio;

  @Min(0)
  @Max(1000000)
  @JsonPropertyDescription("Calls allowed in flight at once (bulkhead); 0 means no limit.")
  private Integer maxConcurrentCalls;

  @JsonPropertyDescription(
      "Enforce (default), Shadow (record would-be rejections, admit every call), ForcedOpen"
          + " or Disabled. Overrides spec.mode.")
  private BreakerMode mode;

  @JsonPropertyDescription("When true, an open breaker makes the pod not ready.")
  private Boolean readiness;

  public Integer getFailureThreshold() {
    return failureThreshold;
  }

  public void setFailureThreshold(Integer failureThreshold) {
    this.failureThreshold = failureThreshold;
  }

  public String getRecoveryTimeout() {
    return recoveryTimeout;
  }

  public void setRecoveryTimeout(String recoveryTimeout) {
    this.recoveryTimeout = recoveryTimeout;
  }

  public String getTimeout() {
    return timeout;
  }

  public void setTimeout(String timeout) {
    this.timeout = timeout;
  }

  public Integer getSuccessThreshold() {
    return successThreshold;
  }

  public void setSuccessThreshold(Integer successThreshold) {
    this.successThreshold = successThreshold;
  }

  public Integer getPermittedCallsInHalfOpen() {
    return permittedCallsInHalfOpen;
  }

  public void setPermittedCallsInHalfOpen(Integer permittedCallsInHalfOpen) {
    this.permittedCallsInHalfOpen = permittedCallsInHalfOpen;
  }

  public String getMaxHalfOpenDuration() {
    return maxHalfOpenDuration;
  }

  public void setMaxHalfOpenDuration(String maxHalfOpenDuration) {
    this.maxHalfOpenDuration = maxHalfOpenDuration;
  }

  public Double getBackoffMultiplier() {
    return backoffMultiplier;
  }

  public void setBackoffMultiplier(Double backoffMultiplier) {
    this.backoffMultiplier = backoffMultiplier;
  }

  public String getMaxRecoveryTimeout() {
    return maxRecoveryTimeout;
  }

  public void setMaxRecoveryTimeout(String maxRecoveryTimeout) {
    this.maxRecoveryTimeout = maxRecoveryTimeout;
  }

  public Double getJitterRatio() {
    return jitterRatio;
  }

  public void setJitterRatio(Double jitterRatio) {
    this.jitterRatio = jitterRatio;
  }

  public Integer getMaxConcurrentCalls() {
    return maxConcurrentCalls;
  }

  public void setMaxConcurrentCalls(Integer maxConcurrentCalls) {
    this.maxConcurrentCalls = maxConcurrentCalls;
  }

  public BreakerMode getMode() {
    return mode;
  }

  public void setMode(BreakerMode mode) {
    this.mode = mode;
  }

  public Boolean getReadiness() {
    return readiness;
  }

  public void setReadiness(Boolean readiness) {
    this.readiness = readiness;
  }
}
