package io.fusebox.operator.it;

/** Policy manifests used by the operator integration tests. */
final class Policies {

  private Policies() {}

  /** Returns a policy with two breakers targeting the named Deployment. */
  static String basic(String name, String deployment) {
    return """
        apiVersion: fusebox.io/v1alpha1
        kind: CircuitBreakerPolicy
        metadata:
          name: %s
        spec:
          targetRef: {kind: Deployment, name: %s}
          defaults: {failureThreshold: 5, recoveryTimeout: 30s, timeout: 10s, successThreshold: 3}
          breakers:
          - name: database
          - name: external-api
            failureThreshold: 3
            recoveryTimeout: 60s
        """
        .formatted(name, deployment);
  }

  /** Returns a policy that also requests a PDB and an HPA. */
  static String withAvailability(String name, String deployment) {
    return basic(name, deployment)
        + """
          availability:
            podDisruptionBudget: {maxUnavailable: 1}
            autoscaling: {minReplicas: 2, maxReplicas: 6, cpuUtilization: 70, memoryUtilization: 80}
        """;
  }

  /** Returns a policy that also requests a ServiceMonitor and alerts. */
  static String withMonitoring(String name, String deployment) {
    return basic(name, deployment)
        + """
          monitoring:
            serviceMonitor: {port: metrics, path: /metrics, interval: 30s}
            alerts: {openFor: 1m}
        """;
  }
}
