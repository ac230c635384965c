package io.fusebox.operator.reconciler;

import static io.fusebox.operator.reconciler.ConditionTypes.DECODE_FAILED;
import static io.fusebox.operator.reconciler.ConditionTypes.INVALID_SPEC;
import static io.fusebox.operator.reconciler.ConditionTypes.RECONCILE_FAILED;
import static io.fusebox.operator.reconciler.ConditionTypes.TARGET_NOT_FOUND;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fusebox.api.v1alpha1.CircuitBreakerPolicy;
import io.fusebox.operator.desired.DesiredState;
import io.fusebox.operator.desired.Finding;
import io.fusebox.operator.runtime.TolerantDecoding;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.Workflow;
import io.javaoperatorsdk.operator.api.reconciler.dependent.Dependent;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reconciler of {@link CircuitBreakerPolicy}: observes the target and the cluster, validates,
 * renders the desired objects with the desired-state builders, applies them through the JOSDK
 * workflow, and patches the status only when it changed.
 *
 * <p>The workflow runs only for a policy that decodes and validates, so an invalid edit keeps the
 * last good ConfigMap in place and agents keep their settings. JOSDK sets the MDC keys {@code
 * resource.namespace} and {@code resource.name} around each reconcile, so every log line of a
 * reconcile names the policy.
 */
@Workflow(
    explicitInvocation = true,
    dependents = {
      @Dependent(name = "configmap", type = SettingsConfigMapDependent.class),
      @Dependent(
          name = "servicemonitor",
          type = ServiceMonitorDependent.class,
          activationCondition = WorkflowConditions.MonitoringCrdsPresent.class,
          reconcilePrecondition = WorkflowConditions.ServiceMonitorRequested.class),
      @Dependent(
          name = "prometheusrule",
          type = PrometheusRuleDependent.class,
          activationCondition = WorkflowConditions.MonitoringCrdsPresent.class,
          reconcilePrecondition = WorkflowConditions.AlertsRequested.class),
      @Dependent(
          name = "poddisruptionbudget",
          type = PodDisruptionBudgetDependent.class,
          reconcilePrecondition = WorkflowConditions.PodDisruptionBudgetAllowed.class),
      @Dependent(
          name = "autoscaler",
          type = AutoscalerDependent.class,
          reconcilePrecondition = WorkflowConditions.AutoscalerAllowed.class)
    })
@ControllerConfiguration(name = "circuitbreakerpolicy")
public class CircuitBreakerPolicyReconciler implements Reconciler<CircuitBreakerPolicy> {

  private static final Logger LOG = LoggerFactory.getLogger(CircuitBreakerPolicyReconciler.class);

  private final Clock clock;
  private final MonitoringCrdPresence monitoringCrds;
  private final PolicyEvents events;
  private final Duration conflictRecheckInterval;

  /**
   * Creates the reconciler.
   *
   * @param clock clock for condition transition times
   * @param monitoringCrds cached presence of the Prometheus Operator CRDs
   * @param events writer of Warning events
   * @param conflictRecheckInterval delay before a policy that lost a claim is reconciled again
   */
  public CircuitBreakerPolicyReconciler(
      Clock clock,
      MonitoringCrdPresence monitoringCrds,
      PolicyEvents events,
      Duration conflictRecheckInterval) {
    this.clock = clock;
    this.monitoringCrds = monitoringCrds;
    this.events = events;
    this.conflictRecheckInterval = conflictRecheckInterval;
  }

  @Override
  public List<
          io.javaoperatorsdk.operator.processing.event.source.EventSource<?, CircuitBreakerPolicy>>
      prepareEventSources(EventSourceContext<CircuitBreakerPolicy> context) {
    return TargetWorkloads.eventSources(context);
  }

