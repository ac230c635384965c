package io.fusebox.agent.engine;

import static io.fusebox.agent.engine.Fixtures.seconds;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.statistics.Statistics;

/**
 * Compares the engine with {@link ReferenceModel} after every step of random runs: admissions,
 * overlapping in-flight calls finishing in any order with any outcome, clock advances and
 * reconfigurations between configs that differ in thresholds, window type and size, concurrency cap
 * and mode. Each try runs 10 independent sequences, so 1,000 tries cover 10,000.
 */
class EngineModelPropertyTest {

  private static final List<BreakerConfig> CONFIGS = configs();

  /** One step of a run. */
  sealed interface Step permits Acquire, Complete, Advance, Reconfigure {}

  record Acquire() implements Step {}

  /** Finishes the in-flight call at {@code index} modulo the number in flight. */
  record Complete(int index, int kind, int durationMillis) implements Step {}

  record Advance(int millis) implements Step {}

  record Reconfigure(int configIndex) implements Step {}

  @Property(tries = 1000)
  void engineMatchesReferenceModel(
      @ForAll("runs") List<List<Step>> runs, @ForAll("configIndexes") int initial) {
    for (List<Step> run : runs) {
      execute(run, CONFIGS.get(initial));
    }
    // Fails the property when random runs stop reaching the interesting phases.
    Statistics.label("phase")
        .coverage(
            coverage -> {
              coverage.check(State.OPEN).percentage(p -> p > 5);
              coverage.check(State.HALF_OPEN).percentage(p -> p > 2);
            });
    Statistics.label("reported")
        .coverage(
            coverage -> {
              coverage.check(State.FORCED_OPEN).percentage(p -> p > 1);
              coverage.check(State.DISABLED).percentage(p -> p > 1);
            });
    Statistics.label("window")
        .coverage(coverage -> coverage.check(SlidingWindowType.TIME_BASED).percentage(p -> p > 10));
  }

  private void execute(List<Step> run, BreakerConfig initial) {
    Fixtures fx = new Fixtures();
    CircuitBreaker breaker = fx.breaker(initial);
    ReferenceModel model = new ReferenceModel(initial);
    List<long[]> inFlight = new ArrayList<>();
    List<ReferenceModel.Ticket> tickets = new ArrayList<>();
    int stepNumber = 0;
    for (Step step : run) {
      stepNumber++;
      long now = fx.ticker.read();
      if (step instanceof Acquire) {
        long token = breaker.acquireToken();
        ReferenceModel.Ticket ticket = model.acquire();
        assertThat(token >= 0)
            .as("admission at step %d of %s", stepNumber, run)
            .isEqualTo(ticket != null);
        if (ticket != null) {
          inFlight.add(new long[] {token});
          tickets.add(ticket);
        }
      } else if (step instanceof Complete c) {
        if (inFlight.isEmpty()) {
          continue;
        }
        int index = Math.floorMod(c.index(), inFlight.size());
        long token = inFlight.remove(index)[0];
        ReferenceModel.Ticket ticket = tickets.remove(index);
        long duration = c.durationMillis() * 1_000_000L;
        Outcome outcome = finish(breaker, token, c.kind(), duration);
        model.complete(ticket, outcome, duration, now);
      } else if (step instanceof Advance a) {
        fx.advanceMillis(a.millis());
      } else if (step instanceof Reconfigure r) {
        breaker.reconfigure(CONFIGS.get(r.configIndex()));
        model.reconfigure(CONFIGS.get(r.configIndex()), now);
      }
      model.observe(fx.ticker.read());
      Statistics.label("phase").collect(model.phase);
      Statistics.label("reported").collect(model.reported());
      Statistics.label("window").collect(model.config.slidingWindowType());
      compare(breaker, model, fx.ticker.read(), "step " + stepNumber + " of " + run);
    }
  }

  // Kinds 0..5: success, failure, timeout, ignored, cancelled, never executed.
  private static Outcome finish(CircuitBreaker breaker, long token, int kind, long duration) {
    switch (kind) {
      case 0 -> breaker.onSuccess(token, duration);
      case 1 -> breaker.onFailure(token, duration, new IOException("failed"));
      case 2 -> breaker.onTimeout(token, duration);
      case 3 -> breaker.onIgnored(token, duration);
      case 4 -> breaker.onCancelled(token, duration);
      default -> breaker.notExecuted(token);
    }
    return switch (kind) {
      case 0 -> Outcome.SUCCESS;
      case 1 -> Outcome.FAILURE;
      case 2 -> Outcome.TIMEOUT;
      case 3 -> Outcome.IGNORED;
      case 4 -> Outcome.CANCELLED;
      default -> null;
    };
  }

