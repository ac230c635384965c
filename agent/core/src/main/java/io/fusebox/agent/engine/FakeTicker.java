package io.fusebox.agent.engine;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A {@link Ticker} that moves only when a test advances it. It starts at zero, is thread-safe and
 * never goes backwards.
 */
public final class FakeTicker implements Ticker {

  private final AtomicLong nanos = new AtomicLong();

  @Override
  public long read() {
    return nanos.get();
  }

  /** Advances the time by {@code duration}, which must not be negative, and returns this. */
  public FakeTicker advance(Duration duration) {
    return advanceNanos(duration.toNanos());
  }

  /** Advances the time by {@code deltaNanos}, which must not be negative, and returns this. */
  public FakeTicker advanceNanos(long deltaNanos) {
    if (deltaNanos < 0) {
      throw new IllegalArgumentException(
          "a ticker never goes backwards; deltaNanos must be >= 0, was " + deltaNanos);
    }
    nanos.addAndGet(deltaNanos);
    return this;
  }

  /** Moves the time to {@code timeNanos}, which must not be earlier than the current time. */
  public FakeTicker setNanos(long timeNanos) {
    long current = nanos.get();
    if (timeNanos < current) {
      throw new IllegalArgumentException(
          "a ticker never goes backwards; timeNanos must be >= " + current + ", was " + timeNanos);
    }
    nanos.set(timeNanos);
    return this;
  }
}
