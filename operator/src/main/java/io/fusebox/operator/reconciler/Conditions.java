package io.fusebox.operator.reconciler;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Builder of a status {@code conditions[]} list that keeps each condition's {@code
 * lastTransitionTime} from the previous status unless its status or reason changed.
 *
 * <p>Conditions keep the order in which they are first set, so an unchanged policy renders an
 * identical list and the status patch can be skipped.
 */
public final class Conditions {

  /** Condition status {@code True}. */
  public static final String TRUE = "True";

  /** Condition status {@code False}. */
  public static final String FALSE = "False";

  /** Condition status {@code Unknown}. */
  public static final String UNKNOWN = "Unknown";

  private final Map<String, Condition> previous = new LinkedHashMap<>();
  private final Map<String, Condition> next = new LinkedHashMap<>();
  private final String now;
  private final Long observedGeneration;

  /**
   * Starts a new list.
   *
   * @param previous the conditions of the current status, or {@code null}
   * @param now the time written as {@code lastTransitionTime} of a condition that changed
   * @param observedGeneration the policy generation these conditions describe
   */
  public Conditions(List<Condition> previous, Instant now, Long observedGeneration) {
    if (previous != null) {
      previous.forEach(c -> this.previous.put(c.getType(), c));
    }
    // RFC 3339 with second precision, the form the API server stores for metav1.Time.
    this.now = DateTimeFormatter.ISO_INSTANT.format(now.truncatedTo(ChronoUnit.SECONDS));
    this.observedGeneration = observedGeneration;
  }

  /**
   * Sets one condition, replacing an earlier one of the same type in this list.
   *
   * @return this list
   */
  public Conditions set(String type, String status, String reason, String message) {
    Condition old = previous.get(type);
    boolean transitioned =
        old == null
            || !Objects.equals(old.getStatus(), status)
            || !Objects.equals(old.getReason(), reason);
    String transitionTime =
        transitioned || old.getLastTransitionTime() == null ? now : old.getLastTransitionTime();
    next.put(
        type,
        new ConditionBuilder()
            .withType(type)
            .withStatus(status)
            .withReason(reason)
            .withMessage(message)
            .withObservedGeneration(observedGeneration)
            .withLastTransitionTime(transitionTime)
            .build());
    return this;
  }

  /** Returns the condition of the given type set in this list, or {@code null}. */
  public Condition get(String type) {
    return next.get(type);
  }

  /** Returns the conditions set so far, in the order they were first set. */
  public List<Condition> toList() {
    return new ArrayList<>(next.values());
  }
}
