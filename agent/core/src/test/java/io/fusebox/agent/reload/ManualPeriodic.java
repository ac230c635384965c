package io.fusebox.agent.reload;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** A {@link PeriodicScheduler} whose tasks run only when a test calls {@link #runAll()}. */
final class ManualPeriodic implements PeriodicScheduler {
  private final List<Runnable> tasks = new ArrayList<>();
  private Duration lastPeriod;

  @Override
  public synchronized AutoCloseable schedule(Runnable task, Duration period) {
    tasks.add(task);
    lastPeriod = period;
    return () -> {
      synchronized (this) {
        tasks.remove(task);
      }
    };
  }

  /** Runs every scheduled task once, as if one period had passed. */
  void runAll() {
    List<Runnable> copy;
    synchronized (this) {
      copy = List.copyOf(tasks);
    }
    copy.forEach(Runnable::run);
  }

  synchronized int scheduled() {
    return tasks.size();
  }

  synchronized Duration lastPeriod() {
    return lastPeriod;
  }
}
