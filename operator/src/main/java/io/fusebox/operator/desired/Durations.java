package io.fusebox.operator.desired;

import io.fusebox.api.v1alpha1.ApiPatterns;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses the Kubernetes-style durations of the policy ({@code 500ms}, {@code 30s}, {@code 1h30m})
 * and formats durations for Prometheus rule text.
 */
public final class Durations {

  private static final Pattern WHOLE = Pattern.compile(ApiPatterns.DURATION);
  private static final Pattern PART = Pattern.compile("([0-9]+(?:\\.[0-9]+)?)(h|ms|m|s)");
  private static final BigDecimal NANOS_PER_MILLI = BigDecimal.valueOf(1_000_000L);

  private Durations() {}

  /**
   * Parses {@code text}, rounding to whole nanoseconds.
   *
   * @return the duration, or empty when {@code text} does not match {@link ApiPatterns#DURATION} or
   *     exceeds about 292 years (the range of {@link Duration#ofNanos})
   */
  public static Optional<Duration> parse(String text) {
    if (text == null || !WHOLE.matcher(text).matches()) {
      return Optional.empty();
    }
    BigDecimal nanos = BigDecimal.ZERO;
    Matcher part = PART.matcher(text);
    while (part.find()) {
      BigDecimal amount = new BigDecimal(part.group(1));
      nanos = nanos.add(amount.multiply(unitNanos(part.group(2))));
    }
    try {
      return Optional.of(Duration.ofNanos(nanos.longValueExact()));
    } catch (ArithmeticException tooLong) {
      return Optional.empty();
    }
  }

  private static BigDecimal unitNanos(String unit) {
    return switch (unit) {
      case "h" -> BigDecimal.valueOf(3_600_000_000_000L);
      case "m" -> BigDecimal.valueOf(60_000_000_000L);
      case "s" -> BigDecimal.valueOf(1_000_000_000L);
      case "ms" -> NANOS_PER_MILLI;
      default -> throw new IllegalArgumentException("unknown duration unit " + unit);
    };
  }

  /**
   * Formats {@code duration} in the Prometheus duration syntax, for example {@code 1h30m} or {@code
   * 1500ms}. Prometheus durations take whole numbers only, so sub-millisecond parts are dropped;
   * the result is {@code 0s} for a zero duration.
   */
  public static String toPrometheus(Duration duration) {
    long millis = duration.toMillis();
    if (millis <= 0) {
      return "0s";
    }
    StringBuilder text = new StringBuilder();
    long hours = millis / 3_600_000L;
    millis %= 3_600_000L;
    long minutes = millis / 60_000L;
    millis %= 60_000L;
    long seconds = millis / 1000L;
    millis %= 1000L;
    appendPart(text, hours, "h");
    appendPart(text, minutes, "m");
    appendPart(text, seconds, "s");
    appendPart(text, millis, "ms");
    return text.toString();
  }

  private static void appendPart(StringBuilder text, long amount, String unit) {
    if (amount > 0) {
      text.append(amount).append(unit);
    }
  }
}
