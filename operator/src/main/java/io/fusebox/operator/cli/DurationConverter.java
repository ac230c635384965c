package io.fusebox.operator.cli;

import io.fusebox.operator.desired.EchoedValues;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * picocli converter for durations written as {@code 500ms}, {@code 30s}, {@code 5m} or ISO-8601.
 */
public final class DurationConverter implements ITypeConverter<Duration> {

  @Override
  public Duration convert(String value) {
    String text = value.trim().toLowerCase(Locale.ROOT);
    try {
      if (text.startsWith("p")) {
        return Duration.parse(text.toUpperCase(Locale.ROOT));
      }
      if (text.endsWith("ms")) {
        return Duration.ofMillis(Long.parseLong(text.substring(0, text.length() - 2)));
      }
      long amount = Long.parseLong(text.substring(0, text.length() - 1));
      return switch (text.charAt(text.length() - 1)) {
        case 's' -> Duration.ofSeconds(amount);
        case 'm' -> Duration.ofMinutes(amount);
        case 'h' -> Duration.ofHours(amount);
        default -> throw invalid(value);
      };
    } catch (NumberFormatException | DateTimeParseException | StringIndexOutOfBoundsException e) {
      throw invalid(value);
    }
  }

  private static TypeConversionException invalid(String value) {
    String trimmed = value.trim();
    String fix =
        !trimmed.isEmpty() && trimmed.chars().allMatch(c -> c >= '0' && c <= '9')
            ? "add a unit, such as " + trimmed + "s for seconds"
            : "use a whole number with ms, s, m or h (e.g. 30s)";
    return new TypeConversionException(
        "invalid duration " + EchoedValues.quote(value) + ": " + fix);
  }
}
