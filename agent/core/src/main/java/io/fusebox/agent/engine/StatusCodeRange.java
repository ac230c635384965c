package io.fusebox.agent.engine;

/**
 * An inclusive range of HTTP status codes, such as {@code 500-599}, or a single code.
 *
 * @param first the lowest code in the range, 100 to 599
 * @param last the highest code in the range, {@code first} to 599
 */
public record StatusCodeRange(int first, int last) {

  /** Validates both ends: each is in 100..599 and {@code first <= last}. */
  public StatusCodeRange {
    if (first < 100 || first > 599) {
      throw new IllegalArgumentException(
          "status code must be in 100..599, was " + first + "; use a code such as 503");
    }
    if (last < 100 || last > 599) {
      throw new IllegalArgumentException(
          "status code must be in 100..599, was " + last + "; use a code such as 503");
    }
    if (first > last) {
      throw new IllegalArgumentException(
          "status code range must start at or below its end, was "
              + first
              + "-"
              + last
              + "; write it as "
              + last
              + "-"
              + first);
    }
  }

  /** Returns the range holding the single code {@code code}. */
  public static StatusCodeRange of(int code) {
    return new StatusCodeRange(code, code);
  }

  /** Parses {@code NNN} or {@code NNN-NNN}, the notation of the settings file. */
  public static StatusCodeRange parse(String text) {
    String trimmed = text.trim();
    int dash = trimmed.indexOf('-');
    try {
      if (dash < 0) {
        return of(Integer.parseInt(trimmed));
      }
      int first = Integer.parseInt(trimmed.substring(0, dash).trim());
      int last = Integer.parseInt(trimmed.substring(dash + 1).trim());
      return new StatusCodeRange(first, last);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "status code range must be NNN or NNN-NNN, was '" + text + "'; for example 500-599", e);
    }
  }

  /** Returns whether {@code code} is in this range. */
  public boolean contains(int code) {
    return code >= first && code <= last;
  }

  /** Returns the settings-file notation: {@code NNN} or {@code NNN-NNN}. */
  @Override
  public String toString() {
    return first == last ? Integer.toString(first) : first + "-" + last;
  }
}
