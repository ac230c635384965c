package io.fusebox.operator.reconciler;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fusebox.api.v1alpha1.CircuitBreakerPolicy;
import io.fusebox.api.v1alpha1.TargetKind;
import io.fusebox.api.v1alpha1.TargetRef;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Read-only watch of the workloads that policies target, and the index that maps a workload back to
 * the policies naming it in {@code spec.targetRef}.
 *
 * <p>The operator never writes a workload: these informers only list and watch, and every workload
 * event triggers a reconcile of the policies that target it, so a policy waiting for a missing
 * target becomes ready once the workload appears.
 */
public final class TargetWorkloads {

  /** Name of the primary-cache index from target key to policies. */
  public static final String TARGET_INDEX = "fusebox-target";

  static final String DEPLOYMENTS = "target-deployments";
  static final String STATEFUL_SETS = "target-statefulsets";

  private TargetWorkloads() {}

  /** Registers the target index on the policy cache and creates the two workload informers. */
  static List<EventSource<?, CircuitBreakerPolicy>> eventSources(
      EventSourceContext<CircuitBreakerPolicy> context) {
    var policies = context.getPrimaryCache();
    policies.addIndexer(TARGET_INDEX, policy -> targetKey(policy).map(List::of).orElse(List.of()));
    var deployments =
        InformerEventSourceConfiguration.from(Deployment.class, CircuitBreakerPolicy.class)
            .withName(DEPLOYMENTS)
            .withSecondaryToPrimaryMapper(
                workload -> policiesTargeting(context, TargetKind.DEPLOYMENT, workload))
            .withOnUpdateFilter(TargetWorkloads::specOrLabelsChanged)
            .build();
    var statefulSets =
        InformerEventSourceConfiguration.from(StatefulSet.class, CircuitBreakerPolicy.class)
            .withName(STATEFUL_SETS)
            .withSecondaryToPrimaryMapper(
                workload -> policiesTargeting(context, TargetKind.STATEFUL_SET, workload))
            .withOnUpdateFilter(TargetWorkloads::specOrLabelsChanged)
            .build();
    return List.of(
        new InformerEventSource<>(deployments, context),
        new InformerEventSource<>(statefulSets, context));
  }

  /**
   * Returns the policy's target from the informer cache, or empty when the workload does not exist
   * (or the policy names no target).
   */
  static Optional<HasMetadata> find(
      CircuitBreakerPolicy policy, Context<CircuitBreakerPolicy> context) {
    TargetRef ref = policy.getSpec() == null ? null : policy.getSpec().getTargetRef();
    if (ref == null || ref.getKind() == null || ref.getName() == null) {
      return Optional.empty();
    }
    var id = new ResourceID(ref.getName(), policy.getMetadata().getNamespace());
    var sources = context.eventSourceRetriever();
    return switch (ref.getKind()) {
      case DEPLOYMENT -> cached(sources.getEventSourceFor(Deployment.class, DEPLOYMENTS), id);
      case STATEFUL_SET -> cached(sources.getEventSourceFor(StatefulSet.class, STATEFUL_SETS), id);
    };
  }

  private static <R extends HasMetadata> Optional<HasMetadata> cached(
      EventSource<R, CircuitBreakerPolicy> source, ResourceID id) {
    // Both sources are created by eventSources() above as informer event sources.
    var informer = (InformerEventSource<R, CircuitBreakerPolicy>) source;
    return informer.get(id).map(HasMetadata.class::cast);
  }

  /** Returns the policies in the cache that name the same target as the given policy. */
  static List<CircuitBreakerPolicy> policiesWithSameTarget(
      CircuitBreakerPolicy policy, Context<CircuitBreakerPolicy> context) {
    return targetKey(policy)
        .map(key -> context.getPrimaryCache().byIndex(TARGET_INDEX, key))
        .orElse(List.of());
  }

  static Optional<String> targetKey(CircuitBreakerPolicy policy) {
    TargetRef ref = policy.getSpec() == null ? null : policy.getSpec().getTargetRef();
    if (ref == null || ref.getKind() == null || ref.getName() == null) {
      return Optional.empty();
    }
    return Optional.of(key(ref.getKind(), policy.getMetadata().getNamespace(), ref.getName()));
  }

  private static Set<ResourceID> policiesTargeting(
      EventSourceContext<CircuitBreakerPolicy> context, TargetKind kind, HasMetadata workload) {
    String key = key(kind, workload.getMetadata().getNamespace(), workload.getMetadata().getName());
    return context.getPrimaryCache().byIndex(TARGET_INDEX, key).stream()
        .map(ResourceID::fromResource)
        .collect(Collectors.toSet());
  }

  /**
   * Passes a workload update only when its spec (generation) or labels changed, so the status churn
   * of a rolling update does not reconcile every policy that targets the workload.
   */
  private static boolean specOrLabelsChanged(HasMetadata updated, HasMetadata previous) {
    return !Objects.equals(
            updated.getMetadata().getGeneration(), previous.getMetadata().getGeneration())
        || !Objects.equals(updated.getMetadata().getLabels(), previous.getMetadata().getLabels());
  }

  private static String key(TargetKind kind, String namespace, String name) {
    return kind.name() + "/" + namespace + "/" + name;
  }
}
