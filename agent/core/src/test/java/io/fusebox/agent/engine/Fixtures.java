package io.fusebox.agent.engine;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/** Shared set-up of the engine tests: a fake clock, a manual scheduler and counting listeners. */
final class Fixtures {

  final FakeTicker ticker = new FakeTicker();
  final ManualScheduler scheduler = new ManualScheduler(ticker);
  final CircuitBreakerRegistry registry;

  Fixtures() {
    this(StatusCodeExtractor.NONE);
  }

  Fixtures(StatusCodeExtractor extractor) {
    registry =
        CircuitBreakerRegistry.builder()
            .ticker(ticker)
            .scheduler(scheduler)
            .statusCodeExtractor(extractor)
            .jitterSeed(42)
            .build();
  }

  CircuitBreaker breaker(BreakerConfig config) {
    return registry.getOrCreate("test", config);
  }

  void advance(Duration duration) {
    scheduler.advance(duration);
  }

  void advanceMillis(long millis) {
    scheduler.advance(Duration.ofMillis(millis));
  }

  /** Moves the clock to {@code millis} after the start. */
  void atMillis(long millis) {
    scheduler.advance(Duration.ofNanos(millis * 1_000_000L - ticker.read()));
  }

  static Duration seconds(double value) {
    return Duration.ofNanos((long) (value * 1_000_000_000L));
  }

  /** Counts the events of one breaker. */
  static final class Recorder implements CircuitBreakerListener {
    final Map<Outcome, AtomicLong> outcomes = new EnumMap<>(Outcome.class);
    final Map<Outcome, AtomicLong> recorded = new EnumMap<>(Outcome.class);
    final AtomicLong rejected = new AtomicLong();
    final AtomicLong transitions = new AtomicLong();
    final AtomicLong reconfigurations = new AtomicLong();

    Recorder() {
      for (Outcome outcome : Outcome.values()) {
        outcomes.put(outcome, new AtomicLong());
        recorded.put(outcome, new AtomicLong());
      }
    }

    @Override
    public void onOutcome(
        CircuitBreaker breaker,
        Outcome outcome,
        long durationNanos,
        boolean slow,
        boolean wasRecorded,
        Throwable error) {
      outcomes.get(outcome).incrementAndGet();
      if (wasRecorded) {
        recorded.get(outcome).incrementAndGet();
      }
    }

    @Override
    public void onNotPermitted(CircuitBreaker breaker, boolean shadow) {
      rejected.incrementAndGet();
    }

    @Override
    public void onStateTransition(CircuitBreaker breaker, State from, State to) {
      transitions.incrementAndGet();
    }

    @Override
    public void onReconfigured(
        CircuitBreaker breaker, BreakerConfig previous, BreakerConfig current) {
      reconfigurations.incrementAndGet();
    }

    long count(Outcome outcome) {
      return outcomes.get(outcome).get();
    }

    long recordedCount(Outcome outcome) {
      return recorded.get(outcome).get();
    }
  }
}
