package io.fusebox.agent.engine;

import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs a task after a delay; {@link CircuitBreaker#callAsync} uses one to enforce the call timeout.
 * Tests inject a scheduler driven by a fake ticker; production code adapts a {@link
 * ScheduledExecutorService} with {@link #of}.
 */
@FunctionalInterface
public interface Scheduler {

  /** Runs {@code task} once after {@code delayNanos} and returns a handle that can cancel it. */
  Cancellable schedule(Runnable task, long delayNanos);

  /** A scheduled task that can still be cancelled. */
  @FunctionalInterface
  interface Cancellable {
    /** Cancels the task; does nothing when it already ran. */
    void cancel();
  }

  /** Returns a scheduler that submits to {@code executor}; the caller owns its lifecycle. */
  static Scheduler of(ScheduledExecutorService executor) {
    return (task, delayNanos) -> {
      ScheduledFuture<?> future = executor.schedule(task, delayNanos, TimeUnit.NANOSECONDS);
      return () -> future.cancel(false);
    };
  }
}
