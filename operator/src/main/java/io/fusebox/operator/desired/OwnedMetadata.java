package io.fusebox.operator.desired;

import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fusebox.api.v1alpha1.CircuitBreakerPolicy;
import java.util.Map;
import java.util.TreeMap;

/** Metadata shared by every generated object: labels and the owner reference to the policy. */
public final class OwnedMetadata {

  /** Label {@code app.kubernetes.io/managed-by}, set to {@value #MANAGED_BY_VALUE}. */
  public static final String MANAGED_BY_LABEL = "app.kubernetes.io/managed-by";

  /** Value of {@link #MANAGED_BY_LABEL} on every generated object. */
  public static final String MANAGED_BY_VALUE = "fusebox";

  /** Label that names the policy an object was generated from. */
  public static final String POLICY_LABEL = "fusebox.io/policy";

  /** Label selector that matches every object Fusebox generates. */
  public static final String MANAGED_BY_SELECTOR = MANAGED_BY_LABEL + "=" + MANAGED_BY_VALUE;

  private OwnedMetadata() {}

  /** Returns the labels of every object generated from {@code policy}, sorted by key. */
  public static Map<String, String> labels(CircuitBreakerPolicy policy) {
    Map<String, String> labels = new TreeMap<>();
    labels.put(MANAGED_BY_LABEL, MANAGED_BY_VALUE);
    labels.put(POLICY_LABEL, policy.getMetadata().getName());
    return labels;
  }

  /**
   * Builds metadata named {@code name} in the policy's namespace, with the Fusebox labels and a
   * controller owner reference to the policy. The reference needs the policy's UID, so a policy
   * without one (a file rendered offline) gets no reference. The reference always points into the
   * object's own namespace.
   */
  public static ObjectMeta of(CircuitBreakerPolicy policy, String name) {
    ObjectMetaBuilder meta =
        new ObjectMetaBuilder()
            .withName(name)
            .withNamespace(policy.getMetadata().getNamespace())
            .withLabels(labels(policy));
    String uid = policy.getMetadata().getUid();
    if (uid != null && !uid.isEmpty()) {
      meta.withOwnerReferences(
          new OwnerReferenceBuilder()
              .withApiVersion(policy.getApiVersion())
              .withKind(policy.getKind())
              .withName(policy.getMetadata().getName())
              .withUid(uid)
              .withController(true)
              .withBlockOwnerDeletion(true)
              .build());
    }
    return meta.build();
  }
}
