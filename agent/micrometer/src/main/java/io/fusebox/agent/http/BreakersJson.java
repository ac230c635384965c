package io.fusebox.agent.http;

import io.fusebox.agent.engine.BreakerConfig;
import io.fusebox.agent.engine.BreakerSnapshot;
import io.fusebox.agent.engine.CircuitBreaker;
import io.fusebox.agent.engine.CircuitBreakerRegistry;
import io.fusebox.agent.engine.State;
import io.fusebox.agent.reload.ReloadStatus;
import io.fusebox.agent.reload.SettingsReloader;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.Locale;
import java.util.OptionalDouble;

/** Renders the read-only {@code /breakers} document: reload status and every breaker. */
final class BreakersJson {
  private BreakersJson() {}

  static String label(State state) {
    return state.name().toLowerCase(Locale.ROOT);
  }

  static String render(CircuitBreakerRegistry breakers, SettingsReloader reloader) {
    StringBuilder out = new StringBuilder(256).append('{');
    if (reloader != null) {
      ReloadStatus status = reloader.status();
      out.append("\"settings\":{");
      field(out, "initial_loaded", Boolean.toString(status.initialLoaded())).append(',');
      field(out, "hash", status.activeHash().map(BreakersJson::string).orElse("null")).append(',');
      String generation =
          status.activeGeneration().isPresent()
              ? Long.toString(status.activeGeneration().getAsLong())
              : "null";
      field(out, "generation", generation).append(',');
      field(out, "last_result", status.lastResult().map(r -> string(r.name())).orElse("null"))
          .append(',');
      field(out, "last_error", status.lastError().map(BreakersJson::string).orElse("null"))
          .append(',');
      field(
          out,
          "last_success_time",
          status.lastSuccessTime().map(t -> string(t.toString())).orElse("null"));
      out.append("},");
    }
    out.append("\"breakers\":[");
    boolean first = true;
    for (CircuitBreaker breaker : breakers.all()) {
      if (!first) {
        out.append(',');
      }
      first = false;
      breaker(out, breaker.snapshot());
    }
    return out.append("]}").toString();
  }

  private static void breaker(StringBuilder out, BreakerSnapshot snapshot) {
    out.append('{');
    field(out, "name", string(snapshot.name())).append(',');
    field(out, "state", string(label(snapshot.state()))).append(',');
    field(out, "failure_rate", number(snapshot.failureRate())).append(',');
    field(out, "slow_call_rate", number(snapshot.slowCallRate())).append(',');
    field(out, "window_calls", Integer.toString(snapshot.window().calls())).append(',');
    field(out, "window_failures", Integer.toString(snapshot.window().failures())).append(',');
    field(out, "consecutive_failures", Integer.toString(snapshot.consecutiveFailures()))
        .append(',');
    field(out, "not_permitted_calls", Long.toString(snapshot.notPermittedCalls())).append(',');
    field(out, "transitions", Long.toString(snapshot.transitions())).append(',');
    field(out, "remaining_open_seconds", seconds(snapshot.remainingOpenTime())).append(',');
    out.append("\"settings\":");
    settings(out, snapshot.config());
    out.append('}');
  }

  private static void settings(StringBuilder out, BreakerConfig config) {
    out.append('{');
    field(out, "failure_threshold", Integer.toString(config.failureThreshold())).append(',');
    field(out, "recovery_timeout_seconds", seconds(config.recoveryTimeout())).append(',');
    field(out, "timeout_seconds", seconds(config.callTimeout())).append(',');
    field(out, "success_threshold", Integer.toString(config.successThreshold())).append(',');
    field(out, "mode", string(config.mode().name().toLowerCase(Locale.ROOT))).append(',');
    field(out, "readiness", Boolean.toString(config.readiness())).append(',');
    field(out, "failure_rate_threshold", number(config.failureRateThreshold())).append(',');
    field(out, "slow_call_rate_threshold", number(config.slowCallRateThreshold())).append(',');
    field(
            out,
            "sliding_window_type",
            string(config.slidingWindowType().name().toLowerCase(Locale.ROOT)))
        .append(',');
    field(out, "sliding_window_size", Integer.toString(config.slidingWindowSize())).append(',');
    field(out, "minimum_number_of_calls", Integer.toString(config.minimumNumberOfCalls()))
        .append(',');
    field(out, "permitted_calls_in_half_open", Integer.toString(config.permittedCallsInHalfOpen()))
        .append(',');
    field(out, "max_concurrent_calls", Integer.toString(config.maxConcurrentCalls()));
    out.append('}');
  }

  private static StringBuilder field(StringBuilder out, String name, String jsonValue) {
    return out.append('"').append(name).append("\":").append(jsonValue);
  }

  private static String number(OptionalDouble value) {
    if (value.isEmpty() || !Double.isFinite(value.getAsDouble())) {
      return "null";
    }
    return BigDecimal.valueOf(value.getAsDouble()).stripTrailingZeros().toPlainString();
  }

  private static String seconds(Duration duration) {
    BigDecimal seconds =
        BigDecimal.valueOf(duration.getSeconds()).add(BigDecimal.valueOf(duration.getNano(), 9));
    return seconds.signum() == 0 ? "0" : seconds.stripTrailingZeros().toPlainString();
  }

  /** Returns {@code text} as a JSON string literal. */
  static String string(String text) {
    StringBuilder out = new StringBuilder(text.length() + 2).append('"');
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20 || c == 0x2028 || c == 0x2029) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    return out.append('"').toString();
  }
}
