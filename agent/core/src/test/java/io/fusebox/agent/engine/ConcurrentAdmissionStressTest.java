package io.fusebox.agent.engine;

import static io.fusebox.agent.engine.Fixtures.seconds;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Many threads released together against one breaker. The fake ticker does not move while they run,
 * so the races are between threads only; every wait is bounded by a timeout.
 */
class ConcurrentAdmissionStressTest {

  private static final int CALLERS = 64;
  private static final int ROUNDS = 1_000;
  private static final int BUDGET = 3;

  private final ExecutorService pool = Executors.newFixedThreadPool(CALLERS);

  @AfterEach
  void stopPool() throws InterruptedException {
    pool.shutdownNow();
    assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
  }

  @Test
  void openTimeEndAdmitsExactlyBudget() throws Exception {
    Fixtures fx = new Fixtures();
    CircuitBreaker breaker =
        fx.breaker(
            BreakerConfig.builder()
                .failureThreshold(1)
                .recoveryTimeout(seconds(10))
                .successThreshold(BUDGET)
                .permittedCallsInHalfOpen(BUDGET)
                .build());
    breaker.onFailure(breaker.acquireToken(), 0, new IOException("open"));
    CyclicBarrier start = new CyclicBarrier(CALLERS + 1);
    CyclicBarrier done = new CyclicBarrier(CALLERS + 1);
    AtomicInteger admitted = new AtomicInteger();
    List<Long> tokens = java.util.Collections.synchronizedList(new ArrayList<>());
    List<Future<?>> callers = new ArrayList<>();
    for (int i = 0; i < CALLERS; i++) {
      callers.add(
          pool.submit(
              () -> {
                for (int round = 0; round < ROUNDS; round++) {
                  start.await(30, TimeUnit.SECONDS);
                  long token = breaker.acquireToken();
                  if (token >= 0) {
                    admitted.incrementAndGet();
                    tokens.add(token);
                  }
                  done.await(30, TimeUnit.SECONDS);
                }
                return null;
              }));
    }
    for (int round = 0; round < ROUNDS; round++) {
      // The open time ends exactly now; every caller asks at this instant.
      fx.advance(breaker.snapshot().remainingOpenTime());
      admitted.set(0);
      tokens.clear();
      start.await(30, TimeUnit.SECONDS);
      done.await(30, TimeUnit.SECONDS);
      assertThat(admitted.get()).as("trials admitted in round %d", round).isEqualTo(BUDGET);
      assertThat(breaker.snapshot().trialsRemaining()).isZero();
      // One trial fails: the episode reopens and the other two results are from a closed episode.
      breaker.onFailure(tokens.get(0), 0, new IOException("trial failed"));
      assertThat(breaker.state()).isEqualTo(State.OPEN);
      breaker.onSuccess(tokens.get(1), 0);
      breaker.onSuccess(tokens.get(2), 0);
      assertThat(breaker.state()).isEqualTo(State.OPEN);
    }
    for (Future<?> caller : callers) {
      caller.get(30, TimeUnit.SECONDS);
    }
    assertThat(breaker.snapshot().transitions()).isEqualTo(1 + 2L * ROUNDS);
  }

  @Test
  void concurrentFailuresTripOnce() throws Exception {
    Fixtures fx = new Fixtures();
    for (int round = 0; round < 200; round++) {
      CircuitBreaker breaker =
          fx.registry.getOrCreate(
              "trip-" + round,
              BreakerConfig.builder()
                  .failureThreshold(5)
                  .slidingWindow(SlidingWindowType.COUNT_BASED, 10)
                  .minimumNumberOfCalls(5)
                  .failureRateThreshold(50)
                  .build());
      Fixtures.Recorder recorder = new Fixtures.Recorder();
      breaker.addListener(recorder);
      long[] tokens = new long[CALLERS];
      for (int i = 0; i < CALLERS; i++) {
        tokens[i] = breaker.acquireToken();
      }
      CyclicBarrier start = new CyclicBarrier(CALLERS);
      List<Future<?>> callers = new ArrayList<>();
      for (int i = 0; i < CALLERS; i++) {
        long token = tokens[i];
        callers.add(
            pool.submit(
                () -> {
                  start.await(30, TimeUnit.SECONDS);
                  breaker.onFailure(token, 0, new IOException("failed"));
                  return null;
                }));
      }
      for (Future<?> caller : callers) {
        caller.get(30, TimeUnit.SECONDS);
      }
      BreakerSnapshot snapshot = breaker.snapshot();
      assertThat(snapshot.state()).isEqualTo(State.OPEN);
      assertThat(snapshot.transitions()).isEqualTo(1);
      assertThat(recorder.transitions).hasValue(1);
      assertThat(snapshot.window().calls()).isBetween(5, 10);
      assertThat(snapshot.window().failures()).isEqualTo(snapshot.window().calls());
    }
  }
}
