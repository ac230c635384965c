package io.fusebox.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Condition;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConditionsTest {

  private static final Instant FIRST = Instant.parse("2026-01-01T10:00:00Z");
  private static final Instant LATER = Instant.parse("2026-01-01T11:30:00Z");

  @Test
  void newConditionTakesCurrentTime() {
    Condition ready =
        new Conditions(null, FIRST, 1L).set("Ready", "True", "Reconciled", "ok").get("Ready");

    assertThat(ready.getLastTransitionTime()).isEqualTo("2026-01-01T10:00:00Z");
    assertThat(ready.getObservedGeneration()).isEqualTo(1L);
  }

  @Test
  void sameStatusAndReasonKeepTransitionTime() {
    List<Condition> before =
        new Conditions(null, FIRST, 1L).set("Ready", "False", "TargetNotFound", "a").toList();

    Condition after =
        new Conditions(before, LATER, 2L)
            .set("Ready", "False", "TargetNotFound", "another message")
            .get("Ready");

    assertThat(after.getLastTransitionTime()).isEqualTo("2026-01-01T10:00:00Z");
    assertThat(after.getMessage()).isEqualTo("another message");
    assertThat(after.getObservedGeneration()).isEqualTo(2L);
  }

  @Test
  void reasonChangeMovesTransitionTime() {
    List<Condition> before =
        new Conditions(null, FIRST, 1L).set("Ready", "False", "TargetNotFound", "a").toList();

    Condition after =
        new Conditions(before, LATER, 1L).set("Ready", "False", "Conflict", "b").get("Ready");

    assertThat(after.getLastTransitionTime()).isEqualTo("2026-01-01T11:30:00Z");
  }

  @Test
  void statusChangeMovesTransitionTime() {
    List<Condition> before =
        new Conditions(null, FIRST, 1L).set("Ready", "False", "Reconciled", "a").toList();

    Condition after =
        new Conditions(before, LATER, 1L).set("Ready", "True", "Reconciled", "a").get("Ready");

    assertThat(after.getLastTransitionTime()).isEqualTo("2026-01-01T11:30:00Z");
  }

  @Test
  void unchangedInputGivesEqualList() {
    List<Condition> before =
        new Conditions(null, FIRST, 3L)
            .set("Ready", "True", "Reconciled", "ok")
            .set("ConfigMapReady", "True", "Applied", "cm")
            .toList();

    List<Condition> after =
        new Conditions(before, LATER, 3L)
            .set("Ready", "True", "Reconciled", "ok")
            .set("ConfigMapReady", "True", "Applied", "cm")
            .toList();

    assertThat(after).isEqualTo(before);
  }
}
