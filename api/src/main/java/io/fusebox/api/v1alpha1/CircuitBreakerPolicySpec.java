package io.fusebox.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.fabric8.crdv2.generator.v1.SchemaCustomizer;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import java.util.List;

/**
 * Desired state of a {@link CircuitBreakerPolicy}: the target workload, the breakers the target's
 * agent runs, and the monitoring and availability objects to generate.
 *
 * <p>{@code breakers} is a list keyed by {@code name} ({@code x-kubernetes-list-type: map}), so the
 * API server rejects duplicate names and server-side apply merges entries by name. The fabric8
 * generator has no annotation for list types, so a merge-patch schema customizer adds them.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"targetRef", "mode", "defaults", "breakers", "monitoring", "availability"})
@SchemaCustomizer(value = MapListCustomizer.class, input = "breakers:name")
public class CircuitBreakerPolicySpec {

  @Required
  @JsonPropertyDescription("The Deployment or StatefulSet whose pods run the breakers.")
  private TargetRef targetRef;

  @JsonPropertyDescription(
      "Mode of every breaker that sets none itself: Enforce, Shadow, ForcedOpen or Disabled.")
  private BreakerMode mode;

  @JsonPropertyDescription("Settings applied to every breaker unless the breaker overrides them.")
  private BreakerSettingsSpec defaults;

  @Size(max = ApiPatterns.BREAKERS_MAX_ITEMS)
  @JsonPropertyDescription("The breakers, keyed by name.")
  private List<BreakerSpec> breakers;

  @JsonPropertyDescription("ServiceMonitor and PrometheusRule to generate.")
  private MonitoringSpec monitoring;

  @JsonPropertyDescription("PodDisruptionBudget and HorizontalPodAutoscaler to generate.")
  private AvailabilitySpec availability;

  public TargetRef getTargetRef() {
    return targetRef;
  }

  public void setTargetRef(TargetRef targetRef) {
    this.targetRef = targetRef;
  }

  public BreakerMode getMode() {
    return mode;
  }

  public void setMode(BreakerMode mode) {
    this.mode = mode;
  }

  public BreakerSettingsSpec getDefaults() {
    return defaults;
  }

  public void setDefaults(BreakerSettingsSpec defaults) {
    this.defaults = defaults;
  }

  public List<BreakerSpec> getBreakers() {
    return breakers;
  }

  public void setBreakers(List<BreakerSpec> breakers) {
    this.breakers = breakers;
  }

  public MonitoringSpec getMonitoring() {
    return monitoring;
  }

  public void setMonitoring(MonitoringSpec monitoring) {
    this.monitoring = monitoring;
  }

  public AvailabilitySpec getAvailability() {
    return availability;
  }

  public void setAvailability(AvailabilitySpec availability) {
    this.availability = availability;
  }
}
