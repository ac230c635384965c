package io.fusebox.settings;

import java.util.Locale;
import java.util.Optional;

/** How a breaker treats calls, as written in the {@code mode} key of the settings file. */
public enum Mode {
  /** Normal breaker: open rejects calls. */
  ENFORCE,
  /** Records would-be rejections and lets every call through. */
  SHADOW,
  /** Rejects every call. */
  FORCED_OPEN,
  /** Lets every call through and records nothing. */
  DISABLED;

  /** Returns the value as written in the file, for example {@code forced_open}. */
  public String fileValue() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Returns the mode whose {@link #fileValue()} is {@code value}, or empty. */
  public static Optional<Mode> fromFileValue(String value) {
    for (Mode mode : values()) {
      if (mode.fileValue().equals(value)) {
        return Optional.of(mode);
      }
    }
    return Optional.empty();
  }
}
