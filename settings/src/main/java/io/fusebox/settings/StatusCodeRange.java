package io.fusebox.settings;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An inclusive range of HTTP status codes, written {@code NNN} or {@code NNN-NNN} in the file.
 *
 * @param first the lowest code in the range, in 100..599
 * @param last the highest code in the range, in {@code first}..599
 */
public record StatusCodeRange(int first, int last) {

  /** Lowest HTTP status code a range may contain. */
  public static final int MIN_CODE = 100;

  /** Highest HTTP status code a range may contain. */
  public static final int MAX_CODE = 599;

  private static final Pattern FORM = Pattern.compile("([0-9]{3})(?:-([0-9]{3}))?");

  /** Checks the bounds; the message names the rejected range. */
  public StatusCodeRange {
    String problem = problem(first, last);
    if (problem != null) {
      throw new IllegalArgumentException(problem);
    }
  }

  /** Returns a range holding the single code {@code code}. */
  public static StatusCodeRange of(int code) {
    return new StatusCodeRange(code, code);
  }

  /** Returns whether {@code code} lies in this range. */
  public boolean contains(int code) {
    return code >= first && code <= last;
  }

  /** Returns the file form: {@code 404} or {@code 500-599}. */
  @Override
  public String toString() {
    return first == last ? Integer.toString(first) : first + "-" + last;
  }

  /**
   * Parses the file form {@code NNN} or {@code NNN-NNN}.
   *
   * @return the range, or empty when {@code text} has neither form or breaks a bound
   */
  public static Optional<StatusCodeRange> parse(String text) {
    Matcher matcher = FORM.matcher(text);
    if (!matcher.matches()) {
      return Optional.empty();
    }
    int first = Integer.parseInt(matcher.group(1));
    int last = matcher.group(2) == null ? first : Integer.parseInt(matcher.group(2));
    if (problem(first, last) != null) {
      return Optional.empty();
    }
    return Optional.of(new StatusCodeRange(first, last));
  }

  private static String problem(int first, int last) {
    if (first < MIN_CODE || last > MAX_CODE) {
      return "status codes must be in "
          + MIN_CODE
          + ".."
          + MAX_CODE
          + " (was "
          + first
          + "-"
          + last
          + ")";
    }
    if (first > last) {
      return "a status code range must start at or below its end (was " + first + "-" + last + ")";
    }
    return null;
  }
}
