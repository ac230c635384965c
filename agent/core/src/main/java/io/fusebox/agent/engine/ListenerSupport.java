package io.fusebox.agent.engine;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The listeners of one breaker and the code that calls them. A listener that throws is logged with
 * the breaker name at most once per {@link #LOG_INTERVAL_NANOS}; the count of failures suppressed
 * in between goes into the next log line.
 */
final class ListenerSupport {

  static final long LOG_INTERVAL_NANOS = 10_000_000_000L;

  private static final Logger LOG = LoggerFactory.getLogger(CircuitBreaker.class);
  private static final CircuitBreakerListener[] NONE = new CircuitBreakerListener[0];

  private final CircuitBreaker breaker;
  private final Ticker ticker;
  // Copy-on-write: writers hold the lock of this object, readers read the volatile array.
  private volatile CircuitBreakerListener[] listeners = NONE;
  private final AtomicLong nextLogNanos = new AtomicLong(Long.MIN_VALUE);
  private final AtomicLong suppressed = new AtomicLong();

  ListenerSupport(CircuitBreaker breaker, Ticker ticker) {
    this.breaker = breaker;
    this.ticker = ticker;
  }

  synchronized void add(CircuitBreakerListener listener) {
    CircuitBreakerListener[] next = Arrays.copyOf(listeners, listeners.length + 1);
    next[listeners.length] = listener;
    listeners = next;
  }

  synchronized boolean remove(CircuitBreakerListener listener) {
    for (int i = 0; i < listeners.length; i++) {
      if (listeners[i] == listener) {
        CircuitBreakerListener[] next = new CircuitBreakerListener[listeners.length - 1];
        System.arraycopy(listeners, 0, next, 0, i);
        System.arraycopy(listeners, i + 1, next, i, listeners.length - i - 1);
        listeners = next;
        return true;
      }
    }
    return false;
  }

  boolean isEmpty() {
    return listeners.length == 0;
  }

  void transition(State from, State to) {
    for (CircuitBreakerListener listener : listeners) {
      try {
        listener.onStateTransition(breaker, from, to);
      } catch (RuntimeException e) {
        logFailure("onStateTransition", e);
      }
    }
  }

  void outcome(Outcome outcome, long durationNanos, boolean slow, boolean recorded, Throwable e) {
    for (CircuitBreakerListener listener : listeners) {
      try {
        listener.onOutcome(breaker, outcome, durationNanos, slow, recorded, e);
      } catch (RuntimeException failure) {
        logFailure("onOutcome", failure);
      }
    }
  }

  void notPermitted(boolean shadow) {
    for (CircuitBreakerListener listener : listeners) {
      try {
        listener.onNotPermitted(breaker, shadow);
      } catch (RuntimeException e) {
        logFailure("onNotPermitted", e);
      }
    }
  }

  void reconfigured(BreakerConfig previous, BreakerConfig current) {
    for (CircuitBreakerListener listener : listeners) {
      try {
        listener.onReconfigured(breaker, previous, current);
      } catch (RuntimeException e) {
        logFailure("onReconfigured", e);
      }
    }
  }

  private void logFailure(String method, RuntimeException e) {
    long now = ticker.read();
    long next = nextLogNanos.get();
    if ((next == Long.MIN_VALUE || now - next >= 0)
        && nextLogNanos.compareAndSet(next, now + LOG_INTERVAL_NANOS)) {
      LOG.warn(
          "Listener {} of circuit breaker '{}' failed ({} more failures suppressed since the last"
              + " report); the breaker carries on",
          method,
          breaker.name(),
          suppressed.getAndSet(0),
          e);
    } else {
      suppressed.incrementAndGet();
    }
  }
}
