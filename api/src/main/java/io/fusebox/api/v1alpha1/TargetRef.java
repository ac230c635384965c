package io.fusebox.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

/** Reference to the workload a policy applies to, in the policy's own namespace. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class TargetRef {

  @Required
  @JsonPropertyDescription("Kind of the target workload: Deployment or StatefulSet.")
  private TargetKind kind;

  @Required
  @Size(min = 1, max = 253)
  @Pattern(ApiPatterns.DNS_SUBDOMAIN)
  @JsonPropertyDescription("Name of the target workload in the policy's namespace.")
  private String name;

  /** Creates an empty reference for Jackson. */
  public TargetRef() {}

  /** Creates a reference to the named workload. */
  public TargetRef(TargetKind kind, String name) {
    this.kind = kind;
    this.name = name;
  }

  public TargetKind getKind() {
    return kind;
  }

  public void setKind(TargetKind kind) {
    this.kind = kind;
  }

  public String getName() {
    return name;
  }

  public void setName(String name) {
    this.name = name;
  }
}
