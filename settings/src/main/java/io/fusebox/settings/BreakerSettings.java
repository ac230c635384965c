package io.fusebox.settings;

import java.time.Duration;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The settings of one breaker entry ({@code defaults} or one of {@code services}) as written in the
 * file. Every key is optional; an absent key takes its value from the file's {@code defaults}, then
 * the environment, then the built-in default (see {@link #resolve}). Instances are immutable and
 * every present value is valid for its key.
 */
public final class BreakerSettings {

  /** An entry with no key set. */
  public static final BreakerSettings EMPTY = new BreakerSettings(new EnumMap<>(BreakerKey.class));

  /** The built-in defaults of the table in {@code docs/settings-file.md}. */
  public static final BreakerSettings BUILT_IN =
      builder()
          .failureThreshold(5)
          .recoveryTimeout(Duration.ofSeconds(30))
          .timeout(Duration.ofSeconds(10))
          .successThreshold(3)
          .mode(Mode.ENFORCE)
          .readiness(false)
          .slowCallDuration(Duration.ofSeconds(60))
          .slidingWindowType(SlidingWindowType.COUNT_BASED)
          .slidingWindowSize(100)
          .minimumNumberOfCalls(10)
          .maxHalfOpen(Duration.ZERO)
          .backoffMultiplier(1.0)
          .jitterRatio(0.0)
          .failureExceptions(List.of())
          .ignoredExceptions(List.of())
          .failureStatusCodes(List.of(new StatusCodeRange(500, 599)))
          .ignoredStatusCodes(List.of())
          .maxConcurrentCalls(0)
          .build();

  private final Map<BreakerKey, Object> values;

  private BreakerSettings(EnumMap<BreakerKey, Object> values) {
    this.values = Collections.unmodifiableMap(values);
  }

  /** Returns a builder with no key set. */
  public static Builder builder() {
    return new Builder(new EnumMap<>(BreakerKey.class));
  }

  /** Returns a builder that starts from this entry's keys. */
  public Builder toBuilder() {
    return new Builder(new EnumMap<>(copyOf(values)));
  }

  /** Returns the value of {@code key}, of the key's Java type, or empty when absent. */
  public Optional<Object> value(BreakerKey key) {
    return Optional.ofNullable(values.get(key));
  }

  /** Returns the present keys and their values, in table order. */
  public Map<BreakerKey, Object> values() {
    return values;
  }

  /** Returns whether no key is set. */
  public boolean isEmpty() {
    return values.isEmpty();
  }

  /** Returns an entry with this entry's keys plus those of {@code fallback} absent here. */
  public BreakerSettings withFallback(BreakerSettings fallback) {
    EnumMap<BreakerKey, Object> merged = copyOf(fallback.values);
    merged.putAll(values);
    return new BreakerSettings(merged);
  }

  /**
   * Resolves every key: this entry first, then the file's {@code defaults}, then the environment,
   * then the built-in defaults.
   *
   * @throws SettingsException when the merged keys break a cross-field rule, for example a {@code
   *     max_recovery_timeout_seconds} below the resolved {@code recovery_timeout_seconds}
   */
  public ResolvedBreakerSettings resolve(
      BreakerSettings fileDefaults, EnvironmentDefaults environment) throws SettingsException {
    BreakerSettings merged =
        withFallback(fileDefaults).withFallback(environment.settings()).withFallback(BUILT_IN);
    return ResolvedBreakerSettings.of(merged);
  }

  private static EnumMap<BreakerKey, Object> copyOf(Map<BreakerKey, Object> values) {
    EnumMap<BreakerKey, Object> copy = new EnumMap<>(BreakerKey.class);
    copy.putAll(values);
    return copy;
  }

  @SuppressWarnings("unchecked")
  private <T> Optional<T> typed(BreakerKey key) {
    return Optional.ofNullable((T) values.get(key));
  }

  // Typed accessors, one per key of the file.

  public Optional<Integer> failureThreshold() {
    return typed(BreakerKey.FAILURE_THRESHOLD);
  }

  public Optional<Duration> recoveryTimeout() {
    return typed(BreakerKey.RECOVERY_TIMEOUT_SECONDS);
  }

  public Optional<Duration> timeout() {
    return typed(BreakerKey.TIMEOUT_SECONDS);
  }

  public Optional<Integer> successThreshold() {
    return typed(BreakerKey.SUCCESS_THRESHOLD);
  }

  public Optional<Mode> mode() {
    return typed(BreakerKey.MODE);
  }

  public Optional<Boolean> readiness() {
    return typed(BreakerKey.READINESS);
  }

  public Optional<Double> failureRateThreshold() {
    return typed(BreakerKey.FAILURE_RATE_THRESHOLD);
  }

  public Optional<Double> slowCallRateThreshold() {
    return typed(BreakerKey.SLOW_CALL_RATE_THRESHOLD);
  }

  public Optional<Duration> slowCallDuration() {
    return typed(BreakerKey.SLOW_CALL_DURATION_SECONDS);
  }

  public Optional<SlidingWindowType> slidingWindowType() {
    return typed(BreakerKey.SLIDING_WINDOW_TYPE);
  }

  public Optional<Integer> slidingWindowSize() {
    return typed(BreakerKey.SLIDING_WINDOW_SIZE);
  }

  public Optional<Integer> minimumNumberOfCalls() {
    return typed(BreakerKey.MINIMUM_NUMBER_OF_CALLS);
  }

  public Optional<Integer> permittedCallsInHalfOpen() {
    return typed(BreakerKey.PERMITTED_CALLS_IN_HALF_OPEN);
  }

  public Optional<Duration> maxHalfOpen() {
    return typed(BreakerKey.MAX_HALF_OPEN_SECONDS);
  }

  public Optional<Double> backoffMultiplier() {
    return typed(BreakerKey.BACKOFF_MULTIPLIER);
  }

  public Optional<Duration> maxRecoveryTimeout() {
    return typed(BreakerKey.MAX_RECOVERY_TIMEOUT_SECONDS);
  }

  public Optional<Double> jitterRatio() {
    return typed(BreakerKey.JITTER_RATIO);
  }

  public Optional<List<String>> failureExceptions() {
    return typed(BreakerKey.FAILURE_EXCEPTIONS);
  }

  public Optional<List<String>> ignoredExceptions() {
    return typed(BreakerKey.IGNORED_EXCEPTIONS);
  }

  public Optional<List<StatusCodeRange>> failureStatusCodes() {
    return typed(BreakerKey.FAILURE_STATUS_CODES);
  }

  public Optional<List<StatusCodeRange>> ignoredStatusCodes() {
    return typed(BreakerKey.IGNORED_STATUS_CODES);
  }

  public Optional<Integer> maxConcurrentCalls() {
    return typed(BreakerKey.MAX_CONCURRENT_CALLS);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof BreakerSettings settings && values.equals(settings.values);
  }

  @Override
  public int hashCode() {
    return values.hashCode();
  }

  @Override
  public String toString() {
    return "BreakerSettings" + values;
  }

  /** Builds a {@link BreakerSettings}; each setter checks the key's range, and null clears it. */
  public static final class Builder extends BreakerSettingsBuilderBase<Builder> {
    private Builder(EnumMap<BreakerKey, Object> values) {
      super(values);
    }

    /** Returns the entry. */
    public BreakerSettings build() {
      return new BreakerSettings(copyOf(values));
    }

    @Override
    Builder self() {
      return this;
    }
  }
}
