package io.fusebox.agent.engine;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Permission to run one call through a breaker, for integrations that cannot wrap a lambda. Report
 * exactly one result, or {@link #notExecuted()}, on a permitted permit; a second report is ignored,
 * so a late completion after a timeout is never recorded twice. On a rejected permit every report
 * method does nothing and {@link #rejection()} returns the breaker's preallocated exception.
 */
public final class Permit {

  private final CircuitBreaker breaker;
  private final long token;
  private final AtomicBoolean reported = new AtomicBoolean();

  Permit(CircuitBreaker breaker, long token) {
    this.breaker = breaker;
    this.token = token;
  }

  /** Returns whether the call may run. */
  public boolean isPermitted() {
    return token >= 0;
  }

  /** Returns the exception that describes the rejection; only for a rejected permit. */
  public CallNotPermittedException rejection() {
    if (token >= 0) {
      throw new IllegalStateException(
          "permit of circuit breaker '" + breaker.name() + "' was granted, not rejected");
    }
    return breaker.rejection(token);
  }

  /** Reports success after {@code durationNanos}. */
  public void onSuccess(long durationNanos) {
    if (claim()) {
      breaker.onSuccess(token, durationNanos);
    }
  }

  /** Reports that the call threw {@code error}; the breaker's config classifies it. */
  public void onFailure(long durationNanos, Throwable error) {
    if (claim()) {
      breaker.onFailure(token, durationNanos, error);
    }
  }

  /** Reports a returned HTTP status code; the breaker's config classifies it. */
  public void onResult(long durationNanos, int statusCode) {
    if (claim()) {
      breaker.onResult(token, durationNanos, statusCode);
    }
  }

  /** Reports that the call ran past its timeout. */
  public void onTimeout(long durationNanos) {
    if (claim()) {
      breaker.onTimeout(token, durationNanos);
    }
  }

  /** Reports a result that is neither success nor failure. */
  public void onIgnored(long durationNanos) {
    if (claim()) {
      breaker.onIgnored(token, durationNanos);
    }
  }

  /** Reports that the caller cancelled the call. */
  public void onCancelled(long durationNanos) {
    if (claim()) {
      breaker.onCancelled(token, durationNanos);
    }
  }

  /** Hands the permit back because the call never ran; its trial slot returns at once. */
  public void notExecuted() {
    if (claim()) {
      breaker.notExecuted(token);
    }
  }

  /** Same as {@link #notExecuted()}. */
  public void release() {
    notExecuted();
  }

  private boolean claim() {
    return token >= 0 && reported.compareAndSet(false, true);
  }
}
