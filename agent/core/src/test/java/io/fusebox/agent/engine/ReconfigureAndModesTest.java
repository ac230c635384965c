package io.fusebox.agent.engine;

import static io.fusebox.agent.engine.Fixtures.seconds;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Reconfiguration in place, modes, backoff, the registry and listener failures. */
class ReconfigureAndModesTest {

  private final Fixtures fx = new Fixtures();

  private static void fail(CircuitBreaker breaker) {
    breaker.onFailure(breaker.acquireToken(), 0, new IOException("failed"));
  }

  @Test
  void identicalConfigChangesNothing() {
    BreakerConfig config = BreakerConfig.builder().failureThreshold(3).build();
    CircuitBreaker breaker = fx.breaker(config);
    Fixtures.Recorder recorder = new Fixtures.Recorder();
    breaker.addListener(recorder);
    assertThat(breaker.reconfigure(config.toBuilder().build())).isFalse();
    assertThat(recorder.reconfigurations).hasValue(0);
    assertThat(breaker.reconfigure(config.toBuilder().failureThreshold(4).build())).isTrue();
    assertThat(recorder.reconfigurations).hasValue(1);
  }

  @Test
  void shorterRecoveryCountsFromOpening() {
    CircuitBreaker breaker =
        fx.breaker(
            BreakerConfig.builder().failureThreshold(1).recoveryTimeout(seconds(60)).build());
    fail(breaker);
    fx.atMillis(20_000);
    breaker.reconfigure(breaker.config().toBuilder().recoveryTimeout(seconds(30)).build());
    assertThat(breaker.state()).isEqualTo(State.OPEN);
    assertThat(breaker.snapshot().remainingOpenTime()).isEqualTo(seconds(10));
    breaker.reconfigure(breaker.config().toBuilder().recoveryTimeout(seconds(10)).build());
    assertThat(breaker.state()).isEqualTo(State.HALF_OPEN);
    assertThat(breaker.snapshot().attempts()).isEqualTo(1);
  }

  @Test
  void smallerWindowKeepsRecentOutcomes() {
    CircuitBreaker breaker =
        fx.breaker(
            BreakerConfig.builder()
                .failureThreshold(100)
                .slidingWindow(SlidingWindowType.COUNT_BASED, 10)
                .build());
    boolean[] outcomes = {true, true, true, false, false, true};
    for (boolean failed : outcomes) {
      long token = breaker.acquireToken();
      if (failed) {
        breaker.onFailure(token, 0, new IOException("failed"));
      } else {
        breaker.onSuccess(token, 0);
      }
    }
    breaker.reconfigure(
        breaker.config().toBuilder().slidingWindow(SlidingWindowType.COUNT_BASED, 3).build());
    assertThat(breaker.snapshot().window()).isEqualTo(new WindowCounts(3, 1, 0, 0));
    breaker.reconfigure(
        breaker.config().toBuilder().slidingWindow(SlidingWindowType.TIME_BASED, 3).build());
    assertThat(breaker.snapshot().window()).isEqualTo(WindowCounts.EMPTY);
  }

  @Test
  void windowTypeChangeKeepsFailureRun() {
    CircuitBreaker breaker =
        fx.breaker(
            BreakerConfig.builder()
                .failureThreshold(3)
                .slidingWindow(SlidingWindowType.COUNT_BASED, 10)
                .build());
    fail(breaker);
    fail(breaker);

    breaker.reconfigure(
        breaker.config().toBuilder().slidingWindow(SlidingWindowType.TIME_BASED, 5).build());
    assertThat(breaker.snapshot().window()).isEqualTo(WindowCounts.EMPTY);
    assertThat(breaker.snapshot().consecutiveFailures()).isEqualTo(2);

    // The carried run belongs to the second of the change, so it leaves a 5 s window 5 s later.
    fx.atMillis(5_000);
    assertThat(breaker.snapshot().consecutiveFailures()).isZero();
    fail(breaker);
    breaker.reconfigure(
        breaker.config().toBuilder().slidingWindow(SlidingWindowType.COUNT_BASED, 10).build());
    assertThat(breaker.snapshot().consecutiveFailures()).isEqualTo(1);
    fail(breaker);
    fail(breaker);
    assertThat(breaker.state()).isEqualTo(State.OPEN);
  }

