package io.fusebox.operator.desired;

import static io.fusebox.operator.desired.EchoedValues.quote;

import io.fusebox.api.v1alpha1.AlertsSpec;
import io.fusebox.api.v1alpha1.ApiPatterns;
import io.fusebox.api.v1alpha1.BreakerSettingsSpec;
import io.fusebox.api.v1alpha1.BreakerSpec;
import io.fusebox.api.v1alpha1.CircuitBreakerPolicy;
import io.fusebox.api.v1alpha1.CircuitBreakerPolicySpec;
import io.fusebox.api.v1alpha1.MonitoringSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Checks of a policy made in Java. They cover the cross-field rules that the CRD states as CEL, so
 * offline validation matches admission, and what only the operator can check, such as durations
 * that parse and a policy name that fits in a label value. The settings-file rules (ranges,
 * class-name and status-range syntax, merged recovery times) are checked when the settings file is
 * built. Every message names the field path, the value and the fix.
 */
public final class PolicyValidator {

  private static final Pattern DNS_LABEL = Pattern.compile(ApiPatterns.DNS_LABEL);
  private static final Pattern DNS_SUBDOMAIN = Pattern.compile(ApiPatterns.DNS_SUBDOMAIN);
  private static final Pattern LABEL_NAME = Pattern.compile(ApiPatterns.PROMETHEUS_LABEL_NAME);
  private static final Pattern SEVERITY = Pattern.compile("^[a-z][a-z0-9_-]{0,31}$");
  private static final Pattern LABEL_VALUE =
      Pattern.compile("^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$");

  private static final String SEVERITY_LABEL = "severity";

  private final List<Finding> problems = new ArrayList<>();

  private PolicyValidator() {}

  /** Returns the problems of {@code policy}; empty when it can be rendered. */
  public static List<Finding> validate(CircuitBreakerPolicy policy) {
    PolicyValidator validator = new PolicyValidator();
    validator.check(policy);
    return validator.problems;
  }

  private void check(CircuitBreakerPolicy policy) {
    String name = policy.getMetadata() == null ? null : policy.getMetadata().getName();
    if (name == null || !DNS_LABEL.matcher(name).matches() || name.length() > 63) {
      add(
          "metadata.name",
          "policy name is invalid ("
              + quote(name)
              + "); use a DNS label of"
              + " at most 63 characters, because it becomes the fusebox.io/policy label value");
    }
    String namespace = policy.getMetadata() == null ? null : policy.getMetadata().getNamespace();
    if (namespace == null || !DNS_LABEL.matcher(namespace).matches()) {
      add(
          "metadata.namespace",
          "namespace is missing or invalid ("
              + quote(namespace)
              + "); set metadata.namespace to the namespace of the target workload");
    }

    CircuitBreakerPolicySpec spec = policy.getSpec();
    if (spec == null) {
      add("spec", "spec is missing; set spec.targetRef and spec.breakers");
      return;
    }
    if (spec.getTargetRef() == null || spec.getTargetRef().getKind() == null) {
      add("spec.targetRef.kind", "target kind is missing; set it to Deployment or StatefulSet");
    }
    String target = spec.getTargetRef() == null ? null : spec.getTargetRef().getName();
    if (target == null || target.length() > 253 || !DNS_SUBDOMAIN.matcher(target).matches()) {
      add(
          "spec.targetRef.name",
          "target name is missing or invalid ("
              + quote(target)
              + "); set it to the name of a Deployment or StatefulSet in the policy's namespace");
    }

    checkBreakerDurations(spec.getDefaults(), "spec.defaults");
    checkBreakers(spec.getBreakers());
    checkMonitoring(spec.getMonitoring());
    AvailabilityChecks.check(spec.getAvailability(), problems);
  }

  private void checkBreakers(List<BreakerSpec> breakers) {
    if (breakers == null) {
      return;
    }
    if (breakers.size() > ApiPatterns.BREAKERS_MAX_ITEMS) {
      add(
          "spec.breakers",
          "too many breakers ("
              + breakers.size()
              + "); use at most "
              + ApiPatterns.BREAKERS_MAX_ITEMS
              + " per policy");
    }
    Map<String, Integer> firstIndex = new HashMap<>();
    for (int i = 0; i < breakers.size(); i++) {
      String path = "spec.breakers[" + i + "]";
      BreakerSpec breaker = breakers.get(i);
      if (breaker == null) {
        add(path, "breaker entry is empty; give it a name");
        continue;
      }
      String name = breaker.getName();
      if (name == null || !DNS_LABEL.matcher(name).matches() || name.length() > 63) {
        add(
            path + ".name",
            "breaker name is missing or invalid ("
                + quote(name)
                + "); use a DNS"
                + " label: up to 63 lower-case letters, digits and '-'");
      } else {
        Integer first = firstIndex.putIfAbsent(name, i);
        if (first != null) {
          add(
              path + ".name",
              "duplicate breaker name ("
                  + quote(name)
                  + "), also used by"
                  + " spec.breakers["
                  + first
                  + "]; give each breaker a unique name");
        }
      }
      checkBreakerDurations(breaker, path);
    }
  }

