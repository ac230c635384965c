package io.fusebox.agent.engine;

import static io.fusebox.agent.engine.Fixtures.seconds;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Trip rules and window aggregates, checked against recounts on a fake clock. */
class WindowCasesTest {

  private final Fixtures fx = new Fixtures();

  private static void record(CircuitBreaker breaker, boolean failed, long durationNanos) {
    long token = breaker.acquireToken();
    assertThat(token).as("call admitted").isNotNegative();
    if (failed) {
      breaker.onFailure(token, durationNanos, new IOException("failed"));
    } else {
      breaker.onSuccess(token, durationNanos);
    }
  }

  @Test
  void burstAcrossBucketBoundaryTrips() {
    CircuitBreaker breaker =
        fx.breaker(
            BreakerConfig.builder()
                .failureThreshold(50)
                .slidingWindow(SlidingWindowType.TIME_BASED, 5)
                .minimumNumberOfCalls(10)
                .build());
    for (int i = 0; i < 49; i++) {
      fx.atMillis(4_000 + i * 20L);
      record(breaker, true, 0);
    }
    assertThat(breaker.state()).isEqualTo(State.CLOSED);
    fx.atMillis(5_000);
    record(breaker, true, 0);
    assertThat(breaker.state()).isEqualTo(State.OPEN);
    assertThat(breaker.snapshot().window().failures()).isEqualTo(50);
  }

  @Test
  void oldBurstLeavesTimeWindow() {
    CircuitBreaker breaker =
        fx.breaker(
            BreakerConfig.builder()
                .failureThreshold(50)
                .slidingWindow(SlidingWindowType.TIME_BASED, 5)
                .minimumNumberOfCalls(10)
                .build());
    for (int i = 0; i < 49; i++) {
      fx.atMillis(4_000 + i * 20L);
      record(breaker, true, 0);
    }
    fx.atMillis(10_200);
    record(breaker, true, 0);
    assertThat(breaker.state()).isEqualTo(State.CLOSED);
    assertThat(breaker.snapshot().window().calls()).isEqualTo(1);
    assertThat(breaker.snapshot().consecutiveFailures()).isEqualTo(1);
  }

  @Test
  void resizedTimeWindowRunStillDecays() {
    BreakerConfig threeSeconds =
        BreakerConfig.builder()
            .failureThreshold(5)
            .slidingWindow(SlidingWindowType.TIME_BASED, 3)
            .minimumNumberOfCalls(10)
            .build();
    CircuitBreaker breaker = fx.breaker(threeSeconds);
    fx.atMillis(1_000);
    record(breaker, true, 0);
    breaker.reconfigure(
        threeSeconds.toBuilder().slidingWindow(SlidingWindowType.TIME_BASED, 2).build());
    assertThat(breaker.snapshot().consecutiveFailures()).isEqualTo(1);

    // Second 1 leaves the two-second window at second 3, and its failure leaves the run with it.
    fx.atMillis(3_000);
    assertThat(breaker.snapshot().window().failures()).isZero();
    assertThat(breaker.snapshot().consecutiveFailures()).isZero();
  }

  @Test
  void timeWindowEqualsRecount() {
    CircuitBreaker breaker =
        fx.breaker(
            BreakerConfig.builder()
                .failureThreshold(Integer.MAX_VALUE)
                .slidingWindow(SlidingWindowType.TIME_BASED, 5)
                .slowCallDuration(seconds(0.1))
                .build());
    Random random = new Random(7);
    List<long[]> records = new ArrayList<>();
    for (int i = 0; i < 10_000; i++) {
      fx.advanceMillis(random.nextInt(random.nextInt(10) == 0 ? 3_000 : 200));
      boolean failed = random.nextBoolean();
      long duration = random.nextInt(200) * 1_000_000L;
      record(breaker, failed, duration);
      records.add(new long[] {fx.ticker.read(), failed ? 1 : 0, duration > 100_000_000L ? 1 : 0});
      assertThat(breaker.snapshot().window()).isEqualTo(recount(records, fx.ticker.read(), 5));
    }
  }

