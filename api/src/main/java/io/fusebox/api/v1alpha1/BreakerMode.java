package io.fusebox.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Modes of a breaker, which decide how it treats calls. The settings file spells the modes in
 * snake_case ({@code enforce}, {@code shadow}, {@code forced_open}, {@code disabled}).
 */
public enum BreakerMode {
  /** The breaker opens and rejects calls. */
  @JsonProperty("Enforce")
  ENFORCE("enforce"),
  /** The breaker records would-be rejections but lets every call through. */
  @JsonProperty("Shadow")
  SHADOW("shadow"),
  /** The breaker rejects every call. */
  @JsonProperty("ForcedOpen")
  FORCED_OPEN("forced_open"),
  /** The breaker admits every call and records nothing. */
  @JsonProperty("Disabled")
  DISABLED("disabled");

  private final String settingsValue;

  BreakerMode(String settingsValue) {
    this.settingsValue = settingsValue;
  }

  /** Returns the value of the {@code mode} key in the settings file. */
  public String settingsValue() {
    return settingsValue;
  }
}
