package io.fusebox.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fusebox.api.v1alpha1.CircuitBreakerPolicy;
import java.util.List;
import org.junit.jupiter.api.Test;

class ClaimsTest {

  @Test
  void oldestPolicyHoldsClaim() {
    var older = policy("b", "2026-01-01T10:00:00Z");
    var newer = policy("a", "2026-01-01T10:00:05Z");

    assertThat(Claims.holder(List.of(newer, older), p -> true)).contains(older);
  }

  @Test
  void equalAgeFallsBackToName() {
    var first = policy("alpha", "2026-01-01T10:00:00Z");
    var second = policy("beta", "2026-01-01T10:00:00Z");

    assertThat(Claims.holder(List.of(second, first), p -> true)).contains(first);
  }

  @Test
  void policyWithoutClaimIsSkipped() {
    var older = policy("old", "2026-01-01T10:00:00Z");
    var newer = policy("new", "2026-01-01T11:00:00Z");

    assertThat(Claims.holder(List.of(older, newer), p -> p == newer)).contains(newer);
  }

  @Test
  void deletedPolicyLosesClaim() {
    var deleting = policy("old", "2026-01-01T10:00:00Z");
    deleting.getMetadata().setDeletionTimestamp("2026-01-02T00:00:00Z");
    var newer = policy("new", "2026-01-01T11:00:00Z");

    assertThat(Claims.holder(List.of(deleting, newer), p -> true)).contains(newer);
  }

  @Test
  void noClaimantGivesEmpty() {
    assertThat(Claims.holder(List.of(policy("x", "2026-01-01T10:00:00Z")), p -> false)).isEmpty();
  }

  private static CircuitBreakerPolicy policy(String name, String created) {
    var policy = new CircuitBreakerPolicy();
    policy.setMetadata(
        new ObjectMetaBuilder()
            .withName(name)
            .withNamespace("shop")
            .withCreationTimestamp(created)
            .build());
    return policy;
  }
}
