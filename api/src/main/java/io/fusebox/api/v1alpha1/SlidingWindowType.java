package io.fusebox.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Kinds of sliding window over which a rate rule is computed. */
public enum SlidingWindowType {
  /** The window contains the last {@code slidingWindowSize} calls. */
  @JsonProperty("CountBased")
  COUNT_BASED("count_based"),
  /** The window contains the calls of the last {@code slidingWindowSize} seconds. */
  @JsonProperty("TimeBased")
  TIME_BASED("time_based");

  private final String settingsValue;

  SlidingWindowType(String settingsValue) {
    this.settingsValue = settingsValue;
  }

  /** Returns the value of the {@code sliding_window_type} key in the settings file. */
  public String settingsValue() {
    return settingsValue;
  }
}
