package io.fusebox.agent.kubernetes;

import java.time.Clock;

/** The one place the API-watch source reads the wall clock. */
final class SystemClock {
  private SystemClock() {}

  /** Returns the system clock in UTC. */
  static Clock utc() {
    return Clock.systemUTC();
  }
}
