package io.fusebox.operator.desired;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fusebox.api.v1alpha1.CircuitBreakerPolicy;
import io.fusebox.api.v1alpha1.ServiceMonitorSpec;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Builds the {@code monitoring.coreos.com/v1} ServiceMonitor of a policy as a generic resource, so
 * its fields follow the upstream Prometheus Operator schema exactly.
 *
 * <p>It selects Services in the policy's namespace by {@code monitoring.serviceMonitor.selector},
 * or by {@code app.kubernetes.io/name: <target name>} when no selector is given, and scrapes port
 * {@code metrics} at {@code /metrics} unless the policy names another port or path.
 */
public final class ServiceMonitors {

  /** API version of ServiceMonitor and PrometheusRule. */
  public static final String MONITORING_API_VERSION = "monitoring.coreos.com/v1";

  /** Label the default selector matches, set to the target name. */
  public static final String DEFAULT_SELECTOR_LABEL = "app.kubernetes.io/name";

  /** Port name scraped when the policy names none. */
  public static final String DEFAULT_PORT = "metrics";

  /** Path scraped when the policy names none. */
  public static final String DEFAULT_PATH = "/metrics";

  private ServiceMonitors() {}

  /** Builds the ServiceMonitor named after the policy; durations must already be valid. */
  static GenericKubernetesResource build(CircuitBreakerPolicy policy) {
    ServiceMonitorSpec spec = policy.getSpec().getMonitoring().getServiceMonitor();
    Map<String, String> matchLabels = new TreeMap<>();
    if (spec.getSelector() != null && !spec.getSelector().isEmpty()) {
      matchLabels.putAll(spec.getSelector());
    } else {
      matchLabels.put(DEFAULT_SELECTOR_LABEL, policy.getSpec().getTargetRef().getName());
    }
    Map<String, Object> endpoint = new LinkedHashMap<>();
    endpoint.put("port", spec.getPort() == null ? DEFAULT_PORT : spec.getPort());
    endpoint.put("path", spec.getPath() == null ? DEFAULT_PATH : spec.getPath());
    if (spec.getInterval() != null) {
      endpoint.put(
          "interval", Durations.toPrometheus(Durations.parse(spec.getInterval()).orElseThrow()));
    }
    Map<String, Object> monitorSpec = new LinkedHashMap<>();
    monitorSpec.put("selector", Map.of("matchLabels", matchLabels));
    monitorSpec.put("endpoints", List.of(endpoint));

    GenericKubernetesResource monitor = new GenericKubernetesResource();
    monitor.setApiVersion(MONITORING_API_VERSION);
    monitor.setKind("ServiceMonitor");
    monitor.setMetadata(OwnedMetadata.of(policy, policy.getMetadata().getName()));
    monitor.setAdditionalProperty("spec", monitorSpec);
    return monitor;
  }
}
