package io.fusebox.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Workload kinds a policy can target. */
public enum TargetKind {
  /** An {@code apps/v1} Deployment. */
  @JsonProperty("Deployment")
  DEPLOYMENT,
  /** An {@code apps/v1} StatefulSet. */
  @JsonProperty("StatefulSet")
  STATEFUL_SET
}