  @Test
  void halfOpenBudgetNeverGrows() {
    CircuitBreaker breaker =
        fx.breaker(
            BreakerConfig.builder()
                .failureThreshold(1)
                .recoveryTimeout(seconds(1))
                .successThreshold(2)
                .permittedCallsInHalfOpen(3)
                .build());
    fail(breaker);
    fx.atMillis(1_000);
    long first = breaker.acquireToken();
    long second = breaker.acquireToken();
    breaker.reconfigure(breaker.config().toBuilder().permittedCallsInHalfOpen(10).build());
    assertThat(breaker.snapshot().trialsRemaining()).isEqualTo(1);
    breaker.reconfigure(breaker.config().toBuilder().permittedCallsInHalfOpen(2).build());
    assertThat(breaker.snapshot().trialsRemaining()).isZero();
    assertThat(breaker.state()).isEqualTo(State.HALF_OPEN);
    breaker.onSuccess(first, 0);
    breaker.onSuccess(second, 0);
    assertThat(breaker.state()).isEqualTo(State.CLOSED);
  }

  @Test
  void smallBudgetClosesAfterBudgetSuccesses() {
    CircuitBreaker breaker =
        fx.breaker(
            BreakerConfig.builder()
                .failureThreshold(1)
                .recoveryTimeout(seconds(1))
                .successThreshold(3)
                .permittedCallsInHalfOpen(1)
                .build());
    fail(breaker);
    fx.atMillis(1_000);
    long trial = breaker.acquireToken();
    assertThat(trial).isNotNegative();
    assertThat(breaker.acquireToken()).isNegative();
    breaker.onSuccess(trial, 0);
    assertThat(breaker.state()).isEqualTo(State.CLOSED);
  }

  @Test
  void backoffGrowsUpToMaximum() {
    CircuitBreaker breaker =
        fx.breaker(
            BreakerConfig.builder()
                .failureThreshold(1)
                .recoveryTimeout(seconds(10))
                .backoffMultiplier(2)
                .maxRecoveryTimeout(seconds(30))
                .successThreshold(1)
                .build());
    fail(breaker);
    List<Long> openTimes = new ArrayList<>();
    for (int attempt = 0; attempt < 4; attempt++) {
      openTimes.add(breaker.snapshot().remainingOpenTime().toSeconds());
      fx.advance(breaker.snapshot().remainingOpenTime());
      fail(breaker);
    }
    assertThat(openTimes).containsExactly(10L, 20L, 30L, 30L);
  }

  @Test
  void jitterIsFixedPerBreaker() {
    BreakerConfig config =
        BreakerConfig.builder()
            .failureThreshold(1)
            .recoveryTimeout(seconds(100))
            .jitterRatio(0.5)
            .build();
    CircuitBreaker a = fx.registry.getOrCreate("a", config);
    CircuitBreaker b = fx.registry.getOrCreate("b", config);
    fail(a);
    fail(b);
    long first = a.snapshot().remainingOpenTime().toMillis();
    assertThat(first).isBetween(50_000L, 150_000L);
    assertThat(b.snapshot().remainingOpenTime().toMillis()).isNotEqualTo(first);
  }

  @Test
  void fixedJitterShareScalesOpenTime() {
    CircuitBreakerRegistry registry =
        CircuitBreakerRegistry.builder().ticker(fx.ticker).fixedJitterShare(0.5).build();
    CircuitBreaker breaker =
        registry.getOrCreate(
            "jitter",
            BreakerConfig.builder()
                .failureThreshold(1)
                .recoveryTimeout(seconds(10))
                .jitterRatio(0.2)
                .build());
    fail(breaker);
    assertThat(breaker.snapshot().remainingOpenTime()).isEqualTo(seconds(11));
  }

  @Test
  void shadowModeRejectsNothing() {
    CircuitBreaker breaker =
        fx.breaker(BreakerConfig.builder().failureThreshold(1).mode(Mode.SHADOW).build());
    fail(breaker);
    assertThat(breaker.state()).isEqualTo(State.OPEN);
    long token = breaker.acquireToken();
    assertThat(token).isNotNegative();
    breaker.onSuccess(token, 0);
    BreakerSnapshot snapshot = breaker.snapshot();
    assertThat(snapshot.shadowRejectedCalls()).isEqualTo(1);
    assertThat(snapshot.notPermittedCalls()).isEqualTo(1);
    assertThat(snapshot.state()).isEqualTo(State.OPEN);
  }

  @Test
  void forcedOpenAndDisabledFreezePhase() {
    CircuitBreaker breaker = fx.breaker(BreakerConfig.builder().failureThreshold(1).build());
    BreakerConfig enforce = breaker.config();
    breaker.reconfigure(enforce.toBuilder().mode(Mode.FORCED_OPEN).build());
    assertThat(breaker.state()).isEqualTo(State.FORCED_OPEN);
    assertThat(breaker.acquireToken()).isNegative();
    breaker.reconfigure(enforce.toBuilder().mode(Mode.DISABLED).build());
    assertThat(breaker.state()).isEqualTo(State.DISABLED);
    fail(breaker);
    assertThat(breaker.snapshot().window().calls()).isZero();
    breaker.reconfigure(enforce);
    assertThat(breaker.state()).isEqualTo(State.CLOSED);
  }

