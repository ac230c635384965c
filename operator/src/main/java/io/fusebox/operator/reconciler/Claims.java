package io.fusebox.operator.reconciler;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Rule that decides which of several policies naming one workload owns its PodDisruptionBudget or
 * HorizontalPodAutoscaler: the oldest policy by {@code creationTimestamp}, then by name.
 *
 * <p>The rule is a total order on the cache contents, so every reconcile of every claimant reaches
 * the same result without coordination.
 */
public final class Claims {

  private static final Comparator<HasMetadata> OLDEST_FIRST =
      Comparator.comparing(Claims::createdAt).thenComparing(r -> r.getMetadata().getName());

  private Claims() {}

  /**
   * Returns the policy that owns the claim among those for which {@code claims} is true, or empty
   * when none claims it.
   */
  public static <P extends HasMetadata> Optional<P> holder(
      Collection<P> policies, Predicate<P> claims) {
    return policies.stream()
        .filter(p -> p.getMetadata().getDeletionTimestamp() == null)
        .filter(claims)
        .min(OLDEST_FIRST);
  }

  private static Instant createdAt(HasMetadata resource) {
    String created = resource.getMetadata().getCreationTimestamp();
    // A resource not yet stored has no timestamp; it sorts last because it is the newest.
    return created == null ? Instant.MAX : Instant.parse(created);
  }
}
