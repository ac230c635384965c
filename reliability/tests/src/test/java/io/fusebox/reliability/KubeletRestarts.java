package io.fusebox.reliability;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Plays the kubelet's part for an operator JVM: probes {@code /healthz} as the chart's liveness
 * probe does (every 10 s, 2 s timeout, restart after 3 failures in a row) and then stops the JVM
 * with SIGTERM and starts a new one with the same arguments. Probing starts once the JVM has passed
 * a probe, as a startup probe would allow. The kubelet's back-off between repeated restarts is not
 * modelled.
 */
final class KubeletRestarts implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(KubeletRestarts.class);
  private static final Duration PERIOD = Duration.ofSeconds(10);
  private static final int FAILURE_THRESHOLD = 3;

  private final Callable<OperatorJvm> starter;
  private final ScheduledExecutorService scheduler;
  private final AtomicInteger restarts = new AtomicInteger();
  private volatile OperatorJvm current;
  private boolean passedOnce;
  private int failures;

  private KubeletRestarts(Callable<OperatorJvm> starter, OperatorJvm first) {
    this.starter = starter;
    this.current = first;
    this.scheduler =
        Executors.newSingleThreadScheduledExecutor(
            runnable -> {
              Thread thread = new Thread(runnable, "kubelet-liveness");
              thread.setDaemon(true);
              return thread;
            });
  }

  /** Starts an operator JVM with {@code starter} and probes it until {@link #close()}. */
  static KubeletRestarts start(Callable<OperatorJvm> starter) throws Exception {
    var kubelet = new KubeletRestarts(starter, starter.call());
    kubelet.scheduler.scheduleWithFixedDelay(
        kubelet::probe, PERIOD.toMillis(), PERIOD.toMillis(), TimeUnit.MILLISECONDS);
    return kubelet;
  }

  /** Returns the operator JVM that runs now. */
  OperatorJvm operator() {
    return current;
  }

  /** Returns how many times a failed liveness probe restarted the operator. */
  int restarts() {
    return restarts.get();
  }

  private void probe() {
    if (current.isLive()) {
      passedOnce = true;
      failures = 0;
      return;
    }
    if (!passedOnce || ++failures < FAILURE_THRESHOLD) {
      return;
    }
    LOG.info("Liveness probe failed {} times; restarting the operator", failures);
    try {
      current.close();
      current = starter.call();
      restarts.incrementAndGet();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Exception e) {
      LOG.error("Restarting the operator failed", e);
    }
    passedOnce = false;
    failures = 0;
  }

  /** Stops probing, then stops the operator JVM. */
  @Override
  public void close() throws Exception {
    scheduler.shutdownNow();
    scheduler.awaitTermination(40, TimeUnit.SECONDS);
    current.close();
  }
}