  private void checkBreakerDurations(BreakerSettingsSpec settings, String path) {
    if (settings == null) {
      return;
    }
    positive(settings.getRecoveryTimeout(), path + ".recoveryTimeout");
    positive(settings.getSlowCallDuration(), path + ".slowCallDuration");
    Optional<Duration> recovery = parse(settings.getRecoveryTimeout());
    Optional<Duration> max = parse(settings.getMaxRecoveryTimeout());
    if (recovery.isPresent() && max.isPresent() && max.get().compareTo(recovery.get()) < 0) {
      add(
          path + ".maxRecoveryTimeout",
          "maxRecoveryTimeout ("
              + quote(settings.getMaxRecoveryTimeout())
              + ") must be at least recoveryTimeout ("
              + quote(settings.getRecoveryTimeout())
              + "); raise maxRecoveryTimeout or remove it");
    }
  }

  private void checkMonitoring(MonitoringSpec monitoring) {
    if (monitoring == null) {
      return;
    }
    if (monitoring.getServiceMonitor() != null) {
      positive(
          monitoring.getServiceMonitor().getInterval(), "spec.monitoring.serviceMonitor.interval");
      Map<String, String> selector = monitoring.getServiceMonitor().getSelector();
      if (selector != null) {
        selector.forEach(
            (key, value) -> {
              if (value == null
                  || value.length() > 63
                  || key.length() > 253
                  || !LABEL_VALUE.matcher(value).matches()) {
                add(
                    "spec.monitoring.serviceMonitor.selector." + EchoedValues.escape(key),
                    "selector value is invalid ("
                        + quote(value)
                        + "); use a label value: at most 63 letters, digits, '-', '_' and '.',"
                        + " starting and ending with a letter or digit");
              }
            });
      }
    }
    AlertsSpec alerts = monitoring.getAlerts();
    if (alerts == null) {
      return;
    }
    String path = "spec.monitoring.alerts";
    parse(alerts.getOpenFor(), path + ".openFor");
    parse(alerts.getFailureRateFor(), path + ".failureRateFor");
    String severity = alerts.getSeverity();
    if (severity != null && !SEVERITY.matcher(severity).matches()) {
      add(
          path + ".severity",
          "severity is invalid ("
              + quote(severity)
              + "); use up to 32"
              + " lower-case letters, digits, '_' and '-', starting with a letter, such as warning");
    }
    Double rate = alerts.getFailureRate();
    if (rate != null && !(rate > 0 && rate <= 100)) {
      add(
          path + ".failureRate",
          "failureRate must be greater than 0 and at most 100 (was "
              + rate
              + "); give a percentage such as 50");
    }
    if (alerts.getLabels() != null) {
      alerts.getLabels().forEach((key, value) -> checkAlertLabel(path + ".labels", key, value));
      if (alerts.getLabels().containsKey(SEVERITY_LABEL)) {
        // PrometheusRules writes the severity field over this label, so the value would be lost.
        add(
            path + ".labels." + SEVERITY_LABEL,
            "alert label severity is not allowed (was "
                + quote(alerts.getLabels().get(SEVERITY_LABEL))
                + ") because the severity field sets it; remove it from labels and set"
                + " spec.monitoring.alerts.severity instead");
      }
    }
  }

  private void checkAlertLabel(String path, String key, String value) {
    if (!LABEL_NAME.matcher(key).matches() || key.startsWith("__") || key.length() > 63) {
      add(
          path,
          "alert label name is invalid ("
              + quote(key)
              + "); use letters, digits and '_',"
              + " not starting with a digit or '__', at most 63 characters");
    }
    if (value == null || value.length() > 256 || value.contains("{{")) {
      add(
          path + "." + EchoedValues.escape(key),
          "alert label value is invalid ("
              + quote(value)
              + "); use at most"
              + " 256 characters without '{{', because Prometheus expands label values as templates");
    }
  }

  private void positive(String text, String path) {
    parse(text, path)
        .filter(duration -> duration.isZero() || duration.isNegative())
        .ifPresent(zero -> add(path, "duration must be greater than 0s (was " + quote(text) + ")"));
  }

  private Optional<Duration> parse(String text, String path) {
    if (text == null) {
      return Optional.empty();
    }
    Optional<Duration> duration = Durations.parse(text);
    if (duration.isEmpty()) {
      add(
          path,
          "invalid duration ("
              + quote(text)
              + "); write a number with a unit h, m, s or ms,"
              + " such as 500ms, 30s or 1h30m");
    }
    return duration;
  }

  private static Optional<Duration> parse(String text) {
    return text == null ? Optional.empty() : Durations.parse(text);
  }

  private void add(String field, String message) {
    problems.add(new Finding(field, Finding.INVALID_SPEC, message));
  }
}
