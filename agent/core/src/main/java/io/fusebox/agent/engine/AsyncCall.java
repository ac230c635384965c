package io.fusebox.agent.engine;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * One call started by {@link CircuitBreaker#callAsync}. The returned future completes once: with
 * the supplier's result, with a {@link CallTimeoutException} from the scheduler, or by the caller's
 * cancellation. The outcome is recorded from that single completion, so whichever comes first is
 * recorded and nothing that comes later is.
 */
final class AsyncCall {

  private AsyncCall() {}

  static <T> CompletableFuture<T> start(
      CircuitBreaker breaker,
      BreakerStateMachine machine,
      long token,
      Supplier<? extends CompletionStage<T>> supplier,
      Scheduler scheduler) {
    Ticker ticker = breaker.ticker();
    long start = ticker.read();
    CompletableFuture<T> result = new CompletableFuture<>();
    CompletionStage<T> source;
    try {
      source = supplier.get();
    } catch (RuntimeException | Error e) {
      breaker.completeExceptionally(token, ticker.read() - start, e);
      result.completeExceptionally(e);
      return result;
    }
    long timeoutNanos = machine.config().callTimeoutNanos;
    Scheduler.Cancellable timer =
        timeoutNanos > 0
            ? scheduler.schedule(
                () ->
                    result.completeExceptionally(
                        new CallTimeoutException(breaker.name(), timeoutNanos)),
                timeoutNanos)
            : null;
    result.whenComplete(
        (value, error) -> {
          long duration = ticker.read() - start;
          if (timer != null) {
            timer.cancel();
          }
          if (error == null) {
            breaker.completeWithResult(token, duration, value);
          } else {
            breaker.completeExceptionally(token, duration, error);
            cancelQuietly(source);
          }
        });
    source.whenComplete(
        (value, error) -> {
          if (error == null) {
            result.complete(value);
          } else {
            result.completeExceptionally(error);
          }
        });
    return result;
  }

  // Stops the backend work where the stage supports it; a late result is ignored either way.
  private static void cancelQuietly(CompletionStage<?> source) {
    try {
      source.toCompletableFuture().cancel(true);
    } catch (UnsupportedOperationException e) {
      // A stage that cannot be converted cannot be cancelled; its late result is not recorded.
    }
  }
}
