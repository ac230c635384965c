package io.fusebox.benchmarks;

import io.fusebox.agent.engine.BreakerConfig;
import io.fusebox.agent.engine.CircuitBreaker;
import io.fusebox.agent.engine.CircuitBreakerRegistry;
import io.fusebox.agent.engine.CoarseTicker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig.SlidingWindowType;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Cost per call of the breaker engine on its closed, rejection and half-open paths, next to three
 * baselines measured in the same run: the bare call, {@code AtomicLong.incrementAndGet} and a
 * Resilience4j {@code CircuitBreaker} with a count-based window around the same call. The state is
 * shared by all benchmark threads, so a run with {@code -t 2} measures contention.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class EngineBenchmark {

  private static final Duration ONE_HOUR = Duration.ofHours(1);
  private static final IOException FAILURE = new IOException("benchmark failure");

  private final AtomicLong counter = new AtomicLong();
  private final Object monitor = new Object();
  private final Callable<Long> work = () -> 42L;

  private CircuitBreaker closed;
  private CircuitBreaker open;
  private CircuitBreaker halfOpen;
  private CoarseTicker coarseTicker;
  private CircuitBreaker closedCoarse;
  private CircuitBreaker openCoarse;
  private CircuitBreaker mixedCoarse;
  private io.github.resilience4j.circuitbreaker.CircuitBreaker r4jClosed;
  private io.github.resilience4j.circuitbreaker.CircuitBreaker r4jOpen;

  /** Builds one breaker per path and drives the open and half-open ones into their state. */
  @Setup
  public void setUp() {
    CircuitBreakerRegistry registry = CircuitBreakerRegistry.builder().jitterSeed(1).build();
    closed = registry.getOrCreate("closed", BreakerConfig.defaults());
    open =
        registry.getOrCreate(
            "open", BreakerConfig.builder().failureThreshold(1).recoveryTimeout(ONE_HOUR).build());
    open.onFailure(open.acquireToken(), 0, new IOException("open the breaker"));
    // Every trial succeeds but the success threshold is never reached, so it stays half-open.
    halfOpen =
        registry.getOrCreate(
            "half-open",
            BreakerConfig.builder()
                .failureThreshold(1)
                .recoveryTimeout(Duration.ofNanos(1))
                .successThreshold(Integer.MAX_VALUE)
                .build());
    halfOpen.onFailure(halfOpen.acquireToken(), 0, new IOException("open the breaker"));

    // The same closed and open breakers on a ticker refreshed once per millisecond.
    coarseTicker = CoarseTicker.start(Duration.ofMillis(1));
    CircuitBreakerRegistry coarseRegistry =
        CircuitBreakerRegistry.builder().ticker(coarseTicker).jitterSeed(1).build();
    closedCoarse = coarseRegistry.getOrCreate("closed", BreakerConfig.defaults());
    openCoarse =
        coarseRegistry.getOrCreate(
            "open", BreakerConfig.builder().failureThreshold(1).recoveryTimeout(ONE_HOUR).build());
    openCoarse.onFailure(openCoarse.acquireToken(), 0, new IOException("open the breaker"));
    // One failure in 100 never meets the threshold but keeps a failure in the window.
    mixedCoarse =
        coarseRegistry.getOrCreate(
            "one-percent-failures", BreakerConfig.builder().failureThreshold(1_000).build());

    CircuitBreakerConfig r4jConfig =
        CircuitBreakerConfig.custom()
            .slidingWindowType(SlidingWindowType.COUNT_BASED)
            .slidingWindowSize(100)
            .minimumNumberOfCalls(10)
            .waitDurationInOpenState(ONE_HOUR)
            .writableStackTraceEnabled(false)
            .build();
    r4jClosed = io.github.resilience4j.circuitbreaker.CircuitBreaker.of("closed", r4jConfig);
    r4jOpen = io.github.resilience4j.circuitbreaker.CircuitBreaker.of("open", r4jConfig);
    r4jOpen.transitionToOpenState();
  }

  /** Stops the coarse ticker's refresh thread. */
  @TearDown
  public void tearDown() {
    coarseTicker.close();
  }

  /** Baseline: the bare call. */
  @Benchmark
  public Long baselineBareCall() throws Exception {
    return work.call();
  }

  /** Baseline: one contended atomic increment around the call. */
  @Benchmark
  public Long baselineAtomicIncrement() throws Exception {
    counter.incrementAndGet();
    return work.call();
  }

  /**
   * Baseline: one {@code System.nanoTime()} read. The closed path reads the clock twice to time the
   * call, so this row shows how much of its cost is the clock on this machine.
   */
  @Benchmark
  public long baselineNanoTime() {
    return System.nanoTime();
  }

  /** Baseline: an uncontended monitor around the call, the lock the closed window takes. */
  @Benchmark
  public Long baselineMonitor() throws Exception {
    synchronized (monitor) {
      return work.call();
    }
  }

  /** Fusebox closed path: admit, run, time and record a success. */
  @Benchmark
  public Long closedFusebox() throws Exception {
    return closed.call(work);
  }

  /** Fusebox closed path on a {@link CoarseTicker} with a 1 ms resolution. */
  @Benchmark
  public Long closedFuseboxCoarseTicker() throws Exception {
    return closedCoarse.call(work);
  }

  /** The calls one benchmark thread has made, to fail every 100th. */
  @State(Scope.Thread)
  public static class CallCount {
    int calls;
  }

  /**
   * Fusebox closed path on a {@link CoarseTicker} when 1 call in 100 fails. The window then always
   * holds a failure, so every record takes the window's lock: the cost of a breaker whose
   * dependency fails now and then, next to {@link #closedFuseboxCoarseTicker}, where it never
   * fails.
   */
  @Benchmark
  public Long closedFuseboxOnePercentFailuresCoarseTicker(CallCount count) throws Exception {
    long token = mixedCoarse.acquireToken();
    long start = coarseTicker.read();
    Long result = work.call();
    long duration = coarseTicker.read() - start;
    count.calls++;
    if (count.calls % 100 == 0) {
      mixedCoarse.onFailure(token, duration, FAILURE);
    } else {
      mixedCoarse.onSuccess(token, duration);
    }
    return result;
  }

  /** Fusebox rejection path through the token API on a {@link CoarseTicker}. */
  @Benchmark
  public long rejectedFuseboxCoarseTicker() {
    return openCoarse.acquireToken();
  }

  /** Resilience4j closed path around the same call. */
  @Benchmark
  public Long closedResilience4j() throws Exception {
    return r4jClosed.executeCallable(work);
  }

  /** Fusebox rejection path through the allocation-free token API. */
  @Benchmark
  public long rejectedFuseboxToken() {
    return open.acquireToken();
  }

  /** Fusebox rejection path through {@code call} with a fallback. */
  @Benchmark
  public Long rejectedFuseboxFallback() {
    return open.call(work, error -> -1L);
  }

  /** Resilience4j rejection path: {@code tryAcquirePermission} on an open breaker. */
  @Benchmark
  public boolean rejectedResilience4j() {
    return r4jOpen.tryAcquirePermission();
  }

  /** Fusebox half-open path: every call is a trial that takes a permit and records a success. */
  @Benchmark
  public Long halfOpenFusebox() throws Exception {
    return halfOpen.call(work);
  }
}
