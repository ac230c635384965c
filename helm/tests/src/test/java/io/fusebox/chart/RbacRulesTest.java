package io.fusebox.chart;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The operator's RBAC rules: exactly the verbs on the kinds it touches, no wildcards. */
class RbacRulesTest {

  /** One line per (group, resource) pair: {@code group/resource: verbs}. */
  private static final List<String> NAMESPACED_RULES =
      List.of(
          "fusebox.io/circuitbreakerpolicies: list,watch",
          "fusebox.io/circuitbreakerpolicies/status: patch",
          "fusebox.io/circuitbreakerpolicies/finalizers: update",
          "/configmaps: create,delete,list,patch,watch",
          "policy/poddisruptionbudgets: create,delete,list,patch,watch",
          "autoscaling/horizontalpodautoscalers: create,delete,list,patch,watch",
          "monitoring.coreos.com/servicemonitors: create,delete,list,patch,watch",
          "monitoring.coreos.com/prometheusrules: create,delete,list,patch,watch",
          "apps/deployments: list,watch",
          "apps/statefulsets: list,watch",
          "/events: create");

  @Test
  void clusterRoleGrantsExactlyOperatorRules() {
    List<HasMetadata> objects = Helm.require().template();

    ClusterRole role = clusterRole(objects, "fusebox");
    assertThat(flatten(role.getRules())).containsExactlyInAnyOrderElementsOf(NAMESPACED_RULES);
  }

  @Test
  void namespacedRolesGrantSameRules() {
    List<HasMetadata> objects = Helm.require().template("watchNamespaces={shop}");

    Role role =
        Manifests.ofType(objects, Role.class).stream()
            .filter(candidate -> "shop".equals(candidate.getMetadata().getNamespace()))
            .findFirst()
            .orElseThrow();
    assertThat(flatten(role.getRules())).containsExactlyInAnyOrderElementsOf(NAMESPACED_RULES);
  }

  @Test
  void crdReaderOnlyReadsCrds() {
    List<HasMetadata> objects = Helm.require().template();

    ClusterRole role = clusterRole(objects, "fusebox-crd-reader");
    assertThat(flatten(role.getRules()))
        .containsExactly("apiextensions.k8s.io/customresourcedefinitions: get");
  }

  @Test
  void leaderElectionRoleCoversLeasesOnly() {
    List<HasMetadata> objects = Helm.require().template();

    Role role =
        Manifests.ofType(objects, Role.class).stream()
            .filter(candidate -> candidate.getMetadata().getName().endsWith("-leader-election"))
            .findFirst()
            .orElseThrow();
    assertThat(role.getMetadata().getNamespace()).isEqualTo(Helm.NAMESPACE);
    assertThat(flatten(role.getRules()))
        .containsExactly("coordination.k8s.io/leases: create,get,patch,update");
  }

  @Test
  void leaderElectionOffDropsLeaseRole() {
    List<HasMetadata> objects = Helm.require().template("leaderElection.enabled=false");

    assertThat(Manifests.ofType(objects, Role.class)).isEmpty();
  }

  @Test
  void noRuleUsesWildcard() {
    for (String[] values :
        List.of(new String[0], new String[] {"watchNamespaces={shop,payments}"})) {
      List<HasMetadata> objects = Helm.require().template(values);
      List<PolicyRule> rules = new ArrayList<>();
      Manifests.ofType(objects, ClusterRole.class).forEach(role -> rules.addAll(role.getRules()));
      Manifests.ofType(objects, Role.class).forEach(role -> rules.addAll(role.getRules()));

      assertThat(rules).isNotEmpty();
      for (PolicyRule rule : rules) {
        List<String> fields =
            Stream.of(rule.getApiGroups(), rule.getResources(), rule.getVerbs())
                .flatMap(List::stream)
                .toList();
        assertThat(fields).as("rule %s", rule).noneMatch(field -> field.contains("*"));
        assertThat(rule.getResourceNames()).as("rule %s", rule).isNullOrEmpty();
        assertThat(rule.getNonResourceURLs()).as("rule %s", rule).isNullOrEmpty();
      }
    }
  }

  private static ClusterRole clusterRole(List<HasMetadata> objects, String name) {
    return Manifests.ofType(objects, ClusterRole.class).stream()
        .filter(role -> role.getMetadata().getName().equals(name))
        .findFirst()
        .orElseThrow(() -> new AssertionError("ClusterRole " + name + " not rendered"));
  }

  /** Flattens rules to one sorted line per (group, resource) pair. */
  static List<String> flatten(List<PolicyRule> rules) {
    List<String> lines = new ArrayList<>();
    for (PolicyRule rule : rules) {
      String verbs = String.join(",", new TreeSet<>(rule.getVerbs()));
      for (String group : rule.getApiGroups()) {
        for (String resource : rule.getResources()) {
          lines.add(group + "/" + resource + ": " + verbs);
        }
      }
    }
    return lines;
  }
}