  @Override
  public UpdateControl<CircuitBreakerPolicy> reconcile(
      CircuitBreakerPolicy policy, Context<CircuitBreakerPolicy> context) {
    var status = new StatusBuilder(policy, clock.instant());

    Optional<String> decodeError = TolerantDecoding.decodeError(policy);
    if (decodeError.isPresent()) {
      status.rejected(
          DECODE_FAILED,
          "The stored policy does not match the operator's model: "
              + decodeError.get()
              + ". Re-apply the policy in the current schema.");
      return finish(policy, status, context, Optional.empty());
    }

    HasMetadata target = TargetWorkloads.find(policy, context).orElse(null);
    DesiredState rendered = Rendering.render(policy, target);
    if (!rendered.valid()) {
      String message =
          rendered.problems().stream().map(Finding::toString).collect(Collectors.joining("; "));
      LOG.info("Policy is invalid: {}", message);
      status.rejected(INVALID_SPEC, message);
      return finish(policy, status, context, Optional.empty());
    }

    List<CircuitBreakerPolicy> sameTarget = TargetWorkloads.policiesWithSameTarget(policy, context);
    var pdbHolder =
        Claims.holder(
            sameTarget,
            p ->
                WorkflowConditions.requestsPodDisruptionBudget(p.getSpec())
                    && TolerantDecoding.decodeError(p).isEmpty());
    var hpaHolder =
        Claims.holder(
            sameTarget,
            p ->
                WorkflowConditions.requestsAutoscaler(p.getSpec())
                    && TolerantDecoding.decodeError(p).isEmpty());
    // Checked for every policy, not only for one that requests monitoring: JOSDK deletes a
    // dependent whose reconcile precondition fails only while its activation condition holds, so a
    // policy that drops spec.monitoring must keep the monitoring dependents active to delete them.
    boolean monitoringPresent = monitoringCrds.isPresent(context.getClient());
    var observation =
        new Observation(
            target,
            monitoringPresent,
            pdbHolder.map(p -> isSame(p, policy)).orElse(false),
            hpaHolder.map(p -> isSame(p, policy)).orElse(false));
    observation.store(context);
    Rendering.store(rendered, context);

    context.managedWorkflowAndDependentResourceContext().reconcileManagedWorkflow();

    status.applied(rendered, observation, pdbHolder.orElse(null), hpaHolder.orElse(null));
    Optional<Duration> recheck = Optional.empty();
    if (status.monitoringMissing()) {
      recheck = Optional.of(monitoringCrds.recheckInterval());
    }
    if (status.hasConflict()) {
      recheck =
          Optional.of(
              recheck
                  .map(d -> d.compareTo(conflictRecheckInterval) < 0 ? d : conflictRecheckInterval)
                  .orElse(conflictRecheckInterval));
    }
    if (status.readyReason().equals(TARGET_NOT_FOUND)) {
      LOG.info("Target {} not found; waiting for it to appear", describeTarget(policy));
    }
    return finish(policy, status, context, recheck);
  }

  @Override
  public ErrorStatusUpdateControl<CircuitBreakerPolicy> updateErrorStatus(
      CircuitBreakerPolicy policy, Context<CircuitBreakerPolicy> context, Exception e) {
    String attempt =
        context.getRetryInfo().map(r -> " (attempt " + r.getAttemptCount() + ")").orElse("");
    LOG.warn("Reconcile failed{}: {}", attempt, e.getMessage());
    var status = new StatusBuilder(policy, clock.instant());
    status.rejected(RECONCILE_FAILED, "Applying the generated objects failed: " + e.getMessage());
    return status
        .changedStatus()
        .map(ErrorStatusUpdateControl::patchStatus)
        .orElseGet(ErrorStatusUpdateControl::noStatusUpdate);
  }

  private UpdateControl<CircuitBreakerPolicy> finish(
      CircuitBreakerPolicy policy,
      StatusBuilder status,
      Context<CircuitBreakerPolicy> context,
      Optional<Duration> recheck) {
    for (var warning : status.newWarnings()) {
      events.warn(context.getClient(), policy, warning.reason(), warning.message());
    }
    UpdateControl<CircuitBreakerPolicy> control =
        status.changedStatus().map(UpdateControl::patchStatus).orElseGet(UpdateControl::noUpdate);
    return recheck.map(control::rescheduleAfter).orElse(control);
  }

  private static boolean isSame(CircuitBreakerPolicy a, CircuitBreakerPolicy b) {
    return a.getMetadata().getName().equals(b.getMetadata().getName())
        && a.getMetadata().getNamespace().equals(b.getMetadata().getNamespace());
  }

  private static String describeTarget(CircuitBreakerPolicy policy) {
    var ref = policy.getSpec().getTargetRef();
    return ref.getKind() + " " + policy.getMetadata().getNamespace() + "/" + ref.getName();
  }
}
