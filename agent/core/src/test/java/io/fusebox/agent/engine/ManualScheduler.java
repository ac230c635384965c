package io.fusebox.agent.engine;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** A {@link Scheduler} that runs tasks when a test advances its {@link FakeTicker}. */
final class ManualScheduler implements Scheduler {

  private record Task(long dueNanos, long sequence, Runnable action) {}

  private final FakeTicker ticker;
  private final List<Task> tasks = new ArrayList<>();
  private long sequence;

  ManualScheduler(FakeTicker ticker) {
    this.ticker = ticker;
  }

  @Override
  public synchronized Cancellable schedule(Runnable task, long delayNanos) {
    Task entry = new Task(ticker.read() + delayNanos, sequence++, task);
    tasks.add(entry);
    return () -> {
      synchronized (this) {
        tasks.remove(entry);
      }
    };
  }

  /** Advances the ticker by {@code duration}, running each due task at its due time in order. */
  void advance(Duration duration) {
    long target = ticker.read() + duration.toNanos();
    while (true) {
      Task next;
      synchronized (this) {
        next =
            tasks.stream()
                .filter(t -> t.dueNanos() <= target)
                .min(Comparator.comparingLong(Task::dueNanos).thenComparingLong(Task::sequence))
                .orElse(null);
        if (next != null) {
          tasks.remove(next);
        }
      }
      if (next == null) {
        break;
      }
      if (next.dueNanos() > ticker.read()) {
        ticker.setNanos(next.dueNanos());
      }
      next.action().run();
    }
    ticker.setNanos(target);
  }

  synchronized int pending() {
    return tasks.size();
  }
}