  private static WindowCounts recount(List<long[]> records, long now, int seconds) {
    long current = Math.floorDiv(now, 1_000_000_000L);
    int calls = 0;
    int failures = 0;
    int slow = 0;
    int slowFailures = 0;
    for (long[] r : records) {
      long second = Math.floorDiv(r[0], 1_000_000_000L);
      if (second > current - seconds && second <= current) {
        calls++;
        failures += (int) r[1];
        slow += (int) r[2];
        slowFailures += (int) (r[1] & r[2]);
      }
    }
    return new WindowCounts(calls, failures, slow, slowFailures);
  }

  @Test
  void evictedSlowFailuresLeaveNoTrace() {
    CircuitBreaker breaker =
        fx.breaker(
            BreakerConfig.builder()
                .failureThreshold(Integer.MAX_VALUE)
                .slidingWindow(SlidingWindowType.COUNT_BASED, 4)
                .slowCallDuration(seconds(0.1))
                .build());
    for (int i = 0; i < 4; i++) {
      record(breaker, true, 200_000_000L);
    }
    for (int i = 0; i < 8; i++) {
      record(breaker, false, 1_000_000L);
    }
    assertThat(breaker.snapshot().window()).isEqualTo(new WindowCounts(4, 0, 0, 0));
  }

  @Test
  void countWindowEqualsRecount() {
    CircuitBreaker breaker =
        fx.breaker(
            BreakerConfig.builder()
                .failureThreshold(Integer.MAX_VALUE)
                .slidingWindow(SlidingWindowType.COUNT_BASED, 4)
                .slowCallDuration(seconds(0.1))
                .build());
    Random random = new Random(11);
    List<long[]> records = new ArrayList<>();
    for (int i = 0; i < 10_000; i++) {
      boolean failed = random.nextBoolean();
      long duration = random.nextInt(200) * 1_000_000L;
      record(breaker, failed, duration);
      records.add(new long[] {failed ? 1 : 0, duration > 100_000_000L ? 1 : 0});
      List<long[]> last = records.subList(Math.max(0, records.size() - 4), records.size());
      int failures = 0;
      int slow = 0;
      int slowFailures = 0;
      for (long[] r : last) {
        failures += (int) r[0];
        slow += (int) r[1];
        slowFailures += (int) (r[0] & r[1]);
      }
      WindowCounts counts = breaker.snapshot().window();
      assertThat(counts).isEqualTo(new WindowCounts(last.size(), failures, slow, slowFailures));
      assertThat(counts.failures()).isNotNegative();
      assertThat(counts.slowFailures()).isNotNegative();
    }
  }

  @Test
  void steadySuccessesOutweighOldFailures() {
    CircuitBreaker breaker =
        fx.breaker(
            BreakerConfig.builder()
                .failureThreshold(5)
                .slidingWindow(SlidingWindowType.TIME_BASED, 60)
                .build());
    for (int i = 0; i < 4; i++) {
      record(breaker, true, 0);
    }
    for (int minute = 0; minute < 24 * 60; minute++) {
      fx.advance(seconds(60));
      record(breaker, false, 0);
    }
    record(breaker, true, 0);
    assertThat(breaker.state()).isEqualTo(State.CLOSED);
  }

  @Test
  void oneSuccessDoesNotWipeRate() {
    CircuitBreaker breaker =
        fx.breaker(
            BreakerConfig.builder()
                .failureThreshold(100)
                .slidingWindow(SlidingWindowType.COUNT_BASED, 10)
                .minimumNumberOfCalls(6)
                .failureRateThreshold(50)
                .build());
    boolean[] sequence = {true, true, true, true, false};
    for (boolean failed : sequence) {
      record(breaker, failed, 0);
      assertThat(breaker.state()).isEqualTo(State.CLOSED);
    }
    record(breaker, true, 0);
    assertThat(breaker.state()).isEqualTo(State.OPEN);
    assertThat(breaker.snapshot().failureRate())
        .hasValueCloseTo(83.33, org.assertj.core.data.Offset.offset(0.01));
  }

