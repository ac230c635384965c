package io.fusebox.agent.engine;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.OptionalDouble;

/**
 * The immutable settings of one breaker: every key of a service entry in the settings file {@code
 * circuit-breaker.yaml}, as engine types. Build one with {@link #builder()}; the builder validates
 * every field and names the value and the allowed range when one is wrong. Two configs are equal
 * when all fields are equal, which is how {@link CircuitBreaker#reconfigure} recognises an
 * unchanged reload.
 */
public final class BreakerConfig {

  /** The largest {@code slidingWindowSize} of a count-based window, in calls. */
  public static final int MAX_COUNT_WINDOW_SIZE = 1_000_000;

  /** The largest {@code slidingWindowSize} of a time-based window, in seconds (one day). */
  public static final int MAX_TIME_WINDOW_SECONDS = 86_400;

  private static final BreakerConfig DEFAULTS = builder().build();

  final int failureThreshold;
  final Duration recoveryTimeout;
  final Duration callTimeout;
  final int successThreshold;
  final Mode mode;
  final boolean readiness;
  final double failureRateThreshold;
  final double slowCallRateThreshold;
  final Duration slowCallDuration;
  final SlidingWindowType slidingWindowType;
  final int slidingWindowSize;
  final int minimumNumberOfCalls;
  final int permittedCallsInHalfOpen;
  final Duration maxHalfOpenDuration;
  final double backoffMultiplier;
  final Duration maxRecoveryTimeout;
  final double jitterRatio;
  final List<String> failureExceptions;
  final List<String> ignoredExceptions;
  final List<StatusCodeRange> failureStatusCodes;
  final List<StatusCodeRange> ignoredStatusCodes;
  final int maxConcurrentCalls;

  // The values as set, so that toBuilder() keeps "follow the recovery timeout" and "follow the
  // success threshold" defaults instead of freezing the resolved numbers.
  final Duration maxRecoveryTimeoutSetting;
  final int permittedCallsInHalfOpenSetting;

  // Nanosecond copies read on the hot path.
  final long callTimeoutNanos;
  final long slowCallDurationNanos;
  final long maxHalfOpenNanos;
  final OutcomeClassifier classifier;

  BreakerConfig(BreakerConfigBuilder b) {
    failureThreshold = b.failureThreshold;
    recoveryTimeout = b.recoveryTimeout;
    callTimeout = b.callTimeout;
    successThreshold = b.successThreshold;
    mode = b.mode;
    readiness = b.readiness;
    failureRateThreshold = b.failureRateThreshold;
    slowCallRateThreshold = b.slowCallRateThreshold;
    slowCallDuration = b.slowCallDuration;
    slidingWindowType = b.slidingWindowType;
    slidingWindowSize = b.slidingWindowSize;
    minimumNumberOfCalls = b.minimumNumberOfCalls;
    permittedCallsInHalfOpen =
        b.permittedCallsInHalfOpen == 0 ? b.successThreshold : b.permittedCallsInHalfOpen;
    maxHalfOpenDuration = b.maxHalfOpenDuration;
    backoffMultiplier = b.backoffMultiplier;
    maxRecoveryTimeout = b.maxRecoveryTimeout == null ? b.recoveryTimeout : b.maxRecoveryTimeout;
    jitterRatio = b.jitterRatio;
    failureExceptions = List.copyOf(b.failureExceptions);
    ignoredExceptions = List.copyOf(b.ignoredExceptions);
    failureStatusCodes = List.copyOf(b.failureStatusCodes);
    ignoredStatusCodes = List.copyOf(b.ignoredStatusCodes);
    maxConcurrentCalls = b.maxConcurrentCalls;
    maxRecoveryTimeoutSetting = b.maxRecoveryTimeout;
    permittedCallsInHalfOpenSetting = b.permittedCallsInHalfOpen;
    callTimeoutNanos = callTimeout.toNanos();
    slowCallDurationNanos = slowCallDuration.toNanos();
    maxHalfOpenNanos = maxHalfOpenDuration.toNanos();
    classifier = new OutcomeClassifier(this);
  }

  /** Returns a builder preset with the built-in defaults of the settings file. */
  public static BreakerConfigBuilder builder() {
    return new BreakerConfigBuilder();
  }

  /** Returns the config with every built-in default of the settings file. */
  public static BreakerConfig defaults() {
    return DEFAULTS;
  }

  /** Returns a builder preset with this config's values. */
  public BreakerConfigBuilder toBuilder() {
    return new BreakerConfigBuilder(this);
  }

  /** Consecutive failures that open a closed breaker; at least 1. */
  public int failureThreshold() {
    return failureThreshold;
  }

  /** Time open before trial calls, before backoff and jitter; positive. */
  public Duration recoveryTimeout() {
    return recoveryTimeout;
  }

  /** Per-call timeout; {@link Duration#ZERO} disables it. */
  public Duration callTimeout() {
    return callTimeout;
  }

  /**
   * Successful trial calls that close a half-open breaker; at least 1. An episode needs at most
   * {@code permittedCallsInHalfOpen} of them, see {@link #trialSuccessesToClose()}.
   */
  public int successThreshold() {
    return successThreshold;
  }

  /** Returns the successful trials that close an episode: the smaller of the two settings. */
  public int trialSuccessesToClose() {
    return Math.min(successThreshold, permittedCallsInHalfOpen);
  }

  /** The mode that decides how the state machine applies to calls. */
  public Mode mode() {
    return mode;
  }

  /** Whether an open breaker should make the pod not ready. */
  public boolean readiness() {
    return readiness;
  }

  /** Failure-rate percentage in (0, 100] at or above which the breaker opens, if set. */
  public OptionalDouble failureRateThreshold() {
    return Double.isNaN(failureRateThreshold)
        ? OptionalDouble.empty()
        : OptionalDouble.of(failureRateThreshold);
  }

