package io.fusebox.operator.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.fusebox.operator.runtime.GenerationLag.PolicyGeneration;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class GenerationLagTest {

  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  private final GenerationLag lag = new GenerationLag();

  @Test
  void observedGenerationsReportNoStall() {
    var stall = lag.record(List.of(new PolicyGeneration("u1", "ns/a", 3, 3L)), T0);

    assertThat(stall).isEmpty();
  }

  @Test
  void unobservedGenerationAgesFromFirstSnapshot() {
    lag.record(List.of(new PolicyGeneration("u1", "ns/a", 4, 3L)), T0);
    var stall = lag.record(List.of(new PolicyGeneration("u1", "ns/a", 4, 3L)), T0.plusSeconds(45));

    assertThat(stall).isPresent();
    assertThat(stall.get().name()).isEqualTo("ns/a");
    assertThat(stall.get().generation()).isEqualTo(4);
    assertThat(stall.get().waited()).isEqualTo(Duration.ofSeconds(45));
  }

  @Test
  void missingStatusCountsAsUnobserved() {
    lag.record(List.of(new PolicyGeneration("u1", "ns/a", 1, null)), T0);
    var stall = lag.record(List.of(new PolicyGeneration("u1", "ns/a", 1, null)), T0.plusSeconds(5));

    assertThat(stall).map(GenerationLag.Stall::waited).contains(Duration.ofSeconds(5));
  }

  @Test
  void newGenerationRestartsItsWait() {
    lag.record(List.of(new PolicyGeneration("u1", "ns/a", 4, 3L)), T0);
    var stall = lag.record(List.of(new PolicyGeneration("u1", "ns/a", 5, 4L)), T0.plusSeconds(30));

    assertThat(stall).map(GenerationLag.Stall::waited).contains(Duration.ZERO);
    assertThat(stall).map(GenerationLag.Stall::generation).contains(5L);
  }

  @Test
  void reconciledPolicyLeavesTheWaitingSet() {
    lag.record(List.of(new PolicyGeneration("u1", "ns/a", 4, 3L)), T0);
    lag.record(List.of(new PolicyGeneration("u1", "ns/a", 4, 4L)), T0.plusSeconds(10));
    var stall = lag.record(List.of(new PolicyGeneration("u1", "ns/a", 4, 4L)), T0.plusSeconds(90));

    assertThat(stall).isEmpty();
  }

  @Test
  void deletedPolicyLeavesTheWaitingSet() {
    lag.record(List.of(new PolicyGeneration("u1", "ns/a", 4, 3L)), T0);
    var stall = lag.record(List.of(), T0.plusSeconds(90));

    assertThat(stall).isEmpty();
  }

  @Test
  void longestWaitingPolicyIsReported() {
    lag.record(List.of(new PolicyGeneration("u1", "ns/a", 2, 1L)), T0);
    var stall =
        lag.record(
            List.of(
                new PolicyGeneration("u1", "ns/a", 2, 1L),
                new PolicyGeneration("u2", "ns/b", 7, 6L)),
            T0.plusSeconds(20));

    assertThat(stall).map(GenerationLag.Stall::name).contains("ns/a");
    assertThat(stall).map(GenerationLag.Stall::waited).contains(Duration.ofSeconds(20));
  }

  @Test
  void clearForgetsWaitingGenerations() {
    lag.record(List.of(new PolicyGeneration("u1", "ns/a", 4, 3L)), T0);
    lag.clear();
    var stall = lag.record(List.of(new PolicyGeneration("u1", "ns/a", 4, 3L)), T0.plusSeconds(90));

    assertThat(stall).map(GenerationLag.Stall::waited).contains(Duration.ZERO);
  }
}
