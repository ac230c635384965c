package io.fusebox.agent;

import java.time.Clock;

/** The one place the agent reads the wall clock; everything below it takes a {@link Clock}. */
final class SystemClock {
  private SystemClock() {}

  /** Returns the system clock in UTC. */
  static Clock utc() {
    return Clock.systemUTC();
  }
}
