package io.fusebox.operator.runtime;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Set;

/**
 * Run-time settings of the operator process.
 *
 * @param namespaces namespaces to watch; empty means every namespace
 * @param healthAddress address of the {@code /metrics}, {@code /healthz} and {@code /readyz}
 *     server, or {@code null} to run without it
 * @param leaderElection whether to take a Lease before reconciling
 * @param leaseName name of the Lease
 * @param leaseNamespace namespace of the Lease, or {@code null} for the client's namespace
 * @param monitoringRecheckInterval how often the presence of the Prometheus Operator CRDs is asked
 *     again
 * @param conflictRecheckInterval how often a policy that lost a PDB or HPA claim is reconciled
 *     again, so it takes over once the holder is gone
 * @param reconcileThreads number of policies reconciled in parallel
 * @param reconcileStallTimeout how long a policy generation may wait for its reconcile before
 *     {@code /healthz} fails, so that the kubelet restarts the operator; zero turns the check off
 */
public record OperatorSettings(
    Set<String> namespaces,
    InetSocketAddress healthAddress,
    boolean leaderElection,
    String leaseName,
    String leaseNamespace,
    Duration monitoringRecheckInterval,
    Duration conflictRecheckInterval,
    int reconcileThreads,
    Duration reconcileStallTimeout) {

  /** Default lease name. */
  public static final String DEFAULT_LEASE_NAME = "fusebox-operator";

  /** Default port of the health and metrics server. */
  public static final int DEFAULT_HEALTH_PORT = 8080;

  /** Default reconcile stall timeout. */
  public static final Duration DEFAULT_RECONCILE_STALL_TIMEOUT = Duration.ofSeconds(60);

  /** Validates the settings and copies the namespace set. */
  public OperatorSettings {
    namespaces = Set.copyOf(namespaces);
    requirePositive("monitoring CRD re-check interval", monitoringRecheckInterval);
    requirePositive("conflict re-check interval", conflictRecheckInterval);
    if (reconcileThreads < 1) {
      throw new IllegalArgumentException(
          "reconcile threads must be at least 1, was " + reconcileThreads);
    }
    if (reconcileStallTimeout == null || reconcileStallTimeout.isNegative()) {
      throw new IllegalArgumentException(
          "reconcile stall timeout must be zero (off) or positive, was " + reconcileStallTimeout);
    }
  }

  /**
   * Returns settings for an in-process operator without leader election or HTTP server: all
   * namespaces, 30 s re-check intervals, 10 reconcile threads and a 60 s reconcile stall timeout.
   */
  public static OperatorSettings defaults() {
    return new OperatorSettings(
        Set.of(),
        null,
        false,
        DEFAULT_LEASE_NAME,
        null,
        Duration.ofSeconds(30),
        Duration.ofSeconds(30),
        10,
        DEFAULT_RECONCILE_STALL_TIMEOUT);
  }

  /** Returns a copy that watches only the given namespaces (empty: all). */
  public OperatorSettings withNamespaces(Set<String> value) {
    return new OperatorSettings(
        value,
        healthAddress,
        leaderElection,
        leaseName,
        leaseNamespace,
        monitoringRecheckInterval,
        conflictRecheckInterval,
        reconcileThreads,
        reconcileStallTimeout);
  }

  /** Returns a copy with the given health server address ({@code null}: no server). */
  public OperatorSettings withHealthAddress(InetSocketAddress value) {
    return new OperatorSettings(
        namespaces,
        value,
        leaderElection,
        leaseName,
        leaseNamespace,
        monitoringRecheckInterval,
        conflictRecheckInterval,
        reconcileThreads,
        reconcileStallTimeout);
  }

  /** Returns a copy with leader election on or off, using the given Lease. */
  public OperatorSettings withLeaderElection(boolean enabled, String name, String namespace) {
    return new OperatorSettings(
        namespaces,
        healthAddress,
        enabled,
        name,
        namespace,
        monitoringRecheckInterval,
        conflictRecheckInterval,
        reconcileThreads,
        reconcileStallTimeout);
  }

  /** Returns a copy with the given re-check intervals. */
  public OperatorSettings withRecheckIntervals(Duration monitoring, Duration conflict) {
    return new OperatorSettings(
        namespaces,
        healthAddress,
        leaderElection,
        leaseName,
        leaseNamespace,
        monitoring,
        conflict,
        reconcileThreads,
        reconcileStallTimeout);
  }

  /** Returns a copy with the given number of reconcile threads. */
  public OperatorSettings withReconcileThreads(int value) {
    return new OperatorSettings(
        namespaces,
        healthAddress,
        leaderElection,
        leaseName,
        leaseNamespace,
        monitoringRecheckInterval,
        conflictRecheckInterval,
        value,
        reconcileStallTimeout);
  }

  /** Returns a copy with the given reconcile stall timeout (zero: no check). */
  public OperatorSettings withReconcileStallTimeout(Duration value) {
    return new OperatorSettings(
        namespaces,
        healthAddress,
        leaderElection,
        leaseName,
        leaseNamespace,
        monitoringRecheckInterval,
        conflictRecheckInterval,
        reconcileThreads,
        value);
  }

  private static void requirePositive(String name, Duration value) {
    if (value == null || value.isZero() || value.isNegative()) {
      throw new IllegalArgumentException(name + " must be positive, was " + value);
    }
  }
}
