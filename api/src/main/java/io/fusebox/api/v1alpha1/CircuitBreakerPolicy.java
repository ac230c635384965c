package io.fusebox.api.v1alpha1;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * Circuit-breaker policy for one workload. The operator renders it into a ConfigMap with the
 * settings file {@code circuit-breaker.yaml} and, when asked, a ServiceMonitor, a PrometheusRule, a
 * PodDisruptionBudget and a HorizontalPodAutoscaler.
 */
@Group(CircuitBreakerPolicy.GROUP)
@Version(CircuitBreakerPolicy.VERSION)
@ShortNames("cbp")
@Plural("circuitbreakerpolicies")
@ValidationRule(
    value = "size(self.metadata.name) <= 63",
    message =
        "metadata.name must be at most 63 characters because it becomes the fusebox.io/policy"
            + " label value",
    reason = "FieldValueInvalid")
@AdditionalPrinterColumn(
    name = "Ready",
    jsonPath = ".status.conditions[?(@.type==\"Ready\")].status",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Target",
    jsonPath = ".spec.targetRef.name",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Breakers",
    jsonPath = ".status.breakers",
    type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(
    name = "Age",
    jsonPath = ".metadata.creationTimestamp",
    type = AdditionalPrinterColumn.Type.DATE)
public class CircuitBreakerPolicy
    extends CustomResource<CircuitBreakerPolicySpec, CircuitBreakerPolicyStatus>
    implements Namespaced {

  /** API group of the resource. */
  public static final String GROUP = "fusebox.io";

  /** API version of the resource. */
  public static final String VERSION = "v1alpha1";

  /** Resource kind. */
  public static final String KIND = "CircuitBreakerPolicy";

  /** Plural resource name, as in {@code kubectl get circuitbreakerpolicies}. */
  public static final String PLURAL = "circuitbreakerpolicies";

  /** Name of the CRD and of its generated file {@code <name>-v1.yml}. */
  public static final String CRD_NAME = PLURAL + "." + GROUP;

  /**
   * Returns the spec. It is required in the CRD schema, so the API server rejects a policy without
   * one instead of storing a policy that renders nothing.
   */
  @Override
  @Required
  public CircuitBreakerPolicySpec getSpec() {
    return super.getSpec();
  }
}
