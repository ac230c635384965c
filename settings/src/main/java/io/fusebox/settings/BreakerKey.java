package io.fusebox.settings;

import java.util.Optional;

/**
 * The keys of a breaker entry in the settings file, in the order of the table in {@code
 * docs/settings-file.md}, each with its type and range.
 */
public enum BreakerKey {
  FAILURE_THRESHOLD("failure_threshold", ValueType.integer(1)),
  RECOVERY_TIMEOUT_SECONDS("recovery_timeout_seconds", ValueType.duration(false)),
  TIMEOUT_SECONDS("timeout_seconds", ValueType.duration(true)),
  SUCCESS_THRESHOLD("success_threshold", ValueType.integer(1)),
  MODE("mode", ValueType.enumeration(Mode.class, Mode::fileValue, "mode")),
  READINESS("readiness", ValueType.bool()),
  FAILURE_RATE_THRESHOLD("failure_rate_threshold", percentage()),
  SLOW_CALL_RATE_THRESHOLD("slow_call_rate_threshold", percentage()),
  SLOW_CALL_DURATION_SECONDS("slow_call_duration_seconds", ValueType.duration(false)),
  SLIDING_WINDOW_TYPE(
      "sliding_window_type",
      ValueType.enumeration(
          SlidingWindowType.class, SlidingWindowType::fileValue, "sliding window type")),
  SLIDING_WINDOW_SIZE("sliding_window_size", ValueType.integer(1)),
  MINIMUM_NUMBER_OF_CALLS("minimum_number_of_calls", ValueType.integer(1)),
  PERMITTED_CALLS_IN_HALF_OPEN("permitted_calls_in_half_open", ValueType.integer(1)),
  MAX_HALF_OPEN_SECONDS("max_half_open_seconds", ValueType.duration(true)),
  BACKOFF_MULTIPLIER(
      "backoff_multiplier",
      ValueType.decimal(1, true, null, false, "a number of at least 1, such as 2 or 1.5")),
  MAX_RECOVERY_TIMEOUT_SECONDS("max_recovery_timeout_seconds", ValueType.duration(false)),
  JITTER_RATIO(
      "jitter_ratio",
      ValueType.decimal(0, true, 1.0, false, "a number of at least 0 and below 1, such as 0.1")),
  FAILURE_EXCEPTIONS("failure_exceptions", ListTypes.classNames()),
  IGNORED_EXCEPTIONS("ignored_exceptions", ListTypes.classNames()),
  FAILURE_STATUS_CODES("failure_status_codes", ListTypes.statusCodes()),
  IGNORED_STATUS_CODES("ignored_status_codes", ListTypes.statusCodes()),
  MAX_CONCURRENT_CALLS("max_concurrent_calls", ValueType.integer(0));

  private final String fileKey;
  private final ValueType type;

  BreakerKey(String fileKey, ValueType type) {
    this.fileKey = fileKey;
    this.type = type;
  }

  /** Returns the key as written in the file, for example {@code failure_threshold}. */
  public String fileKey() {
    return fileKey;
  }

  /** Returns what a valid value is, for example {@code an integer of at least 1}. */
  public String expected() {
    return type.expected();
  }

  /** Returns the key whose {@link #fileKey()} is {@code fileKey}, or empty. */
  public static Optional<BreakerKey> fromFileKey(String fileKey) {
    for (BreakerKey key : values()) {
      if (key.fileKey.equals(fileKey)) {
        return Optional.of(key);
      }
    }
    return Optional.empty();
  }

  ValueType type() {
    return type;
  }

  private static ValueType percentage() {
    return ValueType.decimal(0, false, 100.0, true, "a number greater than 0 and at most 100");
  }
}
