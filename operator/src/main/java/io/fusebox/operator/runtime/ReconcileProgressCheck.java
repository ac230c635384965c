package io.fusebox.operator.runtime;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.RequestConfig;
import io.fabric8.kubernetes.client.RequestConfigBuilder;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fusebox.api.v1alpha1.CircuitBreakerPolicy;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Liveness signal tied to reconcile progress: fails when a stored policy generation has waited
 * longer than the stall timeout for a reconcile that records it in {@code
 * status.observedGeneration}.
 *
 * <p>Every sixth of the timeout the check lists the policies of the watched namespaces through a
 * client of its own, without fabric8's retries, and tries a failed list once more on a new
 * connection. A generation that the operator does not reconcile although the API server returns it
 * means the operator's watch or its requests are stuck, for example on a connection that stopped
 * forwarding without being closed. {@code /healthz} then returns 503 and the kubelet restarts the
 * pod, whose new informers list again.
 *
 * <p>The check reports live while both lists fail (the API server is unreachable and a restart
 * would not help) and while this replica does not hold the Lease (a standby reconciles nothing).
 */
final class ReconcileProgressCheck implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(ReconcileProgressCheck.class);

  /** Checks per stall timeout; the timeout is exceeded by at most one check period. */
  private static final int CHECKS_PER_TIMEOUT = 6;

  private final KubernetesClient client;
  private final KubernetesClient ownClient;
  private final Set<String> namespaces;
  private final Duration stallTimeout;
  private final Clock clock;
  private final BooleanSupplier reconciling;
  private final GenerationLag lag = new GenerationLag();
  private final ScheduledExecutorService scheduler;

  /** The current stall, or null while reconciles keep up; written by the scheduler thread. */
  private volatile GenerationLag.Stall stall;

  private ReconcileProgressCheck(
      KubernetesClient client,
      KubernetesClient ownClient,
      Set<String> namespaces,
      Duration stallTimeout,
      Clock clock,
      BooleanSupplier reconciling) {
    this.client = client;
    this.ownClient = ownClient;
    this.namespaces = namespaces;
    this.stallTimeout = stallTimeout;
    this.clock = clock;
    this.reconciling = reconciling;
    this.scheduler =
        Executors.newSingleThreadScheduledExecutor(
            runnable -> {
              Thread thread = new Thread(runnable, "fusebox-reconcile-progress");
              thread.setDaemon(true);
              return thread;
            });
  }

  /**
   * Starts checking every sixth of {@code stallTimeout} with a client of its own.
   *
   * @param config connection settings of the API server, shared with the operator's client
   * @param namespaces watched namespaces; empty means every namespace
   * @param reconciling whether this replica reconciles now (holds the Lease, or runs without leader
   *     election)
   */
  static ReconcileProgressCheck start(
      Config config,
      Set<String> namespaces,
      Duration stallTimeout,
      Clock clock,
      BooleanSupplier reconciling) {
    // One attempt per request: fabric8's retries of a request that hangs on a dead connection
    // would hold a check for several request timeouts.
    RequestConfig oneAttempt =
        new RequestConfigBuilder(config.getRequestConfig()).withRequestRetryBackoffLimit(0).build();
    // A client of its own, so the check's connection is not one of the operator's pooled ones.
    KubernetesClient own = new KubernetesClientBuilder().withConfig(config).build();
    var check =
        new ReconcileProgressCheck(
            own.newClient(oneAttempt).adapt(KubernetesClient.class),
            own,
            namespaces,
            stallTimeout,
            clock,
            reconciling);
    long periodMillis = Math.max(1000, stallTimeout.toMillis() / CHECKS_PER_TIMEOUT);
    check.scheduler.scheduleWithFixedDelay(
        check::checkSafely, periodMillis, periodMillis, TimeUnit.MILLISECONDS);
    return check;
  }

  /** Returns false while a policy generation has waited longer than the stall timeout. */
  boolean isLive() {
    return stall == null;
  }

  private void checkSafely() {
    try {
      check();
    } catch (RuntimeException e) {
      // A scheduled task that throws is never run again, so every failure ends here.
      LOG.warn("Reconcile progress check failed; reporting live until the next check", e);
      lag.clear();
      stall = null;
    }
  }

  private void check() {
    if (!reconciling.getAsBoolean()) {
      lag.clear();
      stall = null;
      return;
    }
    List<GenerationLag.PolicyGeneration> snapshot;
    try {
      snapshot = listPolicies();
    } catch (KubernetesClientException first) {
      // A request that timed out closed its connection, so the second attempt opens a new one.
      LOG.info(
          "Listing policies for the reconcile progress check failed; trying once more: {}",
          first.getMessage());
      try {
        snapshot = listPolicies();
      } catch (KubernetesClientException second) {
        LOG.info(
            "Listing policies for the reconcile progress check failed again; reporting live: {}",
            second.getMessage());
        lag.clear();
        stall = null;
        return;
      }
    }
    Optional<GenerationLag.Stall> longest = lag.record(snapshot, clock.instant());
    GenerationLag.Stall current =
        longest.filter(s -> s.waited().compareTo(stallTimeout) >= 0).orElse(null);
    if (current != null && stall == null) {
      LOG.error(
          "Policy {} generation {} has waited {} for a reconcile (limit {}); /healthz now fails so"
              + " the pod is restarted",
          current.name(),
          current.generation(),
          current.waited(),
          stallTimeout);
    } else if (current == null && stall != null) {
      LOG.info("Reconciles caught up; /healthz passes again");
    }
    stall = current;
  }

  private List<GenerationLag.PolicyGeneration> listPolicies() {
    var policies =
        client.genericKubernetesResources(
            ResourceDefinitionContext.fromResourceType(CircuitBreakerPolicy.class));
    List<GenericKubernetesResource> items = new ArrayList<>();
    if (namespaces.isEmpty()) {
      items.addAll(policies.inAnyNamespace().list().getItems());
    } else {
      for (String namespace : namespaces) {
        items.addAll(policies.inNamespace(namespace).list().getItems());
      }
    }
    List<GenerationLag.PolicyGeneration> snapshot = new ArrayList<>();
    for (GenericKubernetesResource item : items) {
      var metadata = item.getMetadata();
      if (metadata.getDeletionTimestamp() != null || metadata.getGeneration() == null) {
        continue;
      }
      Object observed = item.get("status", "observedGeneration");
      snapshot.add(
          new GenerationLag.PolicyGeneration(
              metadata.getUid(),
              metadata.getNamespace() + "/" + metadata.getName(),
              metadata.getGeneration(),
              observed instanceof Number number ? number.longValue() : null));
    }
    return snapshot;
  }

  @Override
  public void close() {
    scheduler.shutdownNow();
    ownClient.close();
  }
}
