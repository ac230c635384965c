package io.fusebox.agent.engine;

import static io.fusebox.agent.engine.Fixtures.seconds;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Half-open episodes: trial budget, releases and episode boundaries, on a fake clock. */
class HalfOpenCasesTest {

  private final Fixtures fx = new Fixtures();

  private static BreakerConfigBuilder openAfterOneFailure(double openSeconds) {
    return BreakerConfig.builder().failureThreshold(1).recoveryTimeout(seconds(openSeconds));
  }

  private static void fail(CircuitBreaker breaker) {
    long token = breaker.acquireToken();
    assertThat(token).isNotNegative();
    breaker.onFailure(token, 0, new IOException("backend down"));
  }

  @Test
  void hungTrialBlocksOtherCallers() {
    CircuitBreaker breaker =
        fx.breaker(
            openAfterOneFailure(10)
                .successThreshold(1)
                .permittedCallsInHalfOpen(1)
                .callTimeout(seconds(3))
                .build());
    Fixtures.Recorder recorder = new Fixtures.Recorder();
    breaker.addListener(recorder);
    fail(breaker);
    AtomicInteger backendCalls = new AtomicInteger();

    fx.atMillis(10_000);
    CompletableFuture<String> trial =
        breaker.callAsync(
            () -> {
              backendCalls.incrementAndGet();
              return new CompletableFuture<String>();
            });
    for (int i = 0; i < 30; i++) {
      fx.atMillis(10_100 + i * 96);
      CompletableFuture<String> rejected =
          breaker.callAsync(
              () -> {
                backendCalls.incrementAndGet();
                return CompletableFuture.completedFuture("ok");
              });
      assertThat(rejected).isCompletedExceptionally();
    }
    assertThat(backendCalls).hasValue(1);
    assertThat(trial).isNotDone();

    fx.atMillis(13_000);
    assertThat(trial).isCompletedExceptionally();
    assertThat(recorder.recordedCount(Outcome.TIMEOUT)).isEqualTo(1);
    assertThat(breaker.state()).isEqualTo(State.OPEN);
    assertThat(breaker.snapshot().notPermittedCalls()).isEqualTo(30);

    fx.atMillis(22_999);
    assertThat(breaker.acquireToken()).isNegative();
    fx.atMillis(23_000);
    assertThat(breaker.acquireToken()).isNotNegative();
  }

  @Test
  void trialBudgetIsTotalPerEpisode() {
    BreakerConfig config =
        openAfterOneFailure(10)
            .failureRateThreshold(50)
            .successThreshold(2)
            .permittedCallsInHalfOpen(3)
            .build();
    CircuitBreaker breaker = fx.breaker(config);
    fail(breaker);
    fx.atMillis(10_000);

    long[] trials = admitEvery40Millis(breaker, 10_000);
    breaker.onSuccess(trials[0], 100_000_000);
    assertThat(breaker.state()).isEqualTo(State.HALF_OPEN);
    breaker.onFailure(trials[1], 100_000_000, new IOException("trial failed"));
    assertThat(breaker.state()).isEqualTo(State.HALF_OPEN);
    breaker.onSuccess(trials[2], 100_000_000);
    assertThat(breaker.state()).isEqualTo(State.CLOSED);
  }

  @Test
  void twoFailedTrialsOfThreeReopen() {
    BreakerConfig config =
        openAfterOneFailure(10)
            .failureRateThreshold(50)
            .successThreshold(2)
            .permittedCallsInHalfOpen(3)
            .build();
    CircuitBreaker breaker = fx.breaker(config);
    fail(breaker);
    fx.atMillis(10_000);

    long[] trials = admitEvery40Millis(breaker, 10_000);
    breaker.onFailure(trials[0], 100_000_000, new IOException("trial failed"));
    breaker.onFailure(trials[1], 100_000_000, new IOException("trial failed"));
    assertThat(breaker.state()).isEqualTo(State.HALF_OPEN);
    breaker.onSuccess(trials[2], 100_000_000);
    assertThat(breaker.state()).isEqualTo(State.OPEN);
  }

  // Callers arrive every 40 ms for 200 ms while each trial runs 100 ms: exactly 3 are admitted.
  private long[] admitEvery40Millis(CircuitBreaker breaker, long startMillis) {
    long[] admitted = new long[3];
    int count = 0;
    for (int i = 0; i < 6; i++) {
      fx.atMillis(startMillis + i * 40L);
      long token = breaker.acquireToken();
      if (token >= 0) {
        assertThat(count).as("admitted trials").isLessThan(3);
        admitted[count++] = token;
      }
    }
    assertThat(count).isEqualTo(3);
    return admitted;
  }