  @Test
  void bulkheadCapsCallsInFlight() {
    CircuitBreaker breaker = fx.breaker(BreakerConfig.builder().maxConcurrentCalls(2).build());
    long first = breaker.acquireToken();
    long second = breaker.acquireToken();
    long third = breaker.acquireToken();
    assertThat(first).isNotNegative();
    assertThat(second).isNotNegative();
    assertThat(third).isNegative();
    assertThatThrownBy(() -> breaker.call(() -> "x"))
        .isInstanceOf(CallNotPermittedException.class)
        .hasMessageContaining("maxConcurrentCalls");
    breaker.onSuccess(first, 0);
    assertThat(breaker.acquireToken()).isNotNegative();
  }

  @Test
  void rejectionReusesOneException() {
    CircuitBreaker breaker = fx.breaker(BreakerConfig.builder().mode(Mode.FORCED_OPEN).build());
    Object a = breaker.call(() -> (Object) "x", e -> e);
    Object b = breaker.call(() -> (Object) "x", e -> e);
    assertThat(a).isSameAs(b).isInstanceOf(CallNotPermittedException.class);
    assertThat(((Throwable) a).getStackTrace()).isEmpty();
  }

  @Test
  void throwingListenerDoesNotBreakBreaker() {
    CircuitBreaker breaker = fx.breaker(BreakerConfig.builder().failureThreshold(1).build());
    breaker.addListener(
        new CircuitBreakerListener() {
          @Override
          public void onStateTransition(CircuitBreaker b, State from, State to) {
            throw new IllegalStateException("listener bug");
          }
        });
    fail(breaker);
    assertThat(breaker.state()).isEqualTo(State.OPEN);
    assertThat(breaker.snapshot().transitions()).isEqualTo(1);
  }

  @Test
  void registryKeepsStateOnNewConfig() {
    List<String> added = new ArrayList<>();
    List<String> removed = new ArrayList<>();
    fx.registry.addListener(
        new RegistryListener() {
          @Override
          public void onAdded(CircuitBreaker breaker) {
            added.add(breaker.name());
          }

          @Override
          public void onRemoved(CircuitBreaker breaker) {
            removed.add(breaker.name());
          }
        });
    fx.registry.reconfigure("db", BreakerConfig.builder().failureThreshold(1).build());
    CircuitBreaker db = fx.registry.getOrCreate("db");
    assertThat(db.config().failureThreshold()).isEqualTo(1);
    fail(db);
    CircuitBreaker again =
        fx.registry.getOrCreate("db", BreakerConfig.builder().failureThreshold(2).build());
    assertThat(again).isSameAs(db);
    assertThat(again.state()).isEqualTo(State.OPEN);
    assertThat(fx.registry.getOrCreate("cache").config()).isEqualTo(BreakerConfig.defaults());
    assertThat(fx.registry.all()).extracting(CircuitBreaker::name).containsExactly("cache", "db");
    fx.registry.remove("db");
    assertThat(added).containsExactly("db", "cache");
    assertThat(removed).containsExactly("db");
  }

  @Test
  void transitionTableMatchesEngine() {
    assertThat(State.CLOSED.canTransitionTo(State.HALF_OPEN)).isFalse();
    assertThat(State.OPEN.canTransitionTo(State.CLOSED)).isFalse();
    assertThat(State.HALF_OPEN.legalTargets())
        .containsExactlyInAnyOrder(State.CLOSED, State.OPEN, State.FORCED_OPEN, State.DISABLED);
  }

  @Test
  void invalidConfigListsEveryError() {
    assertThatThrownBy(
            () ->
                BreakerConfig.builder()
                    .failureThreshold(0)
                    .jitterRatio(1.0)
                    .successThreshold(3)
                    .permittedCallsInHalfOpen(2)
                    .recoveryTimeout(seconds(30))
                    .maxRecoveryTimeout(seconds(10))
                    .build())
        .hasMessageContaining("failureThreshold must be >= 1, was 0")
        .hasMessageContaining("jitterRatio must be in [0, 1), was 1.0")
        .hasMessageContaining("maxRecoveryTimeout must be >= recoveryTimeout (PT30S), was PT10S");
    assertThatThrownBy(() -> StatusCodeRange.parse("599-500")).hasMessageContaining("599-500");
  }
}
