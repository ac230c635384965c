package io.fusebox.settings;

import java.time.Duration;
import java.util.EnumMap;
import java.util.List;

/**
 * The setters of {@link BreakerSettings.Builder}, one per key of the file. Each setter checks the
 * value against the key's range and throws {@link IllegalArgumentException} naming the key, the
 * value and the allowed range; a null value clears the key.
 */
abstract class BreakerSettingsBuilderBase<B extends BreakerSettingsBuilderBase<B>> {
  final EnumMap<BreakerKey, Object> values;

  BreakerSettingsBuilderBase(EnumMap<BreakerKey, Object> values) {
    this.values = values;
  }

  abstract B self();

  /**
   * Sets {@code key} to {@code value}, which must be of the key's Java type ({@code Integer},
   * {@code Double}, {@code Duration}, {@code Boolean}, the enum, or a {@code List}).
   */
  public B set(BreakerKey key, Object value) {
    if (value == null) {
      values.remove(key);
      return self();
    }
    ValueType type = key.type();
    Object stored = value instanceof List<?> list ? List.copyOf(list) : value;
    String problem =
        type.javaType().isInstance(stored) ? type.rangeProblem(stored) : "has the wrong type";
    if (problem != null) {
      throw new IllegalArgumentException(
          key.fileKey() + " " + problem + " (was " + value + "); " + type.fix());
    }
    values.put(key, stored);
    return self();
  }

  public B failureThreshold(Integer value) {
    return set(BreakerKey.FAILURE_THRESHOLD, value);
  }

  public B recoveryTimeout(Duration value) {
    return set(BreakerKey.RECOVERY_TIMEOUT_SECONDS, value);
  }

  public B timeout(Duration value) {
    return set(BreakerKey.TIMEOUT_SECONDS, value);
  }

  public B successThreshold(Integer value) {
    return set(BreakerKey.SUCCESS_THRESHOLD, value);
  }

  public B mode(Mode value) {
    return set(BreakerKey.MODE, value);
  }

  public B readiness(Boolean value) {
    return set(BreakerKey.READINESS, value);
  }

  public B failureRateThreshold(Double value) {
    return set(BreakerKey.FAILURE_RATE_THRESHOLD, value);
  }

  public B slowCallRateThreshold(Double value) {
    return set(BreakerKey.SLOW_CALL_RATE_THRESHOLD, value);
  }

  public B slowCallDuration(Duration value) {
    return set(BreakerKey.SLOW_CALL_DURATION_SECONDS, value);
  }

  public B slidingWindowType(SlidingWindowType value) {
    return set(BreakerKey.SLIDING_WINDOW_TYPE, value);
  }

  public B slidingWindowSize(Integer value) {
    return set(BreakerKey.SLIDING_WINDOW_SIZE, value);
  }

  public B minimumNumberOfCalls(Integer value) {
    return set(BreakerKey.MINIMUM_NUMBER_OF_CALLS, value);
  }

  public B permittedCallsInHalfOpen(Integer value) {
    return set(BreakerKey.PERMITTED_CALLS_IN_HALF_OPEN, value);
  }

  public B maxHalfOpen(Duration value) {
    return set(BreakerKey.MAX_HALF_OPEN_SECONDS, value);
  }

  public B backoffMultiplier(Double value) {
    return set(BreakerKey.BACKOFF_MULTIPLIER, value);
  }

  public B maxRecoveryTimeout(Duration value) {
    return set(BreakerKey.MAX_RECOVERY_TIMEOUT_SECONDS, value);
  }

  public B jitterRatio(Double value) {
    return set(BreakerKey.JITTER_RATIO, value);
  }

  public B failureExceptions(List<String> value) {
    return set(BreakerKey.FAILURE_EXCEPTIONS, value);
  }

  public B ignoredExceptions(List<String> value) {
    return set(BreakerKey.IGNORED_EXCEPTIONS, value);
  }

  public B failureStatusCodes(List<StatusCodeRange> value) {
    return set(BreakerKey.FAILURE_STATUS_CODES, value);
  }

  public B ignoredStatusCodes(List<StatusCodeRange> value) {
    return set(BreakerKey.IGNORED_STATUS_CODES, value);
  }

  public B maxConcurrentCalls(Integer value) {
    return set(BreakerKey.MAX_CONCURRENT_CALLS, value);
  }
}
