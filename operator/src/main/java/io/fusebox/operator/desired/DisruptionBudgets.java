package io.fusebox.operator.desired;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetBuilder;
import io.fusebox.api.v1alpha1.CircuitBreakerPolicy;
import io.fusebox.api.v1alpha1.PodDisruptionBudgetSpec;
import java.util.List;
import java.util.Optional;

/**
 * Builds the policy/v1 PodDisruptionBudget of a policy.
 *
 * <p>The budget is computed for a replica count N: the HPA's {@code minReplicas} when the policy
 * requests autoscaling (the fewest pods the workload can run with), else the observed target's
 * {@code spec.replicas}. Allowed disruptions are {@code maxUnavailable}, {@code floor(N*p/100)} for
 * {@code maxUnavailable: p%}, {@code N - minAvailable}, and {@code N - ceil(N*p/100)} for {@code
 * minAvailable: p%}. A percentage is written as the integer it means, because Kubernetes rounds a
 * percentage {@code maxUnavailable} up. A budget that would allow no disruption is raised to one
 * with a warning, so node drains never hang, and a workload with N at most 1 gets no budget and a
 * warning.
 */
public final class DisruptionBudgets {

  private static final String FIELD = "spec.availability.podDisruptionBudget";

  private DisruptionBudgets() {}

  /**
   * Returns the allowed disruptions for {@code spec} at {@code replicas} pods, before any
   * adjustment, clamped to 0..replicas.
   */
  static int allowedDisruptions(PodDisruptionBudgetSpec spec, int replicas) {
    long allowed;
    if (spec.getMaxUnavailable() != null) {
      IntOrString max = spec.getMaxUnavailable();
      allowed =
          max.getIntVal() != null
              ? max.getIntVal()
              : Math.floorDiv((long) replicas * percent(max.getStrVal()), 100);
    } else {
      IntOrString min = spec.getMinAvailable();
      long available =
          min.getIntVal() != null
              ? min.getIntVal()
              : -Math.floorDiv(-(long) replicas * percent(min.getStrVal()), 100);
      allowed = replicas - available;
    }
    return (int) Math.max(0, Math.min(replicas, allowed));
  }

  /** Returns the percentage of a validated {@code "NN%"} string. */
  static int percent(String text) {
    return Integer.parseInt(text.substring(0, text.length() - 1));
  }

  /**
   * Builds the budget, or returns empty with a warning when the workload has at most one replica or
   * its replica count is unknown.
   */
  static Optional<PodDisruptionBudget> build(
      CircuitBreakerPolicy policy,
      Optional<Integer> replicas,
      LabelSelector selector,
      List<Finding> warnings) {
    PodDisruptionBudgetSpec spec = policy.getSpec().getAvailability().getPodDisruptionBudget();
    if (replicas.isEmpty()) {
      warnings.add(
          new Finding(
              FIELD,
              Finding.DISRUPTION_BUDGET,
              "no PodDisruptionBudget generated: the target's replica count is unknown; set"
                  + " availability.autoscaling.minReplicas, or pass the replica count to"
                  + " fusebox render with --replicas N"));
      return Optional.empty();
    }
    int n = replicas.get();
    if (n <= 1) {
      warnings.add(
          new Finding(
              FIELD,
              Finding.DISRUPTION_BUDGET,
              "no PodDisruptionBudget generated: the workload runs "
                  + n
                  + " replica, and a budget would block every node drain; run at least 2"
                  + " replicas to get one"));
      return Optional.empty();
    }
    int allowed = allowedDisruptions(spec, n);
    if (allowed == 0) {
      warnings.add(
          new Finding(
              FIELD,
              Finding.DISRUPTION_BUDGET,
              "the budget ("
                  + describe(spec)
                  + ") allows no disruption at "
                  + n
                  + " replicas, so node drains would hang; generated a budget that allows 1."
                  + " Lower minAvailable or raise maxUnavailable to silence this warning"));
      allowed = 1;
    }
    PodDisruptionBudgetBuilder pdb =
        new PodDisruptionBudgetBuilder()
            .withMetadata(OwnedMetadata.of(policy, policy.getMetadata().getName()))
            .withNewSpec()
            .withSelector(selector)
            .endSpec();
    if (spec.getMaxUnavailable() != null) {
      pdb.editSpec().withMaxUnavailable(new IntOrString(allowed)).endSpec();
    } else {
      pdb.editSpec().withMinAvailable(new IntOrString(n - allowed)).endSpec();
    }
    return Optional.of(pdb.build());
  }

  private static String describe(PodDisruptionBudgetSpec spec) {
    return spec.getMaxUnavailable() != null
        ? "maxUnavailable " + text(spec.getMaxUnavailable())
        : "minAvailable " + text(spec.getMinAvailable());
  }

  private static String text(IntOrString value) {
    return value.getIntVal() != null ? value.getIntVal().toString() : value.getStrVal();
  }
}
