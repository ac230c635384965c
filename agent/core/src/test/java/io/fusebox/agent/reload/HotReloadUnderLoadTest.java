package io.fusebox.agent.reload;

import static io.fusebox.agent.reload.ReloadFixtures.bytes;
import static org.assertj.core.api.Assertions.assertThat;

import io.fusebox.agent.engine.CircuitBreaker;
import io.fusebox.agent.engine.CircuitBreakerListener;
import io.fusebox.agent.engine.CircuitBreakerRegistry;
import io.fusebox.agent.engine.FakeTicker;
import io.fusebox.agent.engine.Outcome;
import io.fusebox.agent.engine.State;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class HotReloadUnderLoadTest {
  private static final String LOW =
      "version: 1\nservices:\n  payments:\n    failure_threshold: 1000000\n"
          + "    sliding_window_size: 50\n";
  private static final String HIGH =
      "version: 1\nservices:\n  payments:\n    failure_threshold: 2000000\n"
          + "    sliding_window_size: 80\n    slow_call_duration_seconds: 30\n";

  @Test
  void reloadsDuringCallsLoseNothing() throws Exception {
    CircuitBreakerRegistry registry = ReloadFixtures.registry(new FakeTicker());
    SettingsReloader reloader = ReloadFixtures.reloader(registry);
    reloader.apply("f.yaml", bytes(LOW));
    CircuitBreaker payments = registry.find("payments").orElseThrow();
    AtomicLong outcomes = new AtomicLong();
    payments.addListener(
        new CircuitBreakerListener() {
          @Override
          public void onOutcome(
              CircuitBreaker breaker,
              Outcome outcome,
              long durationNanos,
              boolean slow,
              boolean recorded,
              Throwable error) {
            outcomes.incrementAndGet();
          }
        });
    AtomicBoolean stop = new AtomicBoolean();
    ConcurrentLinkedQueue<Throwable> errors = new ConcurrentLinkedQueue<>();
    AtomicLong calls = new AtomicLong();
    CountDownLatch done = new CountDownLatch(2);
    List<Thread> callers = new ArrayList<>();
    for (int t = 0; t < 2; t++) {
      boolean failing = t == 1;
      Thread caller =
          new Thread(
              () -> {
                try {
                  while (!stop.get()) {
                    long token = payments.acquireToken();
                    if (failing) {
                      payments.onFailure(token, 1, new IllegalStateException("test failure"));
                    } else {
                      payments.onSuccess(token, 1);
                    }
                    calls.incrementAndGet();
                  }
                } catch (Throwable e) {
                  errors.add(e);
                } finally {
                  done.countDown();
                }
              });
      callers.add(caller);
      caller.start();
    }

    List<ReloadResult> results = new ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      results.add(reloader.apply("f.yaml", bytes(i % 2 == 0 ? HIGH : LOW)));
    }
    stop.set(true);
    boolean finished = done.await(30, TimeUnit.SECONDS);

    assertThat(finished).isTrue();
    assertThat(errors).isEmpty();
    assertThat(results).containsOnly(ReloadResult.APPLIED);
    assertThat(reloader.status().successes()).isEqualTo(1001);
    assertThat(outcomes.get()).isEqualTo(calls.get());
    assertThat(registry.find("payments")).containsSame(payments);
    // Neither settings can open the breaker, so the window was never cleared by a transition.
    assertThat(payments.state()).isEqualTo(State.CLOSED);
    // The last reload (i = 999) applied LOW: a 50-call window that keeps the latest 50 calls.
    assertThat(payments.config().failureThreshold()).isEqualTo(1_000_000);
    assertThat(payments.snapshot().window().calls()).isEqualTo(50);
  }
}
