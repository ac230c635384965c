package io.fusebox.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBuilder;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.PolicyRuleBuilder;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fusebox.testing.CrdInstaller;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

/**
 * The chart's RBAC objects as {@code helm template} renders them, and the permissions they grant,
 * written as {@code group/resource[/subresource]: verb} with an empty group for the core API, the
 * form {@link AuditLog#permissionOf} gives a request.
 */
final class ChartRbac {

  private ChartRbac() {}

  /**
   * Renders the chart in cluster mode with its defaults and returns the ServiceAccount, roles and
   * bindings; the Deployment, Service, CRD and ServiceMonitor are left out.
   */
  static List<HasMetadata> render(KubernetesClient client, String releaseNamespace)
      throws Exception {
    Path root = CrdInstaller.repositoryRoot().orElseThrow();
    Process process =
        new ProcessBuilder(
                findHelm().toString(),
                "template",
                "fusebox",
                "helm/fusebox",
                "--namespace",
                releaseNamespace,
                "--set",
                "crds.install=false")
            .directory(root.toFile())
            .redirectError(ProcessBuilder.Redirect.DISCARD)
            .start();
    byte[] out = process.getInputStream().readAllBytes();
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as("helm template exit code").isZero();
    Set<String> skipped =
        Set.of("Deployment", "Service", "CustomResourceDefinition", "ServiceMonitor");
    return client.load(new ByteArrayInputStream(out)).items().stream()
        .filter(object -> !skipped.contains(object.getKind()))
        .toList();
  }

  /** Returns every permission that the roles among {@code objects} grant. */
  static Set<String> granted(List<HasMetadata> objects) {
    Set<String> granted = new TreeSet<>();
    for (HasMetadata object : objects) {
      if (object instanceof ClusterRole role) {
        granted.addAll(flatten(role.getRules()));
      } else if (object instanceof Role role) {
        granted.addAll(flatten(role.getRules()));
      }
    }
    return granted;
  }

  /**
   * Returns a copy of {@code objects} whose roles no longer grant {@code permission}. Rules are
   * split into one rule per (group, resource), so the other resources of a shared rule keep every
   * verb, and a rule left without verbs is dropped.
   */
  static List<HasMetadata> without(List<HasMetadata> objects, String permission) {
    List<HasMetadata> result = new ArrayList<>();
    for (HasMetadata object : objects) {
      if (object instanceof ClusterRole role) {
        ClusterRole copy = new ClusterRoleBuilder(role).build();
        copy.setRules(rulesWithout(role.getRules(), permission));
        result.add(copy);
      } else if (object instanceof Role role) {
        Role copy = new RoleBuilder(role).build();
        copy.setRules(rulesWithout(role.getRules(), permission));
        result.add(copy);
      } else {
        result.add(object);
      }
    }
    assertThat(granted(result))
        .as("permissions after removing " + permission)
        .doesNotContain(permission)
        .hasSize(granted(objects).size() - 1);
    return result;
  }

  /** Returns one {@code group/resource: verb} line per verb of every rule. */
  static List<String> flatten(List<PolicyRule> rules) {
    List<String> result = new ArrayList<>();
    for (PolicyRule rule : rules) {
      for (String group : rule.getApiGroups()) {
        for (String resource : rule.getResources()) {
          for (String verb : rule.getVerbs()) {
            result.add(group + "/" + resource + ": " + verb);
          }
        }
      }
    }
    return result;
  }

  private static List<PolicyRule> rulesWithout(List<PolicyRule> rules, String permission) {
    Map<String, List<String>> verbsByResource = new LinkedHashMap<>();
    for (String line : flatten(rules)) {
      if (line.equals(permission)) {
        continue;
      }
      int colon = line.indexOf(": ");
      verbsByResource
          .computeIfAbsent(line.substring(0, colon), key -> new ArrayList<>())
          .add(line.substring(colon + 2));
    }
    List<PolicyRule> result = new ArrayList<>();
    verbsByResource.forEach(
        (groupResource, verbs) -> {
          int slash = groupResource.indexOf('/');
          result.add(
              new PolicyRuleBuilder()
                  .withApiGroups(groupResource.substring(0, slash))
                  .withResources(groupResource.substring(slash + 1))
                  .withVerbs(verbs)
                  .build());
        });
    return result;
  }

  /**
   * Returns the helm binary from {@code .cache/tools/bin} or the PATH. Without it the calling test
   * is skipped, or fails when {@code FUSEBOX_REQUIRE_TOOLS=true}.
   */
  static Path findHelm() {
    Path cached = CrdInstaller.repositoryRoot().orElseThrow().resolve(".cache/tools/bin/helm");
    if (Files.isExecutable(cached)) {
      return cached;
    }
    for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
      Path candidate = Path.of(dir, "helm");
      if (Files.isExecutable(candidate)) {
        return candidate;
      }
    }
    String message =
        "helm not found in .cache/tools/bin or on the PATH; run"
            + " scripts/install-tools.sh to install it";
    if ("true".equals(System.getenv("FUSEBOX_REQUIRE_TOOLS"))) {
      fail(message);
    }
    assumeTrue(false, message);
    return cached;
  }
}