  @Test
  void maxHalfOpenDurationEndsHungEpisode() {
    CircuitBreaker breaker =
        fx.breaker(
            openAfterOneFailure(10)
                .successThreshold(1)
                .permittedCallsInHalfOpen(1)
                .maxHalfOpenDuration(seconds(5))
                .callTimeout(seconds(0))
                .build());
    fail(breaker);
    fx.atMillis(10_000);
    long hung = breaker.acquireToken();
    assertThat(hung).isNotNegative();

    fx.atMillis(14_999);
    assertThat(breaker.state()).isEqualTo(State.HALF_OPEN);
    fx.atMillis(15_000);
    assertThat(breaker.state()).isEqualTo(State.OPEN);
    fx.atMillis(24_999);
    assertThat(breaker.acquireToken()).isNegative();
    fx.atMillis(25_000);
    long next = breaker.acquireToken();
    assertThat(next).isNotNegative();

    breaker.onSuccess(next, 1_000_000);
    assertThat(breaker.state()).isEqualTo(State.CLOSED);
    fx.atMillis(60_000);
    BreakerSnapshot before = breaker.snapshot();
    breaker.onSuccess(hung, 50_000_000_000L);
    BreakerSnapshot after = breaker.snapshot();
    assertThat(after.state()).isEqualTo(State.CLOSED);
    assertThat(after.window()).isEqualTo(before.window());
    assertThat(after.transitions()).isEqualTo(before.transitions());
  }

  @Test
  void openingClearsConsecutiveCount() {
    CircuitBreaker breaker =
        fx.breaker(
            BreakerConfig.builder().failureThreshold(2).recoveryTimeout(seconds(10)).build());
    fail(breaker);
    assertThat(breaker.snapshot().consecutiveFailures()).isEqualTo(1);
    fail(breaker);

    BreakerSnapshot snapshot = breaker.snapshot();
    assertThat(snapshot.state()).isEqualTo(State.OPEN);
    assertThat(snapshot.consecutiveFailures()).isZero();
    assertThat(snapshot.window()).isEqualTo(new WindowCounts(2, 2, 0, 0));
  }

  @Test
  void halfOpenLimitStartsAtFirstTrial() {
    CircuitBreaker breaker =
        fx.breaker(
            openAfterOneFailure(10)
                .successThreshold(1)
                .permittedCallsInHalfOpen(1)
                .maxHalfOpenDuration(seconds(5))
                .build());
    fail(breaker);
    fx.atMillis(12_000);
    assertThat(breaker.state()).isEqualTo(State.HALF_OPEN);

    // No trial yet, so the episode does not expire and the backoff does not grow.
    fx.atMillis(30_000);
    assertThat(breaker.state()).isEqualTo(State.HALF_OPEN);
    assertThat(breaker.snapshot().attempts()).isEqualTo(1);
    assertThat(breaker.acquireToken()).isNotNegative();
    fx.atMillis(34_999);
    assertThat(breaker.state()).isEqualTo(State.HALF_OPEN);
    fx.atMillis(35_000);
    assertThat(breaker.state()).isEqualTo(State.OPEN);
    assertThat(breaker.snapshot().remainingOpenTime()).isEqualTo(seconds(10));
  }

  @Test
  void expiredEpisodeReopensAtLimit() {
    CircuitBreaker breaker =
        fx.breaker(
            openAfterOneFailure(10)
                .successThreshold(1)
                .permittedCallsInHalfOpen(1)
                .maxHalfOpenDuration(seconds(5))
                .build());
    fail(breaker);
    fx.atMillis(10_000);
    assertThat(breaker.acquireToken()).isNotNegative();

    // Read 2 s after the limit at t=15: the next trial is due at t=25.
    fx.atMillis(17_000);
    assertThat(breaker.state()).isEqualTo(State.OPEN);
    assertThat(breaker.snapshot().remainingOpenTime()).isEqualTo(seconds(8));

    // The next trial hangs too, and nothing reads the breaker until an admission at t=50: the
    // episode reopened at t=30, that open time ended at t=40, so the call is a new trial.
    fx.atMillis(25_000);
    assertThat(breaker.acquireToken()).isNotNegative();
    fx.atMillis(50_000);
    assertThat(breaker.acquireToken()).isNotNegative();
    assertThat(breaker.state()).isEqualTo(State.HALF_OPEN);
    assertThat(breaker.snapshot().attempts()).isEqualTo(3);
  }

