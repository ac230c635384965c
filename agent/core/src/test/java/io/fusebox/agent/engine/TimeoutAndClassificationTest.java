package io.fusebox.agent.engine;

import static io.fusebox.agent.engine.Fixtures.seconds;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Call timeouts counted exactly once, and one classification shared by breaker and metrics. */
class TimeoutAndClassificationTest {

  private static BreakerConfig timeoutConfig() {
    return BreakerConfig.builder()
        .failureThreshold(100)
        .callTimeout(seconds(0.2))
        .slidingWindow(SlidingWindowType.COUNT_BASED, 4)
        .minimumNumberOfCalls(4)
        .failureRateThreshold(50)
        .build();
  }

  @Test
  void asyncTimeoutsCountOnceEach() {
    Fixtures fx = new Fixtures();
    CircuitBreaker breaker = fx.breaker(timeoutConfig());
    Fixtures.Recorder recorder = new Fixtures.Recorder();
    breaker.addListener(recorder);
    AtomicInteger backendCalls = new AtomicInteger();
    List<CompletableFuture<String>> backends = new ArrayList<>();
    List<CompletableFuture<String>> results = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      results.add(
          breaker.callAsync(
              () -> {
                backendCalls.incrementAndGet();
                CompletableFuture<String> backend = new CompletableFuture<>();
                backends.add(backend);
                return backend;
              },
              error -> "fallback:" + error.getClass().getSimpleName()));
    }
    fx.atMillis(199);
    assertThat(results).noneMatch(CompletableFuture::isDone);
    fx.atMillis(200);
    for (CompletableFuture<String> result : results) {
      assertThat(result.join()).isEqualTo("fallback:CallTimeoutException");
    }
    assertThat(recorder.recordedCount(Outcome.TIMEOUT)).isEqualTo(4);
    assertThat(breaker.state()).isEqualTo(State.OPEN);

    CompletableFuture<String> fifth =
        breaker.callAsync(
            () -> {
              backendCalls.incrementAndGet();
              return CompletableFuture.completedFuture("reached");
            },
            error -> "fallback:" + error.getClass().getSimpleName());
    assertThat(fifth.join()).isEqualTo("fallback:CallNotPermittedException");
    assertThat(backendCalls).hasValue(4);

    fx.atMillis(1_000);
    backends.forEach(backend -> backend.complete("late"));
    assertThat(recorder.count(Outcome.SUCCESS)).isZero();
    assertThat(recorder.count(Outcome.TIMEOUT)).isEqualTo(4);
    assertThat(breaker.snapshot().window()).isEqualTo(new WindowCounts(4, 4, 0, 0));
  }

  @Test
  void interruptPastTimeoutCountsAsTimeout() {
    Fixtures fx = new Fixtures();
    CircuitBreaker breaker = fx.breaker(timeoutConfig());
    Fixtures.Recorder recorder = new Fixtures.Recorder();
    breaker.addListener(recorder);
    for (int i = 0; i < 4; i++) {
      boolean interrupt = i % 2 == 0;
      String result =
          breaker.call(
              () -> {
                fx.advanceMillis(200);
                if (interrupt) {
                  throw new InterruptedException("timed out by caller");
                }
                throw new CancellationException("timed out by caller");
              },
              error -> "fallback");
      assertThat(result).isEqualTo("fallback");
      assertThat(Thread.interrupted()).isEqualTo(interrupt);
    }
    assertThat(recorder.recordedCount(Outcome.TIMEOUT)).isEqualTo(4);
    assertThat(recorder.count(Outcome.CANCELLED)).isZero();
    assertThat(breaker.state()).isEqualTo(State.OPEN);
  }

  @Test
  void cancellationBeforeTimeoutIsIgnored() {
    Fixtures fx = new Fixtures();
    CircuitBreaker breaker = fx.breaker(timeoutConfig());
    Fixtures.Recorder recorder = new Fixtures.Recorder();
    breaker.addListener(recorder);
    CompletableFuture<String> result = breaker.callAsync(CompletableFuture<String>::new);
    fx.atMillis(50);
    result.cancel(true);
    fx.atMillis(1_000);
    assertThat(recorder.count(Outcome.CANCELLED)).isEqualTo(1);
    assertThat(recorder.count(Outcome.TIMEOUT)).isZero();
    assertThat(breaker.snapshot().window().calls()).isZero();
    assertThat(fx.scheduler.pending()).isZero();
  }

  /** A response carrying an HTTP status. */
  private record Response(int status) {}

  @Test
  void metricsAndBreakerAgreeOnFailures() {
    Fixtures fx = new Fixtures(result -> result instanceof Response r ? r.status() : 0);
    CircuitBreaker breaker =
        fx.breaker(
            BreakerConfig.builder()
                .failureThreshold(100)
                .minimumNumberOfCalls(5)
                .failureExceptions(List.of("java.io.IOException"))
                .failureStatusCodes(List.of(new StatusCodeRange(500, 599)))
                .ignoredStatusCodes(List.of(new StatusCodeRange(400, 499)))
                .build());
    Fixtures.Recorder recorder = new Fixtures.Recorder();
    breaker.addListener(recorder);
    for (int i = 0; i < 3; i++) {
      breaker.call(() -> new Response(200), e -> null);
    }
    for (int i = 0; i < 2; i++) {
      breaker.call(
          () -> {
            throw new IOException("connection reset");
          },
          e -> null);
    }
    breaker.call(
        () -> {
          throw new IllegalStateException("bug in caller");
        },
        e -> null);
    breaker.call(() -> new Response(404), e -> null);

    assertThat(recorder.count(Outcome.SUCCESS)).isEqualTo(3);
    assertThat(recorder.count(Outcome.FAILURE)).isEqualTo(2);
    assertThat(recorder.count(Outcome.IGNORED)).isEqualTo(2);
    BreakerSnapshot snapshot = breaker.snapshot();
    assertThat(snapshot.window().calls()).isEqualTo(5);
    assertThat(snapshot.window().failures()).isEqualTo((int) recorder.count(Outcome.FAILURE));
    assertThat(snapshot.failureRate()).hasValue(40.0);
    assertThat(breaker.config().classifyThrowable(new IllegalStateException()))
        .isEqualTo(Outcome.IGNORED);
    assertThat(breaker.config().classifyStatusCode(503)).isEqualTo(Outcome.FAILURE);
  }

  @Test
  void unlistedExceptionFailsWithEmptyList() {
    BreakerConfig config =
        BreakerConfig.builder()
            .ignoredExceptions(List.of("java.lang.IllegalArgumentException"))
            .build();
    assertThat(config.classifyThrowable(new IllegalStateException())).isEqualTo(Outcome.FAILURE);
    assertThat(config.classifyThrowable(new NumberFormatException())).isEqualTo(Outcome.IGNORED);
    assertThat(
            config.classifyThrowable(
                new java.util.concurrent.CompletionException(new IOException())))
        .isEqualTo(Outcome.FAILURE);
  }
}
