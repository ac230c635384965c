package io.fusebox.operator.runtime;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Tracks, across successive snapshots of the stored policies, how long each policy generation has
 * waited for a reconcile that records it in {@code status.observedGeneration}.
 *
 * <p>A generation counts as waiting from the first snapshot that shows it unobserved. Not thread
 * safe; {@link ReconcileProgressCheck} calls it from one thread.
 */
final class GenerationLag {

  /** One stored policy: its uid, namespace/name, generation and observed generation (or null). */
  record PolicyGeneration(String uid, String name, long generation, Long observedGeneration) {

    boolean observed() {
      return observedGeneration != null && observedGeneration >= generation;
    }
  }

  /** The policy that has waited longest and for how long. */
  record Stall(String name, long generation, Duration waited) {}

  private record Waiting(String name, long generation, Instant since) {}

  private final Map<String, Waiting> waiting = new HashMap<>();

  /**
   * Records a snapshot taken at {@code now} and returns the longest-waiting generation, if any
   * generation is unobserved.
   */
  Optional<Stall> record(Iterable<PolicyGeneration> snapshot, Instant now) {
    Set<String> seen = new HashSet<>();
    for (PolicyGeneration policy : snapshot) {
      seen.add(policy.uid());
      if (policy.observed()) {
        waiting.remove(policy.uid());
        continue;
      }
      Waiting previous = waiting.get(policy.uid());
      if (previous == null || previous.generation() != policy.generation()) {
        waiting.put(policy.uid(), new Waiting(policy.name(), policy.generation(), now));
      }
    }
    waiting.keySet().retainAll(seen);
    return waiting.values().stream()
        .min((a, b) -> a.since().compareTo(b.since()))
        .map(w -> new Stall(w.name(), w.generation(), Duration.between(w.since(), now)));
  }

  /** Forgets every waiting generation, for when the snapshot is unknown. */
  void clear() {
    waiting.clear();
  }
}
