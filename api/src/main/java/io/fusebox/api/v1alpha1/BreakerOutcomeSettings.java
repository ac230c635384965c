package io.fusebox.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.List;

/**
 * Settings of a breaker that decide which call outcomes count and when a rate rule trips: the
 * failure-rate and slow-call-rate thresholds, the sliding window, and the exception and HTTP status
 * classification. {@link BreakerSettingsSpec} adds the thresholds and timings.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value = "!has(self.slowCallDuration) || duration(self.slowCallDuration) > duration('0s')",
    message = "slowCallDuration must be greater than 0s",
    fieldPath = ".slowCallDuration")
public class BreakerOutcomeSettings {

  @Min(value = 0, inclusive = false)
  @Max(100)
  @JsonPropertyDescription(
      "Percentage of failed calls in the window, in (0, 100], at or above which the breaker"
          + " opens. Absent: no failure-rate rule.")
  private Double failureRateThreshold;

  @Min(value = 0, inclusive = false)
  @Max(100)
  @JsonPropertyDescription(
      "Percentage of slow calls in the window, in (0, 100], at or above which the breaker"
          + " opens. Absent: no slow-call-rate rule.")
  private Double slowCallRateThreshold;

  @Size(max = ApiPatterns.DURATION_MAX_LENGTH)
  @Pattern(ApiPatterns.DURATION)
  @JsonPropertyDescription("A call that takes longer than this is slow, e.g. 2s. Default 60s.")
  private String slowCallDuration;

  @JsonPropertyDescription("How the window is measured: CountBased (default) or TimeBased.")
  private SlidingWindowType slidingWindowType;

  @Min(1)
  @Max(100000)
  @JsonPropertyDescription("Calls (CountBased) or seconds (TimeBased) in the window. Default 100.")
  private Integer slidingWindowSize;

  @Min(1)
  @Max(100000)
  @JsonPropertyDescription(
      "Calls the window must hold before a rate rule can open the breaker. Default 10.")
  private Integer minimumNumberOfCalls;

  @Size(max = ApiPatterns.OUTCOME_LIST_MAX_ITEMS)
  @JsonPropertyDescription(
      "Java class names of exceptions that count as failures; when set, other exceptions are"
          + " ignored. Default: every exception that is not ignored is a failure.")
  private List<
          @Size(min = 1, max = ApiPatterns.CLASS_NAME_MAX_LENGTH) @Pattern(ApiPatterns.CLASS_NAME)
          String>
      failureExceptions;

  @Size(max = ApiPatterns.OUTCOME_LIST_MAX_ITEMS)
  @JsonPropertyDescription(
      "Java class names of exceptions that count as neither success nor failure.")
  private List<
          @Size(min = 1, max = ApiPatterns.CLASS_NAME_MAX_LENGTH) @Pattern(ApiPatterns.CLASS_NAME)
          String>
      ignoredExceptions;

  @Size(max = ApiPatterns.OUTCOME_LIST_MAX_ITEMS)
  @JsonPropertyDescription(
      "HTTP status codes (NNN) or inclusive ranges (NNN-NNN) that count as failures."
          + " Default [\"500-599\"].")
  private List<@Size(min = 3, max = 7) @Pattern(ApiPatterns.STATUS_RANGE) String>
      failureStatusCodes;

  @Size(max = ApiPatterns.OUTCOME_LIST_MAX_ITEMS)
  @JsonPropertyDescription(
      "HTTP status codes (NNN) or inclusive ranges (NNN-NNN) that count as neither success"
          + " nor failure.")
  private List<@Size(min = 3, max = 7) @Pattern(ApiPatterns.STATUS_RANGE) String>
      ignoredStatusCodes;

  public Double getFailureRateThreshold() {
    return failureRateThreshold;
  }

  public void setFailureRateThreshold(Double failureRateThreshold) {
    this.failureRateThreshold = failureRateThreshold;
  }

  public Double getSlowCallRateThreshold() {
    return slowCallRateThreshold;
  }

  public void setSlowCallRateThreshold(Double slowCallRateThreshold) {
    this.slowCallRateThreshold = slowCallRateThreshold;
  }

  public String getSlowCallDuration() {
    return slowCallDuration;
  }

  public void setSlowCallDuration(String slowCallDuration) {
    this.slowCallDuration = slowCallDuration;
  }

  public SlidingWindowType getSlidingWindowType() {
    return slidingWindowType;
  }

  public void setSlidingWindowType(SlidingWindowType slidingWindowType) {
    this.slidingWindowType = slidingWindowType;
  }

  public Integer getSlidingWindowSize() {
    return slidingWindowSize;
  }

  public void setSlidingWindowSize(Integer slidingWindowSize) {
    this.slidingWindowSize = slidingWindowSize;
  }

  public Integer getMinimumNumberOfCalls() {
    return minimumNumberOfCalls;
  }

  public void setMinimumNumberOfCalls(Integer minimumNumberOfCalls) {
    this.minimumNumberOfCalls = minimumNumberOfCalls;
  }

  public List<String> getFailureExceptions() {
    return failureExceptions;
  }

  public void setFailureExceptions(List<String> failureExceptions) {
    this.failureExceptions = failureExceptions;
  }

  public List<String> getIgnoredExceptions() {
    return ignoredExceptions;
  }

  public void setIgnoredExceptions(List<String> ignoredExceptions) {
    this.ignoredExceptions = ignoredExceptions;
  }

  public List<String> getFailureStatusCodes() {
    return failureStatusCodes;
  }

  public void setFailureStatusCodes(List<String> failureStatusCodes) {
    this.failureStatusCodes = failureStatusCodes;
  }

  public List<String> getIgnoredStatusCodes() {
    return ignoredStatusCodes;
  }

  public void setIgnoredStatusCodes(List<String> ignoredStatusCodes) {
    this.ignoredStatusCodes = ignoredStatusCodes;
  }
}
