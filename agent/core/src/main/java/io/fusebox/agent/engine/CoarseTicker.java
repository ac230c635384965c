package io.fusebox.agent.engine;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.locks.LockSupport;

/**
 * A {@link Ticker} that returns a cached reading of another ticker, refreshed by one daemon thread
 * once per resolution period.
 *
 * <p>A read is one volatile load instead of a clock read, which matters because the closed path
 * reads the ticker twice per call: on the machine of {@code docs/benchmarks.md} one {@code
 * System.nanoTime()} read costs about 24 ns. The price is resolution: a duration is measured to
 * within one period, so a call shorter than the period reads as 0 or one period. Use it when call
 * timeouts, slow-call durations and open times are far longer than the period (the usual case:
 * seconds against a millisecond), and keep {@link SystemTicker} when the call-duration metric must
 * resolve sub-millisecond calls.
 *
 * <p>After {@link #close()} every read goes to the source, so breakers that use a closed ticker
 * keep measuring time.
 *
 * <p>Memory: {@code now} is written by the refresh thread only and read with volatile semantics, so
 * readers never see a value older than the last refresh, and readings never go backwards because
 * the source is monotonic.
 */
public final class CoarseTicker implements Ticker, AutoCloseable {
  private final Ticker source;

  /** The value of {@link #now} after {@link #close()}: reads then go to the source. */
  private static final long CLOSED = Long.MIN_VALUE;

  // Written by the refresh thread (or refresh() in tests), read by any thread: volatile.
  private volatile long now;

  private volatile boolean closing;

  private final Thread refresher;

  private CoarseTicker(Ticker source, Duration resolution, boolean startThread) {
    this.source = Objects.requireNonNull(source, "source");
    this.now = source.read();
    if (!startThread) {
      this.refresher = null;
      return;
    }
    long periodNanos = resolution.toNanos();
    if (periodNanos <= 0) {
      throw new IllegalArgumentException(
          "resolution must be positive, was " + resolution + "; use for example PT0.001S");
    }
    this.refresher = new Thread(() -> refreshUntilClosed(periodNanos), "fusebox-coarse-ticker");
    refresher.setDaemon(true);
    refresher.start();
  }

  /**
   * Starts a coarse ticker over {@link SystemTicker} with its refresh thread.
   *
   * @param resolution the refresh period, for example one millisecond
   * @throws IllegalArgumentException when {@code resolution} is not positive
   */
  public static CoarseTicker start(Duration resolution) {
    return new CoarseTicker(SystemTicker.INSTANCE, resolution, true);
  }

  /** Returns a coarse ticker over {@code source} that changes only when {@link #refresh} runs. */
  static CoarseTicker manual(Ticker source) {
    return new CoarseTicker(source, Duration.ZERO, false);
  }

  @Override
  public long read() {
    long reading = now;
    return reading == CLOSED ? source.read() : reading;
  }

  /** Takes a new reading of the source. */
  void refresh() {
    now = source.read();
  }

  /** Returns whether the refresh thread is running. */
  boolean isRunning() {
    return refresher != null && refresher.isAlive();
  }

  /**
   * Stops the refresh thread and waits for it to end; later reads go to the source. Closing twice
   * does nothing more.
   */
  @Override
  public void close() {
    closing = true;
    if (refresher != null && refresher != Thread.currentThread()) {
      refresher.interrupt();
      boolean interrupted = false;
      while (refresher.isAlive()) {
        try {
          refresher.join();
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
    // The refresh thread has ended, so no refresh can overwrite this.
    now = CLOSED;
  }

  private void refreshUntilClosed(long periodNanos) {
    while (!closing && !Thread.currentThread().isInterrupted()) {
      refresh();
      LockSupport.parkNanos(this, periodNanos);
    }
  }
}
