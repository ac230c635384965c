package io.fusebox.agent.engine;

import java.util.List;
import org.jetbrains.kotlinx.lincheck.LinChecker;
import org.jetbrains.kotlinx.lincheck.annotations.Operation;
import org.jetbrains.kotlinx.lincheck.strategy.managed.modelchecking.ModelCheckingOptions;
import org.jetbrains.kotlinx.lincheck.strategy.stress.StressOptions;
import org.junit.jupiter.api.Test;

/**
 * Lincheck checks that a count window is linearizable: every concurrent history of records, reads
 * and resizes returns what some one-at-a-time order of the same operations returns. The window
 * starts full of plain successes, so plain successes take the path without the lock while failures,
 * slow calls and resizes change the records under it.
 */
public class CountWindowLincheckTest {

  private static final BreakerConfig SMALL =
      BreakerConfig.builder()
          .failureThreshold(2)
          .failureRateThreshold(50)
          .slowCallRateThreshold(50)
          .slidingWindow(SlidingWindowType.COUNT_BASED, 2)
          .minimumNumberOfCalls(2)
          .build();
  private static final BreakerConfig LARGE =
      SMALL.toBuilder().slidingWindow(SlidingWindowType.COUNT_BASED, 3).build();

  private final OutcomeWindow window = OutcomeWindow.create(SMALL, 0);
  private BreakerConfig config = SMALL;

  /** Creates a window that contains two plain successes. */
  public CountWindowLincheckTest() {
    window.record(0, 0, SMALL);
    window.record(0, 0, SMALL);
  }

  /** Records a plain success and returns the trip rule it meets. */
  @Operation
  public int recordSuccess() {
    return window.record(0, 0, currentConfig());
  }

  /** Records a failure and returns the trip rule it meets. */
  @Operation
  public int recordFailure() {
    return window.record(OutcomeWindow.FAILED, 0, currentConfig());
  }

  /** Records a slow success and returns the trip rule it meets. */
  @Operation
  public int recordSlowSuccess() {
    return window.record(OutcomeWindow.SLOW, 0, currentConfig());
  }

  /** Returns the totals and the failure run. */
  @Operation
  public List<Integer> read() {
    // The fields, not counts(): Lincheck's model checker cannot instrument record classes.
    synchronized (window) {
      return List.of(
          window.calls,
          window.failures,
          window.slowCalls,
          window.slowFailures,
          window.consecutiveFailures);
    }
  }

  /** Grows the window to three records. */
  @Operation
  public void grow() {
    resize(LARGE);
  }

  /** Shrinks the window to two records, keeping the newest. */
  @Operation
  public void shrink() {
    resize(SMALL);
  }

  private void resize(BreakerConfig next) {
    synchronized (window) {
      window.reshapedFor(next, 0);
      config = next;
    }
  }

  private BreakerConfig currentConfig() {
    synchronized (window) {
      return config;
    }
  }

  @Test
  void modelCheckingFindsLinearizableHistories() {
    LinChecker.check(
        CountWindowLincheckTest.class,
        new ModelCheckingOptions()
            .iterations(15)
            .invocationsPerIteration(200)
            .threads(3)
            .actorsPerThread(3));
  }

  @Test
  void stressFindsLinearizableHistories() {
    LinChecker.check(
        CountWindowLincheckTest.class,
        new StressOptions()
            .iterations(15)
            .invocationsPerIteration(500)
            .threads(3)
            .actorsPerThread(3));
  }
}
