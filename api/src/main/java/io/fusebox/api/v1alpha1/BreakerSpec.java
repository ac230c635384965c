package io.fusebox.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

/**
 * One named breaker of a policy. The name is a DNS label; the settings file uses it with each
 * {@code -} replaced by {@code _}, so {@code external-api} becomes {@code external_api}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"name"})
public class BreakerSpec extends BreakerSettingsSpec {

  @Required
  @Size(min = 1, max = 63)
  @Pattern(ApiPatterns.DNS_LABEL)
  @JsonPropertyDescription(
      "Breaker name, a DNS label, unique in the policy. The settings file and the breaker"
          + " metric label use it with '-' replaced by '_'.")
  private String name;

  /** Creates an unnamed breaker for Jackson. */
  public BreakerSpec() {}

  /** Creates a breaker with the given name and no settings of its own. */
  public BreakerSpec(String name) {
    this.name = name;
  }

  public String getName() {
    return name;
  }

  public void setName(String name) {
    this.name = name;
  }
}
