package io.fusebox.operator.desired;

import java.util.Objects;

/**
 * A validation problem or warning about a policy.
 *
 * @param field path of the field concerned, for example {@code spec.breakers[1].recoveryTimeout}
 * @param reason a CamelCase reason suitable for a status condition, for example {@code InvalidSpec}
 * @param message what is wrong, with the value, and what to do
 */
public record Finding(String field, String reason, String message) {

  /** Reason of a spec that the schema accepted but the operator cannot render. */
  public static final String INVALID_SPEC = "InvalidSpec";

  /** Reason of a PodDisruptionBudget that was adjusted or left out. */
  public static final String DISRUPTION_BUDGET = "DisruptionBudgetAdjusted";

  /** Checks that every part is present. */
  public Finding {
    Objects.requireNonNull(field, "field");
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(message, "message");
  }

  /** Returns {@code field: message}, the form the command line prints. */
  @Override
  public String toString() {
    return field + ": " + message;
  }
}
