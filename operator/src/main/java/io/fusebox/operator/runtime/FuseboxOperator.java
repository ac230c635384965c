package io.fusebox.operator.runtime;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.fusebox.api.v1alpha1.CircuitBreakerPolicy;
import io.fusebox.operator.reconciler.CircuitBreakerPolicyReconciler;
import io.fusebox.operator.reconciler.MonitoringCrdPresence;
import io.fusebox.operator.reconciler.PolicyEvents;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfigurationBuilder;
import io.javaoperatorsdk.operator.monitoring.micrometer.MicrometerMetrics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operator process: a JOSDK {@link Operator} running the policy reconciler, its Kubernetes
 * client, its Micrometer registry and the optional health and metrics server.
 *
 * <p>The command line and the integration tests both start the operator through {@link #start}, so
 * they run the same configuration.
 */
public final class FuseboxOperator implements AutoCloseable {

  /** Field manager of every server-side apply the operator sends. */
  public static final String FIELD_MANAGER = "fusebox-operator";

  /** Counter of policies that failed to decode into the Java model. */
  public static final String DECODE_FAILURES_METRIC = "fusebox.operator.decode.failures";

  private static final Logger LOG = LoggerFactory.getLogger(FuseboxOperator.class);

  private final Operator operator;
  private final PrometheusMeterRegistry registry;
  private final HealthServer health;
  private final ReconcileProgressCheck progress;
  private volatile boolean closing;

  private FuseboxOperator(
      Operator operator,
      PrometheusMeterRegistry registry,
      HealthServer health,
      ReconcileProgressCheck progress) {
    this.operator = operator;
    this.registry = registry;
    this.health = health;
    this.progress = progress;
  }

  /**
   * Builds, starts and returns an operator.
   *
   * @param config connection settings of the Kubernetes API server; {@link ApiClientSettings} turns
   *     HTTP/2 off on it
   * @param settings process settings
   * @param clock clock for condition times, events and re-check intervals
   * @param onLeaseLost action run when leader election is on and the operator loses the Lease while
   *     it is not closing. The command line exits the process there.
   * @throws IOException when the health server cannot bind its address
   */
  public static FuseboxOperator start(
      Config config, OperatorSettings settings, Clock clock, Runnable onLeaseLost)
      throws IOException {
    var registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    new JvmMemoryMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    Counter decodeFailures =
        Counter.builder(DECODE_FAILURES_METRIC)
            .description("Stored CircuitBreakerPolicy objects that failed to decode")
            .register(registry);
    var serialization =
        TolerantDecoding.serialization(
            CircuitBreakerPolicy.class,
            CircuitBreakerPolicy::new,
            message -> {
              decodeFailures.increment();
              LOG.warn(message);
            });
    KubernetesClient client =
        new KubernetesClientBuilder()
            .withConfig(ApiClientSettings.apply(config))
            .withKubernetesSerialization(serialization)
            .build();

    var holder = new FuseboxOperator[1];
    // Without leader election this replica always reconciles; with it, only while it leads.
    var leading = new AtomicBoolean(!settings.leaderElection());
    var operator =
        new Operator(
            overrider -> {
              overrider
                  .withKubernetesClient(client)
                  .withCloseClientOnStop(true)
                  .withMetrics(MicrometerMetrics.withoutPerResourceMetrics(registry))
                  .withConcurrentReconciliationThreads(settings.reconcileThreads())
                  // JOSDK applies ConfigMaps with a plain update unless configured otherwise;
                  // Fusebox
                  // applies every dependent with server-side apply under one field manager.
                  .withDefaultNonSSAResource(Set.of());
              if (settings.leaderElection()) {
                overrider.withLeaderElectionConfiguration(
                    LeaderElectionConfigurationBuilder.aLeaderElectionConfiguration(
                            settings.leaseName())
                        .withLeaseNamespace(settings.leaseNamespace())
                        .withExitOnStopLeading(false)
                        .withLeaderCallbacks(
                            new LeaderCallbacks(
                                () -> {
                                  leading.set(true);
                                  LOG.info("Acquired Lease {}", settings.leaseName());
                                },
                                () -> {
                                  leading.set(false);
                                  if (holder[0] == null || !holder[0].closing) {
                                    LOG.error("Lost Lease {}", settings.leaseName());
                                    onLeaseLost.run();
                                  }
                                },
                                leader ->
                                    LOG.info("Lease {} held by {}", settings.leaseName(), leader)))
                        .build());
              }
            });
    var reconciler =
        new CircuitBreakerPolicyReconciler(
            clock,
            new MonitoringCrdPresence(clock, settings.monitoringRecheckInterval()),
            new PolicyEvents(clock),
            settings.conflictRecheckInterval());
    operator.register(
        reconciler,
        override -> {
          override.withFieldManager(FIELD_MANAGER);
          if (settings.namespaces().isEmpty()) {
            override.watchingAllNamespaces();
          } else {
            override.settingNamespaces(settings.namespaces());
          }
        });
    operator.start();
    LOG.info(
        "Fusebox operator started, watching {}",
        settings.namespaces().isEmpty() ? "all namespaces" : settings.namespaces());

    HealthServer health = null;
    ReconcileProgressCheck progress = null;
    if (settings.healthAddress() != null) {
      if (!settings.reconcileStallTimeout().isZero()) {
        progress =
            ReconcileProgressCheck.start(
                config,
                settings.namespaces(),
                settings.reconcileStallTimeout(),
                clock,
                leading::get);
      }
      BooleanSupplier live = progress == null ? () -> true : progress::isLive;
      try {
        health =
            HealthServer.start(
                settings.healthAddress(),
                registry,
                () ->
                    operator.getRuntimeInfo().isStarted()
                        && operator.getRuntimeInfo().allEventSourcesAreHealthy(),
                live);
      } catch (IOException e) {
        if (progress != null) {
          progress.close();
        }
        operator.stop();
        throw e;
      }
    }
    holder[0] = new FuseboxOperator(operator, registry, health, progress);
    return holder[0];
  }

  /** Returns the registry behind {@code /metrics}. */
  public PrometheusMeterRegistry registry() {
    return registry;
  }

  /** Returns the client the operator uses, with tolerant policy decoding. */
  public KubernetesClient client() {
    return operator.getKubernetesClient();
  }

  /** Returns the bound address of the health server, if one runs. */
  public Optional<InetSocketAddress> healthAddress() {
    return Optional.ofNullable(health).map(HealthServer::address);
  }

  /** Returns whether the operator started and every informer is healthy. */
  public boolean isReady() {
    return operator.getRuntimeInfo().isStarted()
        && operator.getRuntimeInfo().allEventSourcesAreHealthy();
  }

  /**
   * Stops reconciling, waits for running reconciles (JOSDK's termination timeout), closes the
   * client and the health server.
   */
  @Override
  public void close() {
    closing = true;
    LOG.info("Fusebox operator stopping");
    if (progress != null) {
      progress.close();
    }
    try {
      operator.stop();
    } finally {
      if (health != null) {
        health.close();
      }
    }
    LOG.info("Fusebox operator stopped");
  }
}
