package io.fusebox.agent.reload;

import io.fusebox.agent.engine.BreakerConfig;
import io.fusebox.agent.engine.Mode;
import io.fusebox.agent.engine.SlidingWindowType;
import io.fusebox.agent.engine.StatusCodeRange;
import io.fusebox.settings.ResolvedBreakerSettings;
import java.util.List;

/** Converts resolved settings-file values into the engine's {@link BreakerConfig}. */
public final class SettingsConversion {
  private SettingsConversion() {}

  /**
   * Returns the engine config of {@code settings}.
   *
   * @throws IllegalArgumentException when the engine rejects a combination the file allows, for
   *     example a count window larger than {@link BreakerConfig#MAX_COUNT_WINDOW_SIZE} calls; the
   *     message names each rejected value
   */
  public static BreakerConfig toBreakerConfig(ResolvedBreakerSettings settings) {
    var builder =
        BreakerConfig.builder()
            .failureThreshold(settings.failureThreshold())
            .recoveryTimeout(settings.recoveryTimeout())
            .callTimeout(settings.timeout())
            .successThreshold(settings.successThreshold())
            .mode(Mode.valueOf(settings.mode().name()))
            .readiness(settings.readiness())
            .slowCallDuration(settings.slowCallDuration())
            .slidingWindow(
                SlidingWindowType.valueOf(settings.slidingWindowType().name()),
                settings.slidingWindowSize())
            .minimumNumberOfCalls(settings.minimumNumberOfCalls())
            .permittedCallsInHalfOpen(settings.permittedCallsInHalfOpen())
            .maxHalfOpenDuration(settings.maxHalfOpen())
            .backoffMultiplier(settings.backoffMultiplier())
            .maxRecoveryTimeout(settings.maxRecoveryTimeout())
            .jitterRatio(settings.jitterRatio())
            .failureExceptions(settings.failureExceptions())
            .ignoredExceptions(settings.ignoredExceptions())
            .failureStatusCodes(ranges(settings.failureStatusCodes()))
            .ignoredStatusCodes(ranges(settings.ignoredStatusCodes()))
            .maxConcurrentCalls(settings.maxConcurrentCalls());
    if (settings.failureRateThreshold().isPresent()) {
      builder.failureRateThreshold(settings.failureRateThreshold().getAsDouble());
    } else {
      builder.noFailureRateThreshold();
    }
    if (settings.slowCallRateThreshold().isPresent()) {
      builder.slowCallRateThreshold(settings.slowCallRateThreshold().getAsDouble());
    } else {
      builder.noSlowCallRateThreshold();
    }
    return builder.build();
  }

  private static List<StatusCodeRange> ranges(List<io.fusebox.settings.StatusCodeRange> ranges) {
    return ranges.stream().map(range -> new StatusCodeRange(range.first(), range.last())).toList();
  }
}