  private static void compare(
      CircuitBreaker breaker, ReferenceModel model, long now, String where) {
    BreakerSnapshot snapshot = breaker.snapshot();
    assertThat(snapshot.state()).as("state at %s", where).isEqualTo(model.reported());
    assertThat(snapshot.config()).as("config at %s", where).isEqualTo(model.config);
    assertThat(snapshot.window()).as("window at %s", where).isEqualTo(model.windowCounts(now));
    assertThat(snapshot.consecutiveFailures())
        .as("consecutive failures at %s", where)
        .isEqualTo(model.reportedConsecutiveFailures(now));
    WindowCounts counts = model.windowCounts(now);
    boolean enough = counts.calls() > 0 && counts.calls() >= model.minimumCalls();
    assertThat(snapshot.failureRate().isPresent())
        .as("failure rate present at %s", where)
        .isEqualTo(enough);
    assertThat(snapshot.notPermittedCalls())
        .as("rejections at %s", where)
        .isEqualTo(model.notPermitted);
    assertThat(snapshot.shadowRejectedCalls())
        .as("shadow rejections at %s", where)
        .isEqualTo(model.shadowRejected);
    assertThat(snapshot.attempts()).as("attempts at %s", where).isEqualTo(model.attempts);
    if (model.phase == State.HALF_OPEN && snapshot.state() == State.HALF_OPEN) {
      assertThat(snapshot.trialsRemaining())
          .as("trials at %s", where)
          .isEqualTo(model.trialsRemaining);
    }
    assertThat(snapshot.remainingOpenTime())
        .as("open time at %s", where)
        .isEqualTo(
            model.reportsOpenTime() ? Duration.ofNanos(model.openUntil - now) : Duration.ZERO);
  }

  @Provide
  Arbitrary<Integer> configIndexes() {
    return Arbitraries.integers().between(0, CONFIGS.size() - 1);
  }

  @Provide
  Arbitrary<List<List<Step>>> runs() {
    return step().list().ofMinSize(5).ofMaxSize(60).list().ofSize(10);
  }

  private Arbitrary<Step> step() {
    Arbitrary<Step> acquire = Arbitraries.just(new Acquire());
    Arbitrary<Step> complete =
        Combinators.combine(
                Arbitraries.integers().between(0, 50),
                Arbitraries.integers().between(0, 5),
                Arbitraries.integers().between(0, 300))
            .as(Complete::new);
    Arbitrary<Step> advance =
        Arbitraries.oneOf(
                Arbitraries.integers().between(1, 500), Arbitraries.integers().between(500, 6_000))
            .map(Advance::new);
    Arbitrary<Step> reconfigure = configIndexes().map(Reconfigure::new);
    return Arbitraries.frequencyOf(
        Tuple.of(5, acquire),
        Tuple.of(5, complete),
        Tuple.of(3, advance),
        Tuple.of(1, reconfigure));
  }

  private static List<BreakerConfig> configs() {
    BreakerConfig base =
        BreakerConfig.builder()
            .failureThreshold(3)
            .recoveryTimeout(seconds(1))
            .callTimeout(Duration.ZERO)
            .successThreshold(1)
            .slowCallDuration(seconds(0.1))
            .slidingWindow(SlidingWindowType.COUNT_BASED, 4)
            .minimumNumberOfCalls(3)
            .build();
    return List.of(
        base,
        base.toBuilder()
            .failureThreshold(2)
            .successThreshold(2)
            .permittedCallsInHalfOpen(3)
            .build(),
        base.toBuilder().failureRateThreshold(50).permittedCallsInHalfOpen(2).build(),
        base.toBuilder()
            .failureThreshold(5)
            .slowCallRateThreshold(50)
            .failureRateThreshold(100)
            .slidingWindow(SlidingWindowType.COUNT_BASED, 6)
            .minimumNumberOfCalls(8)
            .build(),
        base.toBuilder()
            .backoffMultiplier(2)
            .maxRecoveryTimeout(seconds(5))
            .maxHalfOpenDuration(seconds(2))
            .slidingWindow(SlidingWindowType.COUNT_BASED, 2)
            .build(),
        base.toBuilder().successThreshold(3).permittedCallsInHalfOpen(2).build(),
        base.toBuilder()
            .recoveryTimeout(seconds(3))
            .successThreshold(2)
            .permittedCallsInHalfOpen(2)
            .failureRateThreshold(50)
            .maxHalfOpenDuration(seconds(1))
            .build(),
        base.toBuilder()
            .slidingWindow(SlidingWindowType.TIME_BASED, 2)
            .failureRateThreshold(50)
            .build(),
        base.toBuilder()
            .slidingWindow(SlidingWindowType.TIME_BASED, 3)
            .failureThreshold(2)
            .slowCallRateThreshold(60)
            .minimumNumberOfCalls(4)
            .build(),
        base.toBuilder().maxConcurrentCalls(2).build(),
        base.toBuilder().mode(Mode.SHADOW).build(),
        base.toBuilder()
            .mode(Mode.SHADOW)
            .maxConcurrentCalls(1)
            .slidingWindow(SlidingWindowType.TIME_BASED, 2)
            .build(),
        base.toBuilder().mode(Mode.FORCED_OPEN).build(),
        base.toBuilder().mode(Mode.DISABLED).build());
  }
}
