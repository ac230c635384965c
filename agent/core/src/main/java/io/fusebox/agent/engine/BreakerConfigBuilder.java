package io.fusebox.agent.engine;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Builds a {@link BreakerConfig}. Setters store values unchecked; {@link #build()} validates all of
 * them and throws one {@link IllegalArgumentException} whose message lists every invalid value with
 * the allowed range, for example {@code failureRateThreshold must be in (0, 100], was 150}. A
 * builder is not thread-safe.
 */
public final class BreakerConfigBuilder {

  int failureThreshold = 5;
  Duration recoveryTimeout = Duration.ofSeconds(30);
  Duration callTimeout = Duration.ofSeconds(10);
  int successThreshold = 3;
  Mode mode = Mode.ENFORCE;
  boolean readiness;
  // NaN means "no rate rule"; zero is an invalid threshold, not a way to switch the rule off.
  double failureRateThreshold = Double.NaN;
  double slowCallRateThreshold = Double.NaN;
  Duration slowCallDuration = Duration.ofSeconds(60);
  SlidingWindowType slidingWindowType = SlidingWindowType.COUNT_BASED;
  int slidingWindowSize = 100;
  int minimumNumberOfCalls = 10;
  int permittedCallsInHalfOpen;
  Duration maxHalfOpenDuration = Duration.ZERO;
  double backoffMultiplier = 1.0;
  Duration maxRecoveryTimeout;
  double jitterRatio;
  List<String> failureExceptions = List.of();
  List<String> ignoredExceptions = List.of();
  List<StatusCodeRange> failureStatusCodes = List.of(new StatusCodeRange(500, 599));
  List<StatusCodeRange> ignoredStatusCodes = List.of();
  int maxConcurrentCalls;

  BreakerConfigBuilder() {}

  BreakerConfigBuilder(BreakerConfig c) {
    failureThreshold = c.failureThreshold;
    recoveryTimeout = c.recoveryTimeout;
    callTimeout = c.callTimeout;
    successThreshold = c.successThreshold;
    mode = c.mode;
    readiness = c.readiness;
    failureRateThreshold = c.failureRateThreshold;
    slowCallRateThreshold = c.slowCallRateThreshold;
    slowCallDuration = c.slowCallDuration;
    slidingWindowType = c.slidingWindowType;
    slidingWindowSize = c.slidingWindowSize;
    minimumNumberOfCalls = c.minimumNumberOfCalls;
    permittedCallsInHalfOpen = c.permittedCallsInHalfOpenSetting;
    maxHalfOpenDuration = c.maxHalfOpenDuration;
    backoffMultiplier = c.backoffMultiplier;
    maxRecoveryTimeout = c.maxRecoveryTimeoutSetting;
    jitterRatio = c.jitterRatio;
    failureExceptions = c.failureExceptions;
    ignoredExceptions = c.ignoredExceptions;
    failureStatusCodes = c.failureStatusCodes;
    ignoredStatusCodes = c.ignoredStatusCodes;
    maxConcurrentCalls = c.maxConcurrentCalls;
  }

  /** Sets the consecutive failures that open the breaker (settings key failure_threshold). */
  public BreakerConfigBuilder failureThreshold(int value) {
    failureThreshold = value;
    return this;
  }

  /** Sets the time open before trial calls (recovery_timeout_seconds). */
  public BreakerConfigBuilder recoveryTimeout(Duration value) {
    recoveryTimeout = Objects.requireNonNull(value, "recoveryTimeout");
    return this;
  }

  /** Sets the per-call timeout; zero disables it (timeout_seconds). */
  public BreakerConfigBuilder callTimeout(Duration value) {
    callTimeout = Objects.requireNonNull(value, "callTimeout");
    return this;
  }

  /** Sets the successful trials that close a half-open breaker (success_threshold). */
  public BreakerConfigBuilder successThreshold(int value) {
    successThreshold = value;
    return this;
  }

  /** Sets the mode (mode). */
  public BreakerConfigBuilder mode(Mode value) {
    mode = Objects.requireNonNull(value, "mode");
    return this;
  }

  /** Sets whether an open breaker makes the pod not ready (readiness). */
  public BreakerConfigBuilder readiness(boolean value) {
    readiness = value;
    return this;
  }

  /** Sets the failure-rate percentage in (0, 100] (failure_rate_threshold). */
  public BreakerConfigBuilder failureRateThreshold(double percent) {
    failureRateThreshold = percent;
    return this;
  }

  /** Removes the failure-rate rule. */
  public BreakerConfigBuilder noFailureRateThreshold() {
    failureRateThreshold = Double.NaN;
    return this;
  }

  /** Sets the slow-call-rate percentage in (0, 100] (slow_call_rate_threshold). */
  public BreakerConfigBuilder slowCallRateThreshold(double percent) {
    slowCallRateThreshold = percent;
    return this;
  }

  /** Removes the slow-call-rate rule. */
  public BreakerConfigBuilder noSlowCallRateThreshold() {
    slowCallRateThreshold = Double.NaN;
    return this;
  }

  /** Sets the duration above which a call is slow (slow_call_duration_seconds). */
  public BreakerConfigBuilder slowCallDuration(Duration value) {
    slowCallDuration = Objects.requireNonNull(value, "slowCallDuration");
    return this;
  }

  /** Sets the window type and size (sliding_window_type, sliding_window_size). */
  public BreakerConfigBuilder slidingWindow(SlidingWindowType type, int size) {
    slidingWindowType = Objects.requireNonNull(type, "slidingWindowType");
    slidingWindowSize = size;
    return this;
  }

  /** Sets the calls the window must hold before a rate rule trips (minimum_number_of_calls). */
  public BreakerConfigBuilder minimumNumberOfCalls(int value) {
    minimumNumberOfCalls = value;
    return this;
  }

  /**
   * Sets the trials per half-open episode (permitted_calls_in_half_open); zero means "equal to the
   * success threshold", the settings-file default.
   */
  public BreakerConfigBuilder permittedCallsInHalfOpen(int value) {
    permittedCallsInHalfOpen = value;
    return this;
  }

  /** Sets the longest half-open episode; zero means no limit (max_half_open_seconds). */
  public BreakerConfigBuilder maxHalfOpenDuration(Duration value) {
    maxHalfOpenDuration = Objects.requireNonNull(value, "maxHalfOpenDuration");
    return this;
  }

  /** Sets the backoff multiplier of consecutive openings (backoff_multiplier). */
  public BreakerConfigBuilder backoffMultiplier(double value) {
    backoffMultiplier = value;
    return this;
  }

  /**
   * Sets the cap on the backed-off open time (max_recovery_timeout_seconds); {@code null} means
   * "equal to the recovery timeout".
   */
  public BreakerConfigBuilder maxRecoveryTimeout(Duration value) {
    maxRecoveryTimeout = value;
    return this;
  }

  /** Sets the jitter ratio in [0, 1) (jitter_ratio). */
  public BreakerConfigBuilder jitterRatio(double value) {
    jitterRatio = value;
    return this;
  }

  /** Sets the exception class names that are failures (failure_exceptions). */
  public BreakerConfigBuilder failureExceptions(List<String> classNames) {
    failureExceptions = List.copyOf(classNames);
    return this;
  }

  /** Sets the exception class names that are ignored (ignored_exceptions). */
  public BreakerConfigBuilder ignoredExceptions(List<String> classNames) {
    ignoredExceptions = List.copyOf(classNames);
    return this;
  }

  /** Sets the HTTP status codes that are failures (failure_status_codes). */
  public BreakerConfigBuilder failureStatusCodes(List<StatusCodeRange> ranges) {
    failureStatusCodes = List.copyOf(ranges);
    return this;
  }

  /** Sets the HTTP status codes that are ignored (ignored_status_codes). */
  public BreakerConfigBuilder ignoredStatusCodes(List<StatusCodeRange> ranges) {
    ignoredStatusCodes = List.copyOf(ranges);
    return this;
  }

  /** Sets the bulkhead limit of calls in flight; zero means no limit (max_concurrent_calls). */
  public BreakerConfigBuilder maxConcurrentCalls(int value) {
    maxConcurrentCalls = value;
    return this;
  }

  /**
   * Validates every field and returns the config.
   *
   * @throws IllegalArgumentException listing each invalid value, its allowed range and the fix
   */
  public BreakerConfig build() {
    List<String> errors = new ArrayList<>();
    atLeast(errors, "failureThreshold", failureThreshold, 1);
    positive(errors, "recoveryTimeout", recoveryTimeout);
    notNegative(errors, "callTimeout", callTimeout);
    atLeast(errors, "successThreshold", successThreshold, 1);
    percentage(errors, "failureRateThreshold", failureRateThreshold);
    percentage(errors, "slowCallRateThreshold", slowCallRateThreshold);
    positive(errors, "slowCallDuration", slowCallDuration);
    int maxWindow =
        slidingWindowType == SlidingWindowType.COUNT_BASED
            ? BreakerConfig.MAX_COUNT_WINDOW_SIZE
            : BreakerConfig.MAX_TIME_WINDOW_SECONDS;
    if (slidingWindowSize < 1 || slidingWindowSize > maxWindow) {
      errors.add(
          "slidingWindowSize must be in 1.."
              + maxWindow
              + " for "
              + slidingWindowType
              + ", was "
              + slidingWindowSize);
    }
    atLeast(errors, "minimumNumberOfCalls", minimumNumberOfCalls, 1);
    atLeast(errors, "permittedCallsInHalfOpen", permittedCallsInHalfOpen, 0);
    notNegative(errors, "maxHalfOpenDuration", maxHalfOpenDuration);
    if (!(backoffMultiplier >= 1.0) || Double.isInfinite(backoffMultiplier)) {
      errors.add("backoffMultiplier must be a finite number >= 1, was " + backoffMultiplier);
    }
    if (maxRecoveryTimeout != null
        && recoveryTimeout != null
        && maxRecoveryTimeout.compareTo(recoveryTimeout) < 0) {
      errors.add(
          "maxRecoveryTimeout must be >= recoveryTimeout ("
              + recoveryTimeout
              + "), was "
              + maxRecoveryTimeout);
    }
    if (!(jitterRatio >= 0.0 && jitterRatio < 1.0)) {
      errors.add("jitterRatio must be in [0, 1), was " + jitterRatio);
    }
    classNames(errors, "failureExceptions", failureExceptions);
    classNames(errors, "ignoredExceptions", ignoredExceptions);
    atLeast(errors, "maxConcurrentCalls", maxConcurrentCalls, 0);
    if (!errors.isEmpty()) {
      throw new IllegalArgumentException("invalid breaker config: " + String.join("; ", errors));
    }
    return new BreakerConfig(this);
  }

  private static void atLeast(List<String> errors, String name, int value, int min) {
    if (value < min) {
      errors.add(name + " must be >= " + min + ", was " + value);
    }
  }

  private static void positive(List<String> errors, String name, Duration value) {
    if (value.isNegative() || value.isZero()) {
      errors.add(name + " must be > 0, was " + value);
    }
  }

  private static void notNegative(List<String> errors, String name, Duration value) {
    if (value.isNegative()) {
      errors.add(name + " must be >= 0, was " + value);
    }
  }

  // NaN means "no rule"; any other value outside (0, 100] is an error.
  private static void percentage(List<String> errors, String name, double value) {
    if (!Double.isNaN(value) && !(value > 0 && value <= 100)) {
      errors.add(name + " must be in (0, 100], was " + formatNumber(value));
    }
  }

  private static void classNames(List<String> errors, String name, List<String> values) {
    for (String value : values) {
      if (value == null || value.isBlank() || value.strip().contains(" ")) {
        errors.add(
            name
                + " must hold fully qualified class names such as java.io.IOException, was '"
                + value
                + "'");
      }
    }
  }

  private static String formatNumber(double value) {
    return value == Math.rint(value) && !Double.isInfinite(value)
        ? Long.toString((long) value)
        : Double.toString(value);
  }
}
