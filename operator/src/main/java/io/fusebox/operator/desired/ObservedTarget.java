package io.fusebox.operator.desired;

import io.fabric8.kubernetes.api.model.LabelSelector;

/**
 * What the builders need to know about the live target workload.
 *
 * @param replicas {@code spec.replicas} of the Deployment or StatefulSet; Kubernetes treats an
 *     absent value as 1
 * @param selector the workload's pod selector, used as the PodDisruptionBudget selector; {@code
 *     null} when unknown
 */
public record ObservedTarget(int replicas, LabelSelector selector) {}
