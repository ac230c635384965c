package io.fusebox.agent.engine;

import java.util.Objects;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * A named circuit breaker. It wraps calls ({@link #call}, {@link #run}, {@link #callAsync}) or
 * hands out permits to integrations that cannot wrap a lambda ({@link #tryAcquirePermission},
 * {@link #acquireToken}). It is thread-safe and lock-free on admission; see {@link
 * BreakerStateMachine} for the design. Obtain one from a {@link CircuitBreakerRegistry}.
 */
public final class CircuitBreaker {

  private final String name;
  private final Ticker ticker;
  private final Scheduler scheduler;
  private final StatusCodeExtractor statusCodeExtractor;
  private final ListenerSupport listeners;
  private final BreakerStateMachine machine;
  private final CallNotPermittedException rejectedOpen;
  private final CallNotPermittedException rejectedBulkhead;
  private final Permit rejectedPermitOpen;
  private final Permit rejectedPermitBulkhead;

  CircuitBreaker(
      String name,
      BreakerConfig config,
      Ticker ticker,
      Scheduler scheduler,
      StatusCodeExtractor statusCodeExtractor,
      long jitterSeed,
      double fixedJitterShare) {
    this.name = Objects.requireNonNull(name, "name");
    this.ticker = ticker;
    this.scheduler = scheduler;
    this.statusCodeExtractor = statusCodeExtractor;
    this.listeners = new ListenerSupport(this, ticker);
    // One fixed fraction in [-1, 1) per breaker, so each instance keeps its own open time.
    double jitterFraction =
        Double.isNaN(fixedJitterShare)
            ? new SplittableRandom(jitterSeed ^ name.hashCode()).nextDouble() * 2 - 1
            : fixedJitterShare;
    this.machine = new BreakerStateMachine(name, config, ticker, jitterFraction, listeners);
    this.rejectedOpen = new CallNotPermittedException(name, false);
    this.rejectedBulkhead = new CallNotPermittedException(name, true);
    this.rejectedPermitOpen = new Permit(this, BreakerStateMachine.REJECTED);
    this.rejectedPermitBulkhead = new Permit(this, BreakerStateMachine.REJECTED_BULKHEAD);
  }

  /** Returns the breaker's name, which is also the {@code breaker} label of its metrics. */
  public String name() {
    return name;
  }

  /** Returns the active config. */
  public BreakerConfig config() {
    return machine.config();
  }

  /** Returns the ticker that measures this breaker's time; permit users time calls with it. */
  public Ticker ticker() {
    return ticker;
  }

  /** Returns the current state, after applying any time transition that is due. */
  public State state() {
    return machine.advance(ticker.read()).reported();
  }

  /** Returns a read-only view of the state, config and counts. */
  public BreakerSnapshot snapshot() {
    return machine.snapshot(ticker.read());
  }

  /** Adds a listener; it receives events from now on. */
  public void addListener(CircuitBreakerListener listener) {
    listeners.add(Objects.requireNonNull(listener, "listener"));
  }

  /** Removes a listener added earlier; returns whether it was registered. */
  public boolean removeListener(CircuitBreakerListener listener) {
    return listeners.remove(listener);
  }

  /**
   * Applies {@code config} in place and returns whether anything changed. An equal config changes
   * nothing and fires no event. Otherwise the breaker keeps its state, episode, window contents,
   * open-until time and attempt count, under these rules per field:
   *
   * <ul>
   *   <li>{@code mode} and {@code readiness} apply at once; the phase under FORCED_OPEN or DISABLED
   *       is kept and resumes when the mode ends.
   *   <li>{@code recoveryTimeout}, {@code backoffMultiplier}, {@code maxRecoveryTimeout} and {@code
   *       jitterRatio}: an open breaker's open time is recomputed and counted from the original
   *       opening, so a shorter time can end it at once.
   *   <li>{@code slidingWindowSize}: a smaller window keeps the most recent outcomes (calls or
   *       seconds), a larger one keeps all; a changed {@code slidingWindowType} starts a new empty
   *       window. The consecutive-failure count carries over.
   *   <li>thresholds and {@code minimumNumberOfCalls}: apply from the next recorded outcome; a
   *       reconfiguration alone never trips a closed breaker.
   *   <li>{@code permittedCallsInHalfOpen}: a half-open episode keeps its trials and results; its
   *       remaining budget never grows and shrinks to fit the new total. {@code successThreshold}
   *       and the rate rules decide the episode at once if its results already suffice.
   *   <li>{@code maxHalfOpenDuration}: counted from the start of the current episode.
   *   <li>{@code callTimeout}, {@code slowCallDuration}, classification lists and {@code
   *       maxConcurrentCalls}: apply to calls admitted or completed afterwards.
   * </ul>
   */
  public boolean reconfigure(BreakerConfig config) {
    return machine.reconfigure(Objects.requireNonNull(config, "config"));
  }

  /**
   * Runs {@code callable} if the breaker admits it and records the outcome.
   *
   * @throws CallNotPermittedException when the breaker rejects the call (preallocated, no stack)
   * @throws Exception whatever {@code callable} throws, unchanged
   */
  public <T> T call(Callable<T> callable) throws Exception {
    long token = machine.acquire();
    if (token < 0) {
      throw rejection(token);
    }
    long start = ticker.read();
    T result;
    try {
      result = callable.call();
    } catch (Throwable e) {
      completeExceptionally(token, ticker.read() - start, e);
      throw e;
    }
    completeWithResult(token, ticker.read() - start, result);
    return result;
  }

  /**
   * Runs {@code callable} if admitted; on rejection or on any exception returns {@code
   * fallback.apply(exception)}, where a rejection is a {@link CallNotPermittedException}. The
   * interrupt flag is restored when the call threw {@link InterruptedException}.
   */
  public <T> T call(Callable<T> callable, Function<Throwable, T> fallback) {
    long token = machine.acquire();
    if (token < 0) {
      return fallback.apply(rejection(token));
    }
    long start = ticker.read();
    T result;
    try {
      result = callable.call();
    } catch (Exception e) {
      completeExceptionally(token, ticker.read() - start, e);
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      return fallback.apply(e);
    } catch (Error e) {
      completeExceptionally(token, ticker.read() - start, e);
      throw e;
    }
    completeWithResult(token, ticker.read() - start, result);
    return result;
  }

  /** Runs {@code runnable} if admitted and records the outcome; see {@link #call(Callable)}. */
  public void run(Runnable runnable) {
    long token = machine.acquire();
    if (token < 0) {
      throw rejection(token);
    }
    long start = ticker.read();
    try {
      runnable.run();
    } catch (RuntimeException | Error e) {
      completeExceptionally(token, ticker.read() - start, e);
      throw e;
    }
    completeWithResult(token, ticker.read() - start, null);
  }

  /** Runs {@code runnable} if admitted; on rejection or exception calls {@code fallback}. */
  public void run(Runnable runnable, Consumer<Throwable> fallback) {
    call(
        () -> {
          runnable.run();
          return null;
        },
        e -> {
          fallback.accept(e);
          return null;
        });
  }

  /**
   * Starts the call that {@code supplier} returns if admitted, enforces the call timeout with the
   * registry's {@link Scheduler}, and records the outcome exactly once. The returned stage fails
   * with a {@link CallNotPermittedException} on rejection and with a {@link CallTimeoutException}
   * when the timeout ends first; the breaker then records one timeout and tries to cancel the
   * supplier's stage, and a late completion is not recorded again. Cancelling the returned stage
   * counts as a cancelled call. Unlike the synchronous path, a rejection allocates the failed
   * future it returns.
   */
  public <T> CompletableFuture<T> callAsync(Supplier<? extends CompletionStage<T>> supplier) {
    long token = machine.acquire();
    if (token < 0) {
      return CompletableFuture.failedFuture(rejection(token));
    }
    return AsyncCall.start(this, machine, token, supplier, scheduler);
  }

  /**
   * Like {@link #callAsync(Supplier)}, but a rejection, failure or timeout completes the returned
   * stage with {@code fallback.apply(exception)}.
   */
  public <T> CompletableFuture<T> callAsync(
      Supplier<? extends CompletionStage<T>> supplier, Function<Throwable, T> fallback) {
    return callAsync(supplier)
        .handle(
            (value, error) ->
                error == null ? value : fallback.apply(OutcomeClassifier.unwrap(error)));
  }

  /**
   * Asks for permission to run one call and returns a {@link Permit}; on rejection the returned
   * permit is a preallocated one with {@link Permit#isPermitted()} false. The caller must report
   * exactly one result, or {@link Permit#notExecuted()}, on every permitted permit.
   */
  public Permit tryAcquirePermission() {
    long token = machine.acquire();
    if (token >= 0) {
      return new Permit(this, token);
    }
    return token == BreakerStateMachine.REJECTED_BULKHEAD
        ? rejectedPermitBulkhead
        : rejectedPermitOpen;
  }

  /**
   * The allocation-free form of {@link #tryAcquirePermission()}: returns a non-negative token when
   * the call may run and a negative value when it is rejected. Report the result with exactly one
   * of {@link #onSuccess}, {@link #onFailure}, {@link #onResult}, {@link #onIgnored}, {@link
   * #onCancelled} or {@link #notExecuted}; the breaker cannot detect a second report of a token.
   */
  public long acquireToken() {
    return machine.acquire();
  }

  /** Reports that the call of {@code token} succeeded after {@code durationNanos}. */
  public void onSuccess(long token, long durationNanos) {
    completeWithResult(token, durationNanos, null);
  }

  /** Reports that the call of {@code token} threw {@code error}; it is classified by the config. */
  public void onFailure(long token, long durationNanos, Throwable error) {
    completeExceptionally(token, durationNanos, error);
  }

  /** Reports the call of {@code token} returned HTTP status {@code statusCode}. */
  public void onResult(long token, long durationNanos, int statusCode) {
    machine.complete(
        token,
        OutcomeClassifier.classifyCall(machine.config(), statusCode, durationNanos),
        durationNanos,
        null);
  }

  /** Reports that the call of {@code token} ran past its timeout; it counts as one failure. */
  public void onTimeout(long token, long durationNanos) {
    machine.complete(token, Outcome.TIMEOUT, durationNanos, null);
  }

  /** Reports a result that is neither success nor failure; a trial slot is given back. */
  public void onIgnored(long token, long durationNanos) {
    machine.complete(token, Outcome.IGNORED, durationNanos, null);
  }

  /** Reports that the caller cancelled the call of {@code token}; a trial slot is given back. */
  public void onCancelled(long token, long durationNanos) {
    machine.complete(token, Outcome.CANCELLED, durationNanos, null);
  }

  /**
   * Hands back the permit of a call that never ran, for example because another guard rejected it.
   */
  public void notExecuted(long token) {
    machine.notExecuted(token);
  }

  /** Returns the preallocated exception for a rejected token. */
  CallNotPermittedException rejection(long token) {
    return token == BreakerStateMachine.REJECTED_BULKHEAD ? rejectedBulkhead : rejectedOpen;
  }

  void completeWithResult(long token, long durationNanos, Object result) {
    int status =
        statusCodeExtractor == StatusCodeExtractor.NONE || result == null
            ? StatusCodeExtractor.NO_STATUS
            : statusCodeExtractor.statusCode(result);
    machine.complete(
        token,
        OutcomeClassifier.classifyCall(machine.config(), status, durationNanos),
        durationNanos,
        null);
  }

  void completeExceptionally(long token, long durationNanos, Throwable error) {
    machine.complete(
        token,
        OutcomeClassifier.classifyCall(machine.config(), error, durationNanos),
        durationNanos,
        error);
  }

  @Override
  public String toString() {
    // Reads the state without applying due time transitions, so printing has no side effects.
    return "CircuitBreaker{" + name + ", " + machine.reportedState() + "}";
  }
}
