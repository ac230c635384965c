package io.fusebox.operator.desired;

import io.fusebox.api.v1alpha1.BreakerOutcomeSettings;
import io.fusebox.api.v1alpha1.BreakerSettingsSpec;
import io.fusebox.settings.BreakerKey;
import io.fusebox.settings.BreakerSettings;
import io.fusebox.settings.Mode;
import io.fusebox.settings.SlidingWindowType;
import io.fusebox.settings.StatusCodeRange;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Converts the breaker settings of the resource ({@code recoveryTimeout: 30s}) into settings-file
 * entries ({@code recovery_timeout_seconds: 30}). Values the settings module rejects become
 * findings that name the resource field, so a bad value never throws.
 */
final class SettingsMapping {

  private final List<Finding> problems;

  SettingsMapping(List<Finding> problems) {
    this.problems = problems;
  }

  /** Converts {@code spec}, reporting problems under {@code path}; null gives an empty entry. */
  BreakerSettings toSettings(BreakerSettingsSpec spec, String path) {
    BreakerSettings.Builder builder = BreakerSettings.builder();
    if (spec == null) {
      return builder.build();
    }
    set(
        builder,
        BreakerKey.FAILURE_THRESHOLD,
        spec.getFailureThreshold(),
        path,
        "failureThreshold");
    setDuration(
        builder,
        BreakerKey.RECOVERY_TIMEOUT_SECONDS,
        spec.getRecoveryTimeout(),
        path,
        "recoveryTimeout");
    setDuration(builder, BreakerKey.TIMEOUT_SECONDS, spec.getTimeout(), path, "timeout");
    set(
        builder,
        BreakerKey.SUCCESS_THRESHOLD,
        spec.getSuccessThreshold(),
        path,
        "successThreshold");
    if (spec.getMode() != null) {
      set(builder, BreakerKey.MODE, toMode(spec.getMode().settingsValue()), path, "mode");
    }
    set(builder, BreakerKey.READINESS, spec.getReadiness(), path, "readiness");
    set(
        builder,
        BreakerKey.PERMITTED_CALLS_IN_HALF_OPEN,
        spec.getPermittedCallsInHalfOpen(),
        path,
        "permittedCallsInHalfOpen");
    setDuration(
        builder,
        BreakerKey.MAX_HALF_OPEN_SECONDS,
        spec.getMaxHalfOpenDuration(),
        path,
        "maxHalfOpenDuration");
    set(
        builder,
        BreakerKey.BACKOFF_MULTIPLIER,
        spec.getBackoffMultiplier(),
        path,
        "backoffMultiplier");
    setDuration(
        builder,
        BreakerKey.MAX_RECOVERY_TIMEOUT_SECONDS,
        spec.getMaxRecoveryTimeout(),
        path,
        "maxRecoveryTimeout");
    set(builder, BreakerKey.JITTER_RATIO, spec.getJitterRatio(), path, "jitterRatio");
    set(
        builder,
        BreakerKey.MAX_CONCURRENT_CALLS,
        spec.getMaxConcurrentCalls(),
        path,
        "maxConcurrentCalls");
    setOutcomes(builder, spec, path);
    return builder.build();
  }

  /** Returns the settings-file mode for a resource mode such as {@code ForcedOpen}. */
  static Mode toMode(String settingsValue) {
    return Mode.fromFileValue(settingsValue)
        .orElseThrow(() -> new IllegalStateException("no settings mode " + settingsValue));
  }

  private void setOutcomes(
      BreakerSettings.Builder builder, BreakerOutcomeSettings spec, String path) {
    set(
        builder,
        BreakerKey.FAILURE_RATE_THRESHOLD,
        spec.getFailureRateThreshold(),
        path,
        "failureRateThreshold");
    set(
        builder,
        BreakerKey.SLOW_CALL_RATE_THRESHOLD,
        spec.getSlowCallRateThreshold(),
        path,
        "slowCallRateThreshold");
    setDuration(
        builder,
        BreakerKey.SLOW_CALL_DURATION_SECONDS,
        spec.getSlowCallDuration(),
        path,
        "slowCallDuration");
    if (spec.getSlidingWindowType() != null) {
      String value = spec.getSlidingWindowType().settingsValue().toUpperCase(Locale.ROOT);
      set(
          builder,
          BreakerKey.SLIDING_WINDOW_TYPE,
          SlidingWindowType.valueOf(value),
          path,
          "slidingWindowType");
    }
    set(
        builder,
        BreakerKey.SLIDING_WINDOW_SIZE,
        spec.getSlidingWindowSize(),
        path,
        "slidingWindowSize");
    set(
        builder,
        BreakerKey.MINIMUM_NUMBER_OF_CALLS,
        spec.getMinimumNumberOfCalls(),
        path,
        "minimumNumberOfCalls");
    set(
        builder,
        BreakerKey.FAILURE_EXCEPTIONS,
        spec.getFailureExceptions(),
        path,
        "failureExceptions");
    set(
        builder,
        BreakerKey.IGNORED_EXCEPTIONS,
        spec.getIgnoredExceptions(),
        path,
        "ignoredExceptions");
    setRanges(
        builder,
        BreakerKey.FAILURE_STATUS_CODES,
        spec.getFailureStatusCodes(),
        path,
        "failureStatusCodes");
    setRanges(
        builder,
        BreakerKey.IGNORED_STATUS_CODES,
        spec.getIgnoredStatusCodes(),
        path,
        "ignoredStatusCodes");
  }

  private void set(
      BreakerSettings.Builder builder, BreakerKey key, Object value, String path, String field) {
    if (value == null) {
      return;
    }
    try {
      builder.set(key, value);
    } catch (IllegalArgumentException e) {
      problems.add(
          new Finding(
              path + "." + field,
              Finding.INVALID_SPEC,
              field
                  + " is invalid ("
                  + EchoedValues.escape(String.valueOf(value))
                  + "): "
                  + e.getMessage()));
    }
  }

  private void setDuration(
      BreakerSettings.Builder builder, BreakerKey key, String text, String path, String field) {
    if (text == null) {
      return;
    }
    Optional<Duration> duration = Durations.parse(text);
    if (duration.isEmpty()) {
      problems.add(
          new Finding(
              path + "." + field,
              Finding.INVALID_SPEC,
              field
                  + " is not a valid duration ("
                  + EchoedValues.quote(text)
                  + "); write a number with a unit h,"
                  + " m, s or ms, such as 500ms, 30s or 1h30m"));
      return;
    }
    set(builder, key, duration.get(), path, field);
  }

  private void setRanges(
      BreakerSettings.Builder builder,
      BreakerKey key,
      List<String> texts,
      String path,
      String field) {
    if (texts == null) {
      return;
    }
    List<StatusCodeRange> ranges = new ArrayList<>();
    for (int i = 0; i < texts.size(); i++) {
      String text = texts.get(i);
      Optional<StatusCodeRange> range =
          text == null ? Optional.empty() : StatusCodeRange.parse(text);
      if (range.isEmpty()) {
        problems.add(
            new Finding(
                path + "." + field + "[" + i + "]",
                Finding.INVALID_SPEC,
                field
                    + " entry is not a status code or range ("
                    + EchoedValues.quote(text)
                    + "); write NNN or"
                    + " NNN-NNN with codes in 100..599 and the first at most the last, such as"
                    + " 500-599"));
        return;
      }
      ranges.add(range.get());
    }
    set(builder, key, ranges, path, field);
  }
}
