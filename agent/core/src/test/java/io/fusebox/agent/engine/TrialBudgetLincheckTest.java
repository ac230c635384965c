package io.fusebox.agent.engine;

import static io.fusebox.agent.engine.Fixtures.seconds;

import java.io.IOException;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import org.jetbrains.kotlinx.lincheck.LinChecker;
import org.jetbrains.kotlinx.lincheck.annotations.Operation;
import org.jetbrains.kotlinx.lincheck.annotations.Validate;
import org.jetbrains.kotlinx.lincheck.strategy.managed.modelchecking.ModelCheckingOptions;
import org.jetbrains.kotlinx.lincheck.strategy.stress.StressOptions;
import org.junit.jupiter.api.Test;

/**
 * Lincheck explores interleavings of admissions, results, releases and clock steps on one breaker.
 * Operations return nothing, so Lincheck reports any exception they throw; the invariants are
 * checked inside the operations and in {@link #trialBudgetHeld()}: no half-open episode admits more
 * trials than its budget plus the permits handed back, and an open state always carries an
 * open-until time after its opening.
 */
public class TrialBudgetLincheckTest {

  private static final int BUDGET = 2;

  private final FakeTicker ticker = new FakeTicker();
  private final CircuitBreaker breaker;
  private final Queue<Long> held = new ConcurrentLinkedQueue<>();
  private final Map<Long, AtomicInteger> admittedTrials = new ConcurrentHashMap<>();
  private final Map<Long, AtomicInteger> returnedTrials = new ConcurrentHashMap<>();

  /** Creates a breaker that is open and whose open time has just ended. */
  public TrialBudgetLincheckTest() {
    CircuitBreakerRegistry registry =
        CircuitBreakerRegistry.builder()
            .ticker(ticker)
            .scheduler((task, delay) -> () -> {})
            .build();
    breaker =
        registry.getOrCreate(
            "lincheck",
            BreakerConfig.builder()
                .failureThreshold(1)
                .recoveryTimeout(seconds(10))
                .successThreshold(BUDGET)
                .permittedCallsInHalfOpen(BUDGET)
                .build());
    breaker.onFailure(breaker.acquireToken(), 0, new IOException("open"));
    ticker.advance(seconds(10));
  }

  /** Asks for a permit and keeps it when granted. */
  @Operation
  public void acquire() {
    long token = breaker.acquireToken();
    if (token >= 0) {
      if (isTrial(token)) {
        counter(admittedTrials, token).incrementAndGet();
      }
      held.add(token);
    }
  }

  /** Reports success for one held permit. */
  @Operation
  public void succeed() {
    Long token = held.poll();
    if (token != null) {
      breaker.onSuccess(token, 0);
    }
  }

  /** Reports failure for one held permit. */
  @Operation
  public void fail() {
    Long token = held.poll();
    if (token != null) {
      breaker.onFailure(token, 0, new IOException("failed"));
    }
  }

  /** Hands one held permit back without running the call. */
  @Operation
  public void release() {
    Long token = held.poll();
    if (token != null) {
      if (isTrial(token)) {
        counter(returnedTrials, token).incrementAndGet();
      }
      breaker.notExecuted(token);
    }
  }

  /** Ends the current open time. */
  @Operation
  public void advance() {
    ticker.advance(seconds(10));
  }

  /** Reads one snapshot and checks that its state and times belong together. */
  @Operation
  public void readConsistentSnapshot() {
    BreakerSnapshot snapshot = breaker.snapshot();
    if (snapshot.state() == State.HALF_OPEN
        && (snapshot.trialsRemaining() < 0 || snapshot.trialsRemaining() > BUDGET)) {
      throw new IllegalStateException("trial permits out of range: " + snapshot);
    }
    if (snapshot.state() != State.OPEN && !snapshot.remainingOpenTime().isZero()) {
      throw new IllegalStateException("open time outside the open state: " + snapshot);
    }
  }

  /** Checks the trial budget of every episode after the run. */
  @Validate
  public void trialBudgetHeld() {
    admittedTrials.forEach(
        (generation, admitted) -> {
          AtomicInteger returned = returnedTrials.get(generation);
          int net = admitted.get() - (returned == null ? 0 : returned.get());
          if (net > BUDGET) {
            throw new IllegalStateException(
                "episode " + generation + " admitted " + net + " trials, budget " + BUDGET);
          }
        });
  }

  private static boolean isTrial(long token) {
    return (token & BreakerStateMachine.KIND_MASK) == BreakerStateMachine.KIND_TRIAL;
  }

  private static AtomicInteger counter(Map<Long, AtomicInteger> counters, long token) {
    return counters.computeIfAbsent(
        token >>> BreakerStateMachine.GENERATION_SHIFT, generation -> new AtomicInteger());
  }

  @Test
  void modelCheckingFindsNoViolation() {
    LinChecker.check(
        TrialBudgetLincheckTest.class,
        new ModelCheckingOptions()
            .iterations(10)
            .invocationsPerIteration(200)
            .threads(3)
            .actorsPerThread(3));
  }

  @Test
  void stressFindsNoViolation() {
    LinChecker.check(
        TrialBudgetLincheckTest.class,
        new StressOptions()
            .iterations(10)
            .invocationsPerIteration(1_000)
            .threads(3)
            .actorsPerThread(3));
  }
}
