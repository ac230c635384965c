package io.fusebox.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/**
 * Prometheus Operator objects to generate. Each part is generated only when it is set and the
 * {@code monitoring.coreos.com} CRDs exist in the cluster.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class MonitoringSpec {

  @JsonPropertyDescription("When set, a ServiceMonitor that scrapes the target's Service.")
  private ServiceMonitorSpec serviceMonitor;

  @JsonPropertyDescription("When set, a PrometheusRule with the breaker alerts.")
  private AlertsSpec alerts;

  public ServiceMonitorSpec getServiceMonitor() {
    return serviceMonitor;
  }

  public void setServiceMonitor(ServiceMonitorSpec serviceMonitor) {
    this.serviceMonitor = serviceMonitor;
  }

  public AlertsSpec getAlerts() {
    return alerts;
  }

  public void setAlerts(AlertsSpec alerts) {
    this.alerts = alerts;
  }
}
