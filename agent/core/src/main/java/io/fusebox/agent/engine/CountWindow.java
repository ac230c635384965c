package io.fusebox.agent.engine;

/**
 * A count-based window: the flags of the last {@code size} recorded calls in a ring, with running
 * totals that subtract the overwritten record. Guarded by the lock of {@link OutcomeWindow}.
 */
final class CountWindow extends OutcomeWindow {

  private byte[] ring;
  private int next;
  private int filled;

  CountWindow(int size) {
    ring = new byte[size];
  }

  @Override
  SlidingWindowType type() {
    return SlidingWindowType.COUNT_BASED;
  }

  @Override
  int minimumCalls(BreakerConfig config) {
    return Math.min(config.minimumNumberOfCalls, ring.length);
  }

  @Override
  void add(int flags, long nowNanos) {
    if (filled == ring.length) {
      addToTotals(ring[next], -1);
    } else {
      filled++;
    }
    ring[next] = (byte) flags;
    addToTotals(flags, 1);
    next = next + 1 == ring.length ? 0 : next + 1;
  }

  @Override
  boolean holdsOnlyPlainSuccesses() {
    return filled == ring.length
        && calls == filled
        && failures == 0
        && slowCalls == 0
        && consecutiveFailures == 0;
  }

  @Override
  void endFailureRun() {
    // The run is only the count in OutcomeWindow; a count window keeps no per-record run marks.
  }

  @Override
  void evict(long nowNanos) {
    // Records leave a count window only when newer ones replace them.
  }

  @Override
  void resize(int newSize, long nowNanos) {
    if (newSize == ring.length) {
      return;
    }
    byte[] resized = new byte[newSize];
    int keep = Math.min(filled, newSize);
    // Copy the newest `keep` records, oldest first, and drop the older ones from the totals.
    for (int i = 0; i < filled; i++) {
      int index = Math.floorMod(next - filled + i, ring.length);
      int age = filled - i;
      if (age <= keep) {
        resized[keep - age] = ring[index];
      } else {
        addToTotals(ring[index], -1);
      }
    }
    ring = resized;
    filled = keep;
    next = keep == newSize ? 0 : keep;
  }
}
