package io.fusebox.agent.reload;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs a task at a fixed period. The watcher's backstop re-read uses one; tests inject a fake that
 * runs the task when the test calls it.
 */
@FunctionalInterface
public interface PeriodicScheduler {

  /** Runs {@code task} every {@code period}, first after one period; close the handle to stop. */
  AutoCloseable schedule(Runnable task, Duration period);

  /** Returns a scheduler backed by one daemon thread named {@code threadName}. */
  static PeriodicScheduler daemon(String threadName) {
    return (task, period) -> {
      ScheduledExecutorService executor =
          Executors.newSingleThreadScheduledExecutor(
              runnable -> {
                Thread thread = new Thread(runnable, threadName);
                thread.setDaemon(true);
                return thread;
              });
      long nanos = period.toNanos();
      ScheduledFuture<?> future =
          executor.scheduleWithFixedDelay(task, nanos, nanos, TimeUnit.NANOSECONDS);
      return () -> {
        future.cancel(false);
        executor.shutdownNow();
      };
    };
  }
}
