package io.fusebox.operator.reconciler;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Cached result of the lookup "are the Prometheus Operator CRDs installed?", refreshed at a fixed
 * interval whatever the last result was.
 *
 * <p>JOSDK's {@code CRDPresentActivationCondition} stops checking after ten attempts and never
 * re-checks a CRD it once found, so a Prometheus Operator installed after Fusebox would need an
 * operator restart. This class asks the API server again once {@code recheckInterval} has passed on
 * the injected clock, so installing (or removing) the CRDs is noticed within one interval.
 */
public final class MonitoringCrdPresence {

  /** CRD names of the two monitoring kinds Fusebox generates. */
  public static final List<String> CRD_NAMES =
      List.of("servicemonitors.monitoring.coreos.com", "prometheusrules.monitoring.coreos.com");

  private static final Logger LOG = LoggerFactory.getLogger(MonitoringCrdPresence.class);

  private final Clock clock;
  private final Duration recheckInterval;

  // Guarded by this.
  private Instant lastChecked;
  private boolean present;

  /**
   * Creates a presence cache.
   *
   * @param clock the clock that decides when the cached result is stale
   * @param recheckInterval time after which the next caller asks the API server again
   */
  public MonitoringCrdPresence(Clock clock, Duration recheckInterval) {
    if (recheckInterval.isNegative()) {
      throw new IllegalArgumentException(
          "monitoring CRD re-check interval must not be negative, was " + recheckInterval);
    }
    this.clock = clock;
    this.recheckInterval = recheckInterval;
  }

  /** Returns the interval after which the cached result is refreshed. */
  public Duration recheckInterval() {
    return recheckInterval;
  }

  /**
   * Returns whether both monitoring CRDs exist, asking the API server when the cached result is
   * missing or older than the re-check interval.
   */
  public synchronized boolean isPresent(KubernetesClient client) {
    Instant now = clock.instant();
    if (lastChecked == null || !now.isBefore(lastChecked.plus(recheckInterval))) {
      boolean found = CRD_NAMES.stream().allMatch(name -> crdExists(client, name));
      if (lastChecked == null || found != present) {
        LOG.info("Prometheus Operator CRDs {}: {}", found ? "found" : "not found", CRD_NAMES);
      }
      present = found;
      lastChecked = now;
    }
    return present;
  }

  private static boolean crdExists(KubernetesClient client, String name) {
    return client.resources(CustomResourceDefinition.class).withName(name).get() != null;
  }
}
