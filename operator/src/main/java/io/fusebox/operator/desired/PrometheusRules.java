package io.fusebox.operator.desired;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fusebox.api.v1alpha1.AlertsSpec;
import io.fusebox.api.v1alpha1.CircuitBreakerPolicy;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Builds the {@code monitoring.coreos.com/v1} PrometheusRule of a policy: a breaker open longer
 * than {@code openFor}, a failure rate above {@code failureRate}, and failing settings reloads.
 *
 * <p>Every expression selects the policy's pods by {@code namespace} and a {@code pod} name regex
 * built from the target name, so Deployment pods ({@code checkout-5d9c7b-x2x4q}) and StatefulSet
 * pods ({@code checkout-0}) both match. Policy text reaches the rules only through {@link PromQl}
 * escaping and {@link Durations#toPrometheus}; label values must not contain {@code {{}, which
 * validation rejects, because Prometheus expands alert labels as templates.
 */
public final class PrometheusRules {

  /** Alert for a breaker that stays open longer than {@code openFor}. */
  public static final String OPEN_ALERT = "FuseboxCircuitBreakerOpen";

  /** Alert for a failure rate above the threshold. */
  public static final String FAILURE_RATE_ALERT = "FuseboxCircuitBreakerFailureRateHigh";

  /** Alert for settings reloads that fail. */
  public static final String RELOAD_ALERT = "FuseboxSettingsReloadFailing";

  /** {@code openFor} and {@code failureRateFor} when the policy sets none. */
  public static final Duration DEFAULT_FOR = Duration.ofMinutes(5);

  /** Failure-rate threshold in percent when the policy sets none. */
  public static final double DEFAULT_FAILURE_RATE = 50;

  /** Severity label when the policy sets none. */
  public static final String DEFAULT_SEVERITY = "warning";

  /** Window of the reload-failure alert. */
  public static final String RELOAD_WINDOW = "15m";

  private PrometheusRules() {}

  /** Builds the PrometheusRule named after the policy; the alert settings must be valid. */
  static GenericKubernetesResource build(CircuitBreakerPolicy policy) {
    AlertsSpec alerts = policy.getSpec().getMonitoring().getAlerts();
    String selector = podSelector(policy);
    Duration openFor = duration(alerts.getOpenFor());
    Duration rateFor = duration(alerts.getFailureRateFor());
    double rate = alerts.getFailureRate() == null ? DEFAULT_FAILURE_RATE : alerts.getFailureRate();
    Map<String, String> labels = labels(alerts);

    List<Map<String, Object>> rules =
        List.of(
            alert(
                OPEN_ALERT,
                "max by (namespace, pod, breaker) (fusebox_circuit_breaker_state{"
                    + selector
                    + ", state=\"open\"}) == 1",
                openFor,
                labels,
                "Circuit breaker {{ $labels.breaker }} is open",
                "Breaker {{ $labels.breaker }} in pod {{ $labels.namespace }}/{{ $labels.pod }}"
                    + " has been open for more than "
                    + Durations.toPrometheus(openFor)
                    + "."),
            alert(
                FAILURE_RATE_ALERT,
                "max by (namespace, pod, breaker) (fusebox_circuit_breaker_failure_rate{"
                    + selector
                    + "}) > "
                    + PromQl.number(rate),
                rateFor,
                labels,
                "Circuit breaker {{ $labels.breaker }} failure rate is high",
                "Breaker {{ $labels.breaker }} in pod {{ $labels.namespace }}/{{ $labels.pod }}"
                    + " has a failure rate of {{ $value }}%, above "
                    + PromQl.number(rate)
                    + "%."),
            alert(
                RELOAD_ALERT,
                "sum by (namespace, pod) (increase(fusebox_config_reloads_total{"
                    + selector
                    + ", result=\"failure\"}["
                    + RELOAD_WINDOW
                    + "])) > 0",
                Duration.ZERO,
                labels,
                "Circuit-breaker settings reload failing",
                "Pod {{ $labels.namespace }}/{{ $labels.pod }} rejected a circuit-breaker"
                    + " settings file in the last "
                    + RELOAD_WINDOW
                    + " and keeps its last good settings."));

    Map<String, Object> group = new LinkedHashMap<>();
    group.put("name", "fusebox." + policy.getMetadata().getName());
    group.put("rules", rules);
    GenericKubernetesResource rule = new GenericKubernetesResource();
    rule.setApiVersion(ServiceMonitors.MONITORING_API_VERSION);
    rule.setKind("PrometheusRule");
    rule.setMetadata(OwnedMetadata.of(policy, policy.getMetadata().getName()));
    rule.setAdditionalProperty("spec", Map.of("groups", List.of(group)));
    return rule;
  }

  /** Returns the label matchers that select the policy's pods. */
  static String podSelector(CircuitBreakerPolicy policy) {
    String namespace = policy.getMetadata().getNamespace();
    String target = policy.getSpec().getTargetRef().getName();
    return "namespace="
        + PromQl.quote(namespace == null ? "" : namespace)
        + ", pod=~"
        + PromQl.quote(PromQl.regexLiteral(target) + "-.*");
  }

  private static Duration duration(String text) {
    return text == null ? DEFAULT_FOR : Durations.parse(text).orElseThrow();
  }

  private static Map<String, String> labels(AlertsSpec alerts) {
    Map<String, String> labels = new TreeMap<>();
    if (alerts.getLabels() != null) {
      labels.putAll(alerts.getLabels());
    }
    String severity = alerts.getSeverity() == null ? DEFAULT_SEVERITY : alerts.getSeverity();
    labels.put("severity", severity);
    return labels;
  }

  private static Map<String, Object> alert(
      String name,
      String expr,
      Duration pendingFor,
      Map<String, String> labels,
      String summary,
      String description) {
    Map<String, Object> rule = new LinkedHashMap<>();
    rule.put("alert", name);
    rule.put("expr", expr);
    if (!pendingFor.isZero()) {
      rule.put("for", Durations.toPrometheus(pendingFor));
    }
    rule.put("labels", labels);
    Map<String, String> annotations = new TreeMap<>();
    annotations.put("description", description);
    annotations.put("summary", summary);
    rule.put("annotations", annotations);
    return rule;
  }
}