  @Test
  void callTimeoutEndsHungTrial() {
    CircuitBreaker breaker =
        fx.breaker(
            openAfterOneFailure(10)
                .successThreshold(1)
                .permittedCallsInHalfOpen(1)
                .maxHalfOpenDuration(seconds(5))
                .callTimeout(seconds(2))
                .build());
    Fixtures.Recorder recorder = new Fixtures.Recorder();
    breaker.addListener(recorder);
    fail(breaker);
    fx.atMillis(10_000);
    breaker.callAsync(CompletableFuture<String>::new);

    fx.atMillis(12_000);
    assertThat(recorder.recordedCount(Outcome.TIMEOUT)).isEqualTo(1);
    assertThat(breaker.state()).isEqualTo(State.OPEN);
    fx.atMillis(21_999);
    assertThat(breaker.acquireToken()).isNegative();
    fx.atMillis(22_000);
    assertThat(breaker.acquireToken()).isNotNegative();
  }

  @Test
  void notExecutedTrialReturnsPermit() {
    CircuitBreaker endpoint =
        fx.registry.getOrCreate(
            "endpoint",
            openAfterOneFailure(10).successThreshold(1).permittedCallsInHalfOpen(1).build());
    CircuitBreaker host =
        fx.registry.getOrCreate("host", BreakerConfig.builder().mode(Mode.FORCED_OPEN).build());
    fail(endpoint);
    fx.atMillis(10_000);

    Permit trial = endpoint.tryAcquirePermission();
    assertThat(trial.isPermitted()).isTrue();
    Permit hostPermit = host.tryAcquirePermission();
    assertThat(hostPermit.isPermitted()).isFalse();
    trial.notExecuted();

    assertThat(endpoint.state()).isEqualTo(State.HALF_OPEN);
    assertThat(endpoint.snapshot().trialsRemaining()).isEqualTo(1);
    Permit retry = endpoint.tryAcquirePermission();
    assertThat(retry.isPermitted()).isTrue();
    retry.onSuccess(1_000_000);
    assertThat(endpoint.state()).isEqualTo(State.CLOSED);
  }

  @Test
  void cancelledOldCallLeavesEpisodeAlone() {
    CircuitBreaker breaker =
        fx.breaker(openAfterOneFailure(10).successThreshold(1).permittedCallsInHalfOpen(1).build());
    long slowClosedCall = breaker.acquireToken();
    fail(breaker);
    fx.atMillis(10_000);
    long trial = breaker.acquireToken();
    assertThat(trial).isNotNegative();

    breaker.onCancelled(slowClosedCall, 10_000_000_000L);
    assertThat(breaker.snapshot().trialsRemaining()).isZero();
    assertThat(breaker.acquireToken()).isNegative();
    breaker.onSuccess(trial, 1_000_000);
    assertThat(breaker.state()).isEqualTo(State.CLOSED);
  }

  @Test
  void cancelledTrialFreesSlotAtOnce() {
    CircuitBreaker breaker =
        fx.breaker(openAfterOneFailure(10).successThreshold(1).permittedCallsInHalfOpen(1).build());
    fail(breaker);
    fx.atMillis(10_000);
    long trial = breaker.acquireToken();

    breaker.onCancelled(trial, 1_000_000);
    assertThat(breaker.state()).isEqualTo(State.HALF_OPEN);
    long next = breaker.acquireToken();
    assertThat(next).isNotNegative();
    breaker.onSuccess(next, 1_000_000);
    assertThat(breaker.state()).isEqualTo(State.CLOSED);
  }

  @Test
  void ignoredTrialKeepsEpisodeOpen() {
    Fixtures statusFixtures = new Fixtures(result -> (Integer) result);
    CircuitBreaker breaker =
        statusFixtures.breaker(
            openAfterOneFailure(10)
                .successThreshold(1)
                .permittedCallsInHalfOpen(1)
                .ignoredStatusCodes(java.util.List.of(new StatusCodeRange(400, 499)))
                .build());
    Fixtures.Recorder recorder = new Fixtures.Recorder();
    breaker.addListener(recorder);
    long first = breaker.acquireToken();
    breaker.onFailure(first, 0, new IOException("backend down"));
    statusFixtures.atMillis(10_000);

    Integer status = breaker.call(() -> 404, e -> -1);
    assertThat(status).isEqualTo(404);
    assertThat(recorder.count(Outcome.IGNORED)).isEqualTo(1);
    assertThat(breaker.state()).isEqualTo(State.HALF_OPEN);
    assertThat(breaker.snapshot().trialsRemaining()).isEqualTo(1);
    assertThat(breaker.call(() -> 200, e -> -1)).isEqualTo(200);
    assertThat(breaker.state()).isEqualTo(State.CLOSED);
  }
}