  /** Slow-call-rate percentage in (0, 100] at or above which the breaker opens, if set. */
  public OptionalDouble slowCallRateThreshold() {
    return Double.isNaN(slowCallRateThreshold)
        ? OptionalDouble.empty()
        : OptionalDouble.of(slowCallRateThreshold);
  }

  /** Duration above which a call is slow; positive. */
  public Duration slowCallDuration() {
    return slowCallDuration;
  }

  /** The window type: the last N calls or the last N seconds. */
  public SlidingWindowType slidingWindowType() {
    return slidingWindowType;
  }

  /** Calls ({@code COUNT_BASED}) or whole seconds ({@code TIME_BASED}) in the window. */
  public int slidingWindowSize() {
    return slidingWindowSize;
  }

  /** Calls the window must hold before a rate rule can trip; capped at a count window's size. */
  public int minimumNumberOfCalls() {
    return minimumNumberOfCalls;
  }

  /** Trial calls admitted per half-open episode, in total; at least 1. */
  public int permittedCallsInHalfOpen() {
    return permittedCallsInHalfOpen;
  }

  /** Maximum duration of a half-open episode before it returns to open; zero means no limit. */
  public Duration maxHalfOpenDuration() {
    return maxHalfOpenDuration;
  }

  /** Factor, at least 1, applied to the open time of each further consecutive opening. */
  public double backoffMultiplier() {
    return backoffMultiplier;
  }

  /** Cap on the backed-off open time, before jitter; at least {@code recoveryTimeout}. */
  public Duration maxRecoveryTimeout() {
    return maxRecoveryTimeout;
  }

  /** Largest fraction in [0, 1) by which jitter lengthens or shortens the open time. */
  public double jitterRatio() {
    return jitterRatio;
  }

  /** Exception class names that are failures; empty means every non-ignored exception. */
  public List<String> failureExceptions() {
    return failureExceptions;
  }

  /** Exception class names that are neither success nor failure. */
  public List<String> ignoredExceptions() {
    return ignoredExceptions;
  }

  /** HTTP status codes of a returned value that count as failures. */
  public List<StatusCodeRange> failureStatusCodes() {
    return failureStatusCodes;
  }

  /** HTTP status codes of a returned value that are neither success nor failure. */
  public List<StatusCodeRange> ignoredStatusCodes() {
    return ignoredStatusCodes;
  }

  /** Calls allowed in flight at once (bulkhead); zero means no limit. */
  public int maxConcurrentCalls() {
    return maxConcurrentCalls;
  }

  /** Returns whether a rate rule (failure rate or slow-call rate) is configured. */
  public boolean hasRateRule() {
    return !Double.isNaN(failureRateThreshold) || !Double.isNaN(slowCallRateThreshold);
  }

  /** Classifies a thrown exception by the exception rules, in the settings-file order. */
  public Outcome classifyThrowable(Throwable error) {
    return classifier.classifyThrowable(error);
  }

  /** Classifies an HTTP status code by the status-code rules, in the settings-file order. */
  public Outcome classifyStatusCode(int statusCode) {
    return classifier.classifyStatusCode(statusCode);
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof BreakerConfig c)) {
      return false;
    }
    return failureThreshold == c.failureThreshold
        && successThreshold == c.successThreshold
        && readiness == c.readiness
        && Double.compare(failureRateThreshold, c.failureRateThreshold) == 0
        && Double.compare(slowCallRateThreshold, c.slowCallRateThreshold) == 0
        && slidingWindowSize == c.slidingWindowSize
        && minimumNumberOfCalls == c.minimumNumberOfCalls
        && permittedCallsInHalfOpen == c.permittedCallsInHalfOpen
        && Double.compare(backoffMultiplier, c.backoffMultiplier) == 0
        && Double.compare(jitterRatio, c.jitterRatio) == 0
        && maxConcurrentCalls == c.maxConcurrentCalls
        && mode == c.mode
        && slidingWindowType == c.slidingWindowType
        && recoveryTimeout.equals(c.recoveryTimeout)
        && callTimeout.equals(c.callTimeout)
        && slowCallDuration.equals(c.slowCallDuration)
        && maxHalfOpenDuration.equals(c.maxHalfOpenDuration)
        && maxRecoveryTimeout.equals(c.maxRecoveryTimeout)
        && failureExceptions.equals(c.failureExceptions)
        && ignoredExceptions.equals(c.ignoredExceptions)
        && failureStatusCodes.equals(c.failureStatusCodes)
        && ignoredStatusCodes.equals(c.ignoredStatusCodes);
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        failureThreshold,
        recoveryTimeout,
        callTimeout,
        successThreshold,
        mode,
        failureRateThreshold,
        slowCallRateThreshold,
        slidingWindowType,
        slidingWindowSize,
        minimumNumberOfCalls,
        permittedCallsInHalfOpen,
        maxConcurrentCalls);
  }

  @Override
  public String toString() {
    return "BreakerConfig{failureThreshold="
        + failureThreshold
        + ", recoveryTimeout="
        + recoveryTimeout
        + ", callTimeout="
        + callTimeout
        + ", successThreshold="
        + successThreshold
        + ", mode="
        + mode
        + ", failureRateThreshold="
        + failureRateThreshold()
        + ", slowCallRateThreshold="
        + slowCallRateThreshold()
        + ", slidingWindow="
        + slidingWindowType
        + "/"
        + slidingWindowSize
        + ", minimumNumberOfCalls="
        + minimumNumberOfCalls
        + ", permittedCallsInHalfOpen="
        + permittedCallsInHalfOpen
        + ", maxConcurrentCalls="
        + maxConcurrentCalls
        + "}";
  }
}
