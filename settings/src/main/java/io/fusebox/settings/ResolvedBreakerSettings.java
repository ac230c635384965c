package io.fusebox.settings;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * The settings of one breaker with every key resolved (file entry, file {@code defaults},
 * environment, built-in defaults). Units are in the types; the meaning of each field is the row of
 * the same key in {@code docs/settings-file.md}.
 *
 * @param failureRateThreshold percentage in (0, 100], or empty for no failure-rate rule
 * @param slowCallRateThreshold percentage in (0, 100], or empty for no slow-call-rate rule
 * @param timeout per-call timeout; {@link Duration#ZERO} disables it
 * @param maxHalfOpen longest half-open episode; {@link Duration#ZERO} means no limit
 * @param maxConcurrentCalls bulkhead size; 0 means no limit
 */
public record ResolvedBreakerSettings(
    int failureThreshold,
    Duration recoveryTimeout,
    Duration timeout,
    int successThreshold,
    Mode mode,
    boolean readiness,
    OptionalDouble failureRateThreshold,
    OptionalDouble slowCallRateThreshold,
    Duration slowCallDuration,
    SlidingWindowType slidingWindowType,
    int slidingWindowSize,
    int minimumNumberOfCalls,
    int permittedCallsInHalfOpen,
    Duration maxHalfOpen,
    double backoffMultiplier,
    Duration maxRecoveryTimeout,
    double jitterRatio,
    List<String> failureExceptions,
    List<String> ignoredExceptions,
    List<StatusCodeRange> failureStatusCodes,
    List<StatusCodeRange> ignoredStatusCodes,
    int maxConcurrentCalls) {

  /** Copies the lists so the record stays immutable. */
  public ResolvedBreakerSettings {
    failureExceptions = List.copyOf(failureExceptions);
    ignoredExceptions = List.copyOf(ignoredExceptions);
    failureStatusCodes = List.copyOf(failureStatusCodes);
    ignoredStatusCodes = List.copyOf(ignoredStatusCodes);
  }

  /** Returns the built-in defaults with nothing from a file or the environment. */
  public static ResolvedBreakerSettings builtIn() {
    try {
      return of(BreakerSettings.BUILT_IN);
    } catch (SettingsException e) {
      throw new IllegalStateException("the built-in defaults break a cross-field rule", e);
    }
  }

  /**
   * Builds the record from an entry that already has every key of the built-in defaults. The two
   * keys whose default is another key ({@code permitted_calls_in_half_open} and {@code
   * max_recovery_timeout_seconds}) are filled in here.
   */
  static ResolvedBreakerSettings of(BreakerSettings merged) throws SettingsException {
    Duration recoveryTimeout = merged.recoveryTimeout().orElseThrow();
    Duration maxRecoveryTimeout = merged.maxRecoveryTimeout().orElse(recoveryTimeout);
    Optional<CrossFieldRules.Violation> violation = CrossFieldRules.check(merged);
    if (violation.isPresent()) {
      CrossFieldRules.Violation broken = violation.get();
      throw new SettingsException(
          "resolved settings",
          0,
          broken.key().fileKey(),
          broken.value(),
          broken.problem(),
          broken.fix());
    }
    int successThreshold = merged.successThreshold().orElseThrow();
    return new ResolvedBreakerSettings(
        merged.failureThreshold().orElseThrow(),
        recoveryTimeout,
        merged.timeout().orElseThrow(),
        successThreshold,
        merged.mode().orElseThrow(),
        merged.readiness().orElseThrow(),
        optional(merged.failureRateThreshold().orElse(null)),
        optional(merged.slowCallRateThreshold().orElse(null)),
        merged.slowCallDuration().orElseThrow(),
        merged.slidingWindowType().orElseThrow(),
        merged.slidingWindowSize().orElseThrow(),
        merged.minimumNumberOfCalls().orElseThrow(),
        merged.permittedCallsInHalfOpen().orElse(successThreshold),
        merged.maxHalfOpen().orElseThrow(),
        merged.backoffMultiplier().orElseThrow(),
        maxRecoveryTimeout,
        merged.jitterRatio().orElseThrow(),
        merged.failureExceptions().orElseThrow(),
        merged.ignoredExceptions().orElseThrow(),
        merged.failureStatusCodes().orElseThrow(),
        merged.ignoredStatusCodes().orElseThrow(),
        merged.maxConcurrentCalls().orElseThrow());
  }

  private static OptionalDouble optional(Double value) {
    return value == null ? OptionalDouble.empty() : OptionalDouble.of(value);
  }
}
