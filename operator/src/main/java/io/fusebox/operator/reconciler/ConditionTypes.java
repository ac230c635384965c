package io.fusebox.operator.reconciler;

/** Condition types and reasons the operator writes to a policy's status. */
public final class ConditionTypes {

  /** The policy is fully realised: settings applied, target found, no conflict. */
  public static final String READY = "Ready";

  /** The settings ConfigMap matches the policy. */
  public static final String CONFIG_MAP_READY = "ConfigMapReady";

  /** The ServiceMonitor and PrometheusRule match the policy. */
  public static final String MONITORING_READY = "MonitoringReady";

  /** The PodDisruptionBudget matches the policy. */
  public static final String POD_DISRUPTION_BUDGET_READY = "PodDisruptionBudgetReady";

  /** The HorizontalPodAutoscaler matches the policy. */
  public static final String AUTOSCALER_READY = "AutoscalerReady";

  /** Reason: the generated objects were applied. */
  public static final String APPLIED = "Applied";

  /** Reason: every generated object matches the policy. */
  public static final String RECONCILED = "Reconciled";

  /** Reason: the spec fails a check that only the operator can make. */
  public static final String INVALID_SPEC = "InvalidSpec";

  /** Reason: the stored policy does not decode into the operator's model. */
  public static final String DECODE_FAILED = "DecodeFailed";

  /** Reason: the workload named in {@code spec.targetRef} does not exist. */
  public static final String TARGET_NOT_FOUND = "TargetNotFound";

  /** Reason: an older policy owns the target's PodDisruptionBudget or autoscaler. */
  public static final String CONFLICT = "Conflict";

  /** Reason: the Prometheus Operator CRDs are not installed. */
  public static final String MONITORING_CRDS_MISSING = "MonitoringCRDsMissing";

  /** Reason: applying a generated object failed; JOSDK retries with backoff. */
  public static final String RECONCILE_FAILED = "ReconcileFailed";

  private ConditionTypes() {}
}
