package io.fusebox.operator.cli;

import io.fabric8.kubernetes.client.Config;
import io.fusebox.operator.runtime.FuseboxOperator;
import io.fusebox.operator.runtime.OperatorSettings;
import io.fusebox.operator.runtime.SystemClock;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The {@code fusebox operator} subcommand: runs the operator against the current kubeconfig
 * context, or the in-cluster service account when no kubeconfig exists, until SIGTERM.
 */
@Command(
    name = "operator",
    mixinStandardHelpOptions = true,
    description =
        "Run the Fusebox operator against the current kubeconfig context or, inside a pod, the"
            + " in-cluster service account. Stops cleanly on SIGTERM.")
public final class OperatorCommand implements Callable<Integer> {

  private static final Logger LOG = LoggerFactory.getLogger(OperatorCommand.class);

  @Option(
      names = "--namespaces",
      defaultValue = "${env:FUSEBOX_NAMESPACES:-}",
      description =
          "Comma-separated namespaces to watch; empty watches all namespaces"
              + " (env FUSEBOX_NAMESPACES, default: all).")
  String namespaces;

  @Option(
      names = "--health-address",
      defaultValue = "${env:FUSEBOX_HEALTH_ADDRESS:-0.0.0.0}",
      description =
          "Address the /metrics, /healthz and /readyz server binds"
              + " (env FUSEBOX_HEALTH_ADDRESS, default: ${DEFAULT-VALUE}).")
  String healthAddress;

  @Option(
      names = "--health-port",
      defaultValue = "${env:FUSEBOX_HEALTH_PORT:-8080}",
      description = "Port of that server; 0 disables it (env FUSEBOX_HEALTH_PORT, default: 8080).")
  int healthPort;

  @Option(
      names = "--leader-election",
      negatable = true,
      defaultValue = "${env:FUSEBOX_LEADER_ELECTION:-true}",
      fallbackValue = "true",
      description =
          "Take a coordination.k8s.io Lease before reconciling, so only one replica acts"
              + " (env FUSEBOX_LEADER_ELECTION, default: true).")
  boolean leaderElection;

  @Option(
      names = "--lease-name",
      defaultValue = "${env:FUSEBOX_LEASE_NAME:-" + OperatorSettings.DEFAULT_LEASE_NAME + "}",
      description = "Name of the Lease (env FUSEBOX_LEASE_NAME, default: ${DEFAULT-VALUE}).")
  String leaseName;

  @Option(
      names = "--lease-namespace",
      defaultValue = "${env:POD_NAMESPACE:-}",
      description =
          "Namespace of the Lease; empty uses the namespace of the kubeconfig context or pod"
              + " (env POD_NAMESPACE).")
  String leaseNamespace;

  @Option(
      names = "--monitoring-recheck-interval",
      defaultValue = "${env:FUSEBOX_MONITORING_RECHECK_INTERVAL:-30s}",
      converter = DurationConverter.class,
      description =
          "How often to ask again whether the Prometheus Operator CRDs are installed"
              + " (env FUSEBOX_MONITORING_RECHECK_INTERVAL, default: 30s).")
  Duration monitoringRecheckInterval;

  @Option(
      names = "--conflict-recheck-interval",
      defaultValue = "${env:FUSEBOX_CONFLICT_RECHECK_INTERVAL:-30s}",
      converter = DurationConverter.class,
      description =
          "How often a policy that lost a PodDisruptionBudget or autoscaler claim checks whether"
              + " it can take over (env FUSEBOX_CONFLICT_RECHECK_INTERVAL, default: 30s).")
  Duration conflictRecheckInterval;

  @Option(
      names = "--reconcile-threads",
      defaultValue = "${env:FUSEBOX_RECONCILE_THREADS:-10}",
      description = "Policies reconciled in parallel (env FUSEBOX_RECONCILE_THREADS, default: 10).")
  int reconcileThreads;

  @Option(
      names = "--reconcile-stall-timeout",
      defaultValue = "${env:FUSEBOX_RECONCILE_STALL_TIMEOUT:-60s}",
      converter = DurationConverter.class,
      description =
          "How long a policy change may wait for its reconcile while the API server answers"
              + " before /healthz returns 503, so the kubelet restarts the operator; 0s turns the"
              + " check off (env FUSEBOX_RECONCILE_STALL_TIMEOUT, default: 60s).")
  Duration reconcileStallTimeout;

  @Override
  public Integer call() throws Exception {
    OperatorSettings settings =
        OperatorSettings.defaults()
            .withNamespaces(parseNamespaces(namespaces))
            .withHealthAddress(
                healthPort == 0 ? null : new InetSocketAddress(healthAddress, healthPort))
            .withLeaderElection(
                leaderElection, leaseName, leaseNamespace.isBlank() ? null : leaseNamespace)
            .withRecheckIntervals(monitoringRecheckInterval, conflictRecheckInterval)
            .withReconcileThreads(reconcileThreads)
            .withReconcileStallTimeout(reconcileStallTimeout);
    CountDownLatch stopped = new CountDownLatch(1);
    FuseboxOperator operator;
    try {
      operator =
          FuseboxOperator.start(
              Config.autoConfigure(null),
              settings,
              SystemClock.utc(),
              // Another replica may already reconcile: exit so Kubernetes restarts this one as a
              // standby. Exit runs on a new thread because it blocks until shutdown hooks finish.
              () -> new Thread(() -> System.exit(1), "fusebox-lease-lost").start());
    } catch (RuntimeException e) {
      LOG.error(describeStartFailure(e));
      LOG.debug("Start failure", e);
      return 1;
    }
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  LOG.info("Shutdown signal received");
                  operator.close();
                  stopped.countDown();
                },
                "fusebox-shutdown"));
    stopped.await();
    return 0;
  }

  /**
   * Returns one log line for an operator that failed to start: the messages of the exception and
   * its causes, and for a missing Lease permission the rule that grants it.
   */
  static String describeStartFailure(Throwable failure) {
    StringBuilder message = new StringBuilder("Operator failed to start: ");
    String separator = "";
    boolean leasePermission = false;
    for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
      String text = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
      message.append(separator).append(text.replace('\n', ' '));
      separator = "; caused by: ";
      leasePermission |= text.contains("No permission to lease");
    }
    if (leasePermission) {
      message.append(
          "; grant get, create, update and patch on coordination.k8s.io leases in the lease"
              + " namespace (the chart's leader-election Role does), or run a single replica with"
              + " --no-leader-election");
    }
    return message.toString();
  }

  static Set<String> parseNamespaces(String value) {
    Set<String> result = new LinkedHashSet<>();
    if (value == null) {
      return result;
    }
    Arrays.stream(value.split(","))
        .map(String::trim)
        .filter(s -> !s.isEmpty())
        .forEach(result::add);
    return result;
  }
}
