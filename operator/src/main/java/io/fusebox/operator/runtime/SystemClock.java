package io.fusebox.operator.runtime;

import java.time.Clock;

/** Source of the real clock, read once at the entry point and handed down. */
public final class SystemClock {

  private SystemClock() {}

  /** Returns the system clock in UTC. */
  public static Clock utc() {
    return Clock.systemUTC();
  }
}
