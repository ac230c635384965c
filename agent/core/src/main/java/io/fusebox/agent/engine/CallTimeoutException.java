package io.fusebox.agent.engine;

import java.util.concurrent.TimeoutException;

/**
 * Completes the stage returned by {@link CircuitBreaker#callAsync} when the call runs past the
 * breaker's call timeout. The breaker records such a call once, as a timeout.
 */
public final class CallTimeoutException extends TimeoutException {

  private static final long serialVersionUID = 1L;

  CallTimeoutException(String breakerName, long timeoutNanos) {
    super(
        "call through circuit breaker '"
            + breakerName
            + "' timed out after "
            + timeoutNanos / 1_000_000
            + " ms");
  }
}
