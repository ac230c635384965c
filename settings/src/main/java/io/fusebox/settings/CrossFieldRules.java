package io.fusebox.settings;

import java.time.Duration;
import java.util.Optional;

/**
 * The rules that relate two keys of one breaker. They are checked on a service entry merged with
 * the file's {@code defaults}, and again after the environment and built-in defaults are applied,
 * because either may supply one of the two keys.
 */
final class CrossFieldRules {

  /** Largest {@code sliding_window_size} of a {@code count_based} window, in calls. */
  static final int MAX_COUNT_WINDOW_SIZE = 1_000_000;

  /** Largest {@code sliding_window_size} of a {@code time_based} window, in seconds (one day). */
  static final int MAX_TIME_WINDOW_SECONDS = 86_400;

  /**
   * A broken rule.
   *
   * @param key the key to report, the one whose value is out of range
   * @param value the key's value as written in the file
   */
  record Violation(BreakerKey key, String value, String problem, String fix) {}

  private CrossFieldRules() {}

  /** Returns the first rule that {@code settings} breaks, considering only present keys. */
  static Optional<Violation> check(BreakerSettings settings) {
    Optional<Duration> recovery = settings.recoveryTimeout();
    Optional<Duration> maxRecovery = settings.maxRecoveryTimeout();
    if (recovery.isPresent()
        && maxRecovery.isPresent()
        && maxRecovery.get().compareTo(recovery.get()) < 0) {
      ValueType type = BreakerKey.MAX_RECOVERY_TIMEOUT_SECONDS.type();
      return Optional.of(
          new Violation(
              BreakerKey.MAX_RECOVERY_TIMEOUT_SECONDS,
              type.toYaml(maxRecovery.get()),
              "is below recovery_timeout_seconds (" + type.toYaml(recovery.get()) + ")",
              "raise it to at least recovery_timeout_seconds or remove it"));
    }
    Optional<Integer> size = settings.slidingWindowSize();
    if (size.isPresent()) {
      boolean timeBased =
          settings.slidingWindowType().orElse(SlidingWindowType.COUNT_BASED)
              == SlidingWindowType.TIME_BASED;
      int max = timeBased ? MAX_TIME_WINDOW_SECONDS : MAX_COUNT_WINDOW_SIZE;
      if (size.get() > max) {
        return Optional.of(
            new Violation(
                BreakerKey.SLIDING_WINDOW_SIZE,
                size.get().toString(),
                "is too large for a " + (timeBased ? "time_based" : "count_based") + " window",
                "use at most " + max + (timeBased ? " seconds" : " calls")));
      }
    }
    return Optional.empty();
  }
}
