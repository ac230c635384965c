package io.fusebox.operator.desired;

import static io.fusebox.operator.desired.EchoedValues.quote;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fusebox.api.v1alpha1.AutoscalingSpec;
import io.fusebox.api.v1alpha1.AvailabilitySpec;
import io.fusebox.api.v1alpha1.PodDisruptionBudgetSpec;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Checks of {@code spec.availability} that the CRD states as CEL rules: autoscaling bounds and
 * metrics, and the disruption budget's one-of and integer-or-percentage rules. {@link
 * PolicyValidator} runs them so offline validation matches admission.
 */
final class AvailabilityChecks {

  private static final Pattern PERCENT = Pattern.compile("^(100|[1-9]?[0-9])%$");

  private AvailabilityChecks() {}

  /** Adds the problems of {@code availability} to {@code problems}. */
  static void check(AvailabilitySpec availability, List<Finding> problems) {
    if (availability == null) {
      return;
    }
    AutoscalingSpec scaling = availability.getAutoscaling();
    if (scaling != null) {
      String path = "spec.availability.autoscaling";
      if (scaling.getMaxReplicas() == null) {
        add(
            problems,
            path + ".maxReplicas",
            "maxReplicas is missing; set the largest replica count");
      } else if (scaling.getMinReplicas() != null
          && scaling.getMinReplicas() > scaling.getMaxReplicas()) {
        add(
            problems,
            path + ".minReplicas",
            "minReplicas ("
                + scaling.getMinReplicas()
                + ") must not exceed maxReplicas ("
                + scaling.getMaxReplicas()
                + "); lower minReplicas or raise maxReplicas");
      }
      if (scaling.getCpuUtilization() == null && scaling.getMemoryUtilization() == null) {
        add(problems, path, "no scaling metric; set cpuUtilization, memoryUtilization or both");
      }
    }
    PodDisruptionBudgetSpec budget = availability.getPodDisruptionBudget();
    if (budget != null) {
      String path = "spec.availability.podDisruptionBudget";
      if ((budget.getMinAvailable() == null) == (budget.getMaxUnavailable() == null)) {
        add(problems, path, "set exactly one of minAvailable and maxUnavailable");
      }
      checkIntOrPercent(budget.getMinAvailable(), path + ".minAvailable", problems);
      checkIntOrPercent(budget.getMaxUnavailable(), path + ".maxUnavailable", problems);
    }
  }

  private static void checkIntOrPercent(IntOrString value, String path, List<Finding> problems) {
    if (value == null) {
      return;
    }
    boolean valid =
        value.getIntVal() != null
            ? value.getIntVal() >= 0
            : value.getStrVal() != null && PERCENT.matcher(value.getStrVal()).matches();
    if (!valid) {
      Object shown = value.getIntVal() != null ? value.getIntVal() : quote(value.getStrVal());
      add(
          problems,
          path,
          "invalid value ("
              + shown
              + "); use an integer of at least 0 or a percentage"
              + " from 0% to 100%, such as 50%");
    }
  }

  private static void add(List<Finding> problems, String field, String message) {
    problems.add(new Finding(field, Finding.INVALID_SPEC, message));
  }
}
