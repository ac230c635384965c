package io.fusebox.agent.engine;

/**
 * A time-based window of {@code size} one-second buckets. A record made at ticker time {@code t}
 * belongs to second {@code floor(t / 1 s)}; the window at time {@code now} contains the records of
 * the seconds {@code (floor(now / 1 s) - size, floor(now / 1 s)]}, so it spans between {@code size
 * - 1} and {@code size} seconds. Moving to a later second clears exactly the buckets that left the
 * window and subtracts them from the totals. Guarded by the lock of {@link OutcomeWindow}.
 */
final class TimeWindow extends OutcomeWindow {

  private static final long NANOS_PER_SECOND = 1_000_000_000L;
  private static final int RUN = 4;

  private int size;
  private int[][] buckets;
  private long currentSecond;
  private long runStartSecond;

  TimeWindow(int size, long nowNanos) {
    this.size = size;
    this.buckets = new int[size][];
    for (int i = 0; i < size; i++) {
      buckets[i] = new int[5];
    }
    this.currentSecond = Math.floorDiv(nowNanos, NANOS_PER_SECOND);
  }

  @Override
  SlidingWindowType type() {
    return SlidingWindowType.TIME_BASED;
  }

  @Override
  boolean holdsOnlyPlainSuccesses() {
    return false;
  }

  @Override
  void add(int flags, long nowNanos) {
    evict(nowNanos);
    int[] bucket = buckets[(int) Math.floorMod(currentSecond, size)];
    bucket[flags]++;
    addToTotals(flags, 1);
    if ((flags & FAILED) != 0) {
      if (consecutiveFailures == 0) {
        runStartSecond = currentSecond;
      }
      bucket[RUN]++;
    }
  }

  @Override
  synchronized void carryFailureRun(int count) {
    consecutiveFailures = count;
    runStartSecond = currentSecond;
    buckets[(int) Math.floorMod(currentSecond, size)][RUN] = count;
  }

  @Override
  void endFailureRun() {
    long first = Math.max(runStartSecond, currentSecond - size + 1);
    for (long s = first; s <= currentSecond; s++) {
      buckets[(int) Math.floorMod(s, size)][RUN] = 0;
    }
  }

  @Override
  void evict(long nowNanos) {
    long second = Math.floorDiv(nowNanos, NANOS_PER_SECOND);
    if (second <= currentSecond) {
      // A reading from a thread that read the ticker earlier lands in the current second.
      return;
    }
    long steps = Math.min(second - currentSecond, size);
    for (long s = currentSecond + 1; s <= currentSecond + steps; s++) {
      clear(buckets[(int) Math.floorMod(s, size)]);
    }
    currentSecond = second;
  }

  @Override
  void resize(int newSize, long nowNanos) {
    evict(nowNanos);
    if (newSize == size) {
      return;
    }
    int[][] resized = new int[newSize][];
    for (int i = 0; i < newSize; i++) {
      resized[i] = new int[5];
    }
    for (int age = 0; age < size; age++) {
      int[] bucket = buckets[(int) Math.floorMod(currentSecond - age, size)];
      if (age < newSize) {
        // The run count moves with its bucket, so the run still decays when the bucket leaves.
        System.arraycopy(
            bucket, 0, resized[(int) Math.floorMod(currentSecond - age, newSize)], 0, RUN + 1);
      } else {
        clear(bucket);
      }
    }
    buckets = resized;
    size = newSize;
  }

  // Indexes 0..3 count records by their flags (FAILED | SLOW); RUN counts failures of the run.
  private void clear(int[] bucket) {
    consecutiveFailures -= bucket[RUN];
    bucket[RUN] = 0;
    for (int flags = 0; flags < 4; flags++) {
      int count = bucket[flags];
      if (count != 0) {
        calls -= count;
        if ((flags & FAILED) != 0) {
          failures -= count;
        }
        if ((flags & SLOW) != 0) {
          slowCalls -= count;
          if ((flags & FAILED) != 0) {
            slowFailures -= count;
          }
        }
        bucket[flags] = 0;
      }
    }
  }
}
