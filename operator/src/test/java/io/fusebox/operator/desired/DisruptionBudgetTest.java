package io.fusebox.operator.desired;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import org.junit.jupiter.api.Test;

class DisruptionBudgetTest {

  private static final int[] PERCENTAGES = {10, 33, 50, 67, 75, 100};

  private static DesiredState renderBudget(String budget, int replicas) {
    var policy = Policies.withSpec("  availability:\n    podDisruptionBudget: " + budget + "\n");
    var selector = new LabelSelectorBuilder().addToMatchLabels("app", "checkout").build();
    return PolicyRenderer.render(policy, new ObservedTarget(replicas, selector));
  }

  @Test
  void percentageRendersFloorAsInteger() {
    for (int n = 2; n <= 10; n++) {
      for (int p : PERCENTAGES) {
        DesiredState state = renderBudget("{maxUnavailable: \"" + p + "%\"}", n);
        int expected = Math.max(1, n * p / 100);
        PodDisruptionBudget pdb = state.podDisruptionBudget();

        assertThat(pdb).as("N=%d p=%d", n, p).isNotNull();
        assertThat(pdb.getSpec().getMaxUnavailable().getIntVal())
            .as("maxUnavailable for N=%d p=%d", n, p)
            .isEqualTo(expected);
        assertThat(pdb.getSpec().getMaxUnavailable().getStrVal()).isNull();
        if (p < 100) {
          assertThat(expected).as("fewer than N for N=%d p=%d", n, p).isLessThan(n);
        }
        boolean raised = n * p / 100 == 0;
        assertThat(state.warnings()).as("warning for N=%d p=%d", n, p).hasSize(raised ? 1 : 0);
      }
    }
  }

  @Test
  void allowedDisruptionsFollowFloorFormula() {
    for (int n = 1; n <= 10; n++) {
      for (int p : PERCENTAGES) {
        var spec =
            Policies.withSpec(
                    "  availability:\n    podDisruptionBudget: {maxUnavailable: \"" + p + "%\"}\n")
                .getSpec()
                .getAvailability()
                .getPodDisruptionBudget();

        assertThat(DisruptionBudgets.allowedDisruptions(spec, n))
            .as("N=%d p=%d", n, p)
            .isEqualTo(n * p / 100);
      }
    }
  }

  @Test
  void twoThirdsOfThreeIsTwo() {
    PodDisruptionBudget pdb = renderBudget("{maxUnavailable: \"67%\"}", 3).podDisruptionBudget();

    assertThat(pdb.getSpec().getMaxUnavailable().getIntVal()).isEqualTo(2);
  }

  @Test
  void singleReplicaGetsNoBudget() {
    DesiredState state = renderBudget("{maxUnavailable: \"50%\"}", 1);

    assertThat(state.podDisruptionBudget()).isNull();
    assertThat(state.problems()).isEmpty();
    assertThat(state.warnings()).hasSize(1);
    assertThat(state.warnings().get(0).message()).contains("runs 1 replica");
  }

  @Test
  void minAvailableEqualToReplicasAllowsOne() {
    DesiredState state = renderBudget("{minAvailable: 2}", 2);

    assertThat(state.podDisruptionBudget().getSpec().getMinAvailable().getIntVal()).isEqualTo(1);
    assertThat(state.warnings()).hasSize(1);
    assertThat(state.warnings().get(0).reason()).isEqualTo(Finding.DISRUPTION_BUDGET);
    assertThat(state.warnings().get(0).message())
        .contains("minAvailable 2", "allows no disruption");
  }

  @Test
  void hpaMinimumTwoWithMinAvailableTwo() {
    var policy =
        Policies.withSpec(
            "  availability:\n"
                + "    podDisruptionBudget: {minAvailable: 2}\n"
                + "    autoscaling: {minReplicas: 2, maxReplicas: 4, cpuUtilization: 70}\n");

    DesiredState state = PolicyRenderer.render(policy, new ObservedTarget(2, null));

    assertThat(state.podDisruptionBudget().getSpec().getMinAvailable().getIntVal()).isEqualTo(1);
    assertThat(state.warnings())
        .extracting(Finding::reason)
        .containsExactly(Finding.DISRUPTION_BUDGET);
  }

  @Test
  void maxUnavailableZeroIsRaisedToOne() {
    DesiredState state = renderBudget("{maxUnavailable: 0}", 4);

    assertThat(state.podDisruptionBudget().getSpec().getMaxUnavailable().getIntVal()).isEqualTo(1);
    assertThat(state.warnings()).hasSize(1);
  }

  @Test
  void minAvailablePercentRoundsUp() {
    PodDisruptionBudget pdb = renderBudget("{minAvailable: \"50%\"}", 5).podDisruptionBudget();

    assertThat(pdb.getSpec().getMinAvailable().getIntVal()).isEqualTo(3);
  }

  @Test
  void unknownReplicasGiveWarning() {
    var policy = Policies.withSpec("  availability:\n    podDisruptionBudget: {minAvailable: 1}\n");

    DesiredState state = PolicyRenderer.render(policy, null);

    assertThat(state.podDisruptionBudget()).isNull();
    assertThat(state.warnings()).hasSize(1);
    assertThat(state.warnings().get(0).message()).contains("replica count is unknown");
  }

  @Test
  void observedSelectorBecomesBudgetSelector() {
    PodDisruptionBudget pdb = renderBudget("{minAvailable: 1}", 3).podDisruptionBudget();

    assertThat(pdb.getSpec().getSelector().getMatchLabels()).containsEntry("app", "checkout");
  }
}