  @Test
  void fullFailureRateTrips() {
    CircuitBreaker breaker =
        fx.breaker(
            BreakerConfig.builder()
                .failureThreshold(100)
                .slidingWindow(SlidingWindowType.COUNT_BASED, 5)
                .minimumNumberOfCalls(5)
                .failureRateThreshold(100)
                .build());
    for (int i = 0; i < 4; i++) {
      record(breaker, true, 0);
    }
    assertThat(breaker.state()).isEqualTo(State.CLOSED);
    record(breaker, true, 0);
    assertThat(breaker.state()).isEqualTo(State.OPEN);
  }

  @Test
  void rateAtThresholdTrips() {
    CircuitBreaker breaker =
        fx.breaker(
            BreakerConfig.builder()
                .failureThreshold(100)
                .slidingWindow(SlidingWindowType.COUNT_BASED, 10)
                .minimumNumberOfCalls(10)
                .failureRateThreshold(50)
                .build());
    for (int i = 0; i < 9; i++) {
      record(breaker, i % 2 == 1, 0);
    }
    assertThat(breaker.state()).isEqualTo(State.CLOSED);
    record(breaker, true, 0);
    assertThat(breaker.snapshot().window().failures()).isEqualTo(5);
    assertThat(breaker.state()).isEqualTo(State.OPEN);
  }

  @Test
  void thresholdOutsideRangeIsRejected() {
    assertThatThrownBy(() -> BreakerConfig.builder().failureRateThreshold(0).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("failureRateThreshold must be in (0, 100], was 0");
    assertThatThrownBy(() -> BreakerConfig.builder().failureRateThreshold(101).build())
        .hasMessageContaining("failureRateThreshold must be in (0, 100], was 101");
    assertThatThrownBy(() -> BreakerConfig.builder().slowCallRateThreshold(150).build())
        .hasMessageContaining("slowCallRateThreshold must be in (0, 100], was 150");
  }

  @Test
  void closingStartsWithEmptyWindow() {
    CircuitBreaker breaker =
        fx.breaker(
            BreakerConfig.builder()
                .failureThreshold(1000)
                .slidingWindow(SlidingWindowType.TIME_BASED, 10)
                .minimumNumberOfCalls(10)
                .failureRateThreshold(50)
                .recoveryTimeout(seconds(5))
                .successThreshold(1)
                .permittedCallsInHalfOpen(1)
                .build());
    long[] inFlight = new long[20];
    for (int i = 0; i < 20; i++) {
      inFlight[i] = breaker.acquireToken();
    }
    for (long token : inFlight) {
      breaker.onFailure(token, 0, new IOException("failed"));
    }
    assertThat(breaker.state()).isEqualTo(State.OPEN);
    assertThat(breaker.snapshot().window().failures()).isEqualTo(10);
    for (int i = 0; i < 500; i++) {
      fx.atMillis(1_000 + i * 8L);
      assertThat(breaker.acquireToken()).isNegative();
    }
    fx.atMillis(7_000);
    record(breaker, false, 0);
    assertThat(breaker.state()).isEqualTo(State.CLOSED);
    fx.atMillis(7_010);
    record(breaker, true, 0);

    BreakerSnapshot snapshot = breaker.snapshot();
    assertThat(snapshot.state()).isEqualTo(State.CLOSED);
    assertThat(snapshot.notPermittedCalls()).isEqualTo(500);
    assertThat(snapshot.window().calls()).isEqualTo(1);
    assertThat(snapshot.failureRate()).isEmpty();
  }
}
