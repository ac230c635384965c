package io.fusebox.settings;

import java.util.Locale;
import java.util.Optional;

/** How the sliding window of the rate rules is measured ({@code sliding_window_type}). */
public enum SlidingWindowType {
  /** The window holds the last {@code sliding_window_size} calls. */
  COUNT_BASED,
  /** The window holds the calls of the last {@code sliding_window_size} seconds. */
  TIME_BASED;

  /** Returns the value as written in the file, for example {@code count_based}. */
  public String fileValue() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Returns the type whose {@link #fileValue()} is {@code value}, or empty. */
  public static Optional<SlidingWindowType> fromFileValue(String value) {
    for (SlidingWindowType type : values()) {
      if (type.fileValue().equals(value)) {
        return Optional.of(type);
      }
    }
    return Optional.empty();
  }
}
