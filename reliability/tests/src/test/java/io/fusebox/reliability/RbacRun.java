package io.fusebox.reliability;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fusebox.api.v1alpha1.CircuitBreakerPolicy;
import io.fusebox.testing.CrdInstaller;
import io.fusebox.testing.KubeBinaries;
import io.fusebox.testing.KubeControlPlane;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.awaitility.core.ConditionTimeoutException;
import org.awaitility.core.TerminalFailureException;

/**
 * One run of {@link RbacScenario} with the operator JVM under the chart's ServiceAccount, on a
 * fresh control plane with RBAC authorization, an audit log and the {@code
 * OwnerReferencesPermissionEnforcement} admission plugin, optionally with one granted permission
 * removed from the chart's roles.
 */
final class RbacRun {

  static final String RELEASE_NAMESPACE = "fusebox-system";
  static final String APP_NAMESPACE = "shop";
  private static final String OPERATOR_USER =
      "system:serviceaccount:" + RELEASE_NAMESPACE + ":fusebox";

  /**
   * Result of a run.
   *
   * @param granted permissions the applied roles granted
   * @param used permissions of operator requests that passed authorization
   * @param forbidden permissions of operator requests that got 403, one entry per request
   * @param errorLines ERROR lines of the operator log
   * @param exited whether the operator process had exited when the scenario ended
   * @param stalled the Awaitility message of the step that failed or timed out, if one did
   * @param duration wall-clock time of the run, control-plane start included
   */
  record Outcome(
      Set<String> granted,
      Set<String> used,
      List<String> forbidden,
      List<String> errorLines,
      boolean exited,
      Optional<String> stalled,
      Duration duration) {

    boolean failed() {
      return !forbidden.isEmpty() || !errorLines.isEmpty() || exited || stalled.isPresent();
    }

    /**
     * Returns the first sign of failure: a 403, an ERROR line, the operator's exit, or the step
     * that did not converge.
     */
    String how() {
      if (!forbidden.isEmpty()) {
        return "403 on " + new TreeSet<>(forbidden);
      }
      if (!errorLines.isEmpty()) {
        String line = errorLines.get(0);
        return "ERROR log: " + line.substring(0, Math.min(line.length(), 160));
      }
      if (exited) {
        return "operator exited" + stalled.map(message -> ": " + message).orElse("");
      }
      return stalled.map(message -> "no convergence: " + message).orElse("-");
    }
  }

  private RbacRun() {}

  /**
   * Runs the scenario with every permission the chart grants, or without {@code removed} when it is
   * not null.
   *
   * @param dir directory for the audit log, the kubeconfig and the operator log
   * @param stepBound how long each scenario step may take to converge
   */
  static Outcome run(Path dir, String removed, Duration stepBound) throws Exception {
    long started = System.nanoTime();
    Files.createDirectories(dir);
    Path audit = dir.resolve("audit.log");
    Files.deleteIfExists(audit);
    Path auditPolicy = dir.resolve("audit-policy.yaml");
    Files.writeString(auditPolicy, AuditLog.METADATA_POLICY);
    Path operatorLog = dir.resolve("operator.log");
    // The operator appends to its log, so the lines of an earlier run would count in this one.
    Files.deleteIfExists(operatorLog);
    List<String> flags = new ArrayList<>(AuditLog.flags(audit, auditPolicy));
    // With this plugin, setting blockOwnerDeletion needs update on the owner's finalizers and
    // changing an existing object's owner references needs delete on that object, as on clusters
    // that enable it.
    flags.add("--enable-admission-plugins=OwnerReferencesPermissionEnforcement");

    Path root = CrdInstaller.repositoryRoot().orElseThrow();
    try (KubeControlPlane controlPlane =
            KubeControlPlane.start(KubeBinaries.locate().orElseThrow(), flags);
        KubernetesClient admin = controlPlane.newClient(APP_NAMESPACE)) {
      CrdInstaller.install(admin, root.resolve("crd/" + CircuitBreakerPolicy.CRD_NAME + "-v1.yml"));
      Path monitoring = root.resolve("operator/src/test/resources/monitoring-crds");
      CrdInstaller.install(admin, monitoring.resolve("servicemonitors.monitoring.coreos.com.yaml"));
      CrdInstaller.install(admin, monitoring.resolve("prometheusrules.monitoring.coreos.com.yaml"));
      for (String namespace : List.of(RELEASE_NAMESPACE, APP_NAMESPACE)) {
        admin
            .namespaces()
            .resource(
                new NamespaceBuilder().withNewMetadata().withName(namespace).endMetadata().build())
            .create();
      }
      List<HasMetadata> chart = ChartRbac.render(admin, RELEASE_NAMESPACE);
      if (removed != null) {
        chart = ChartRbac.without(chart, removed);
      }
      for (HasMetadata object : chart) {
        admin.resource(object).serverSideApply();
      }

      Path kubeconfig = serviceAccountKubeconfig(controlPlane, dir);
      Optional<String> stalled = Optional.empty();
      List<String> errorLines;
      boolean exited;
      try (OperatorJvm operator =
          OperatorJvm.start(
              kubeconfig,
              "",
              RELEASE_NAMESPACE,
              operatorLog,
              Map.of("HOSTNAME", "fusebox-rbac"),
              "--monitoring-recheck-interval=2s",
              "--conflict-recheck-interval=2s")) {
        AuditTail tail = new AuditTail(audit);
        RbacScenario scenario =
            new RbacScenario(
                admin,
                APP_NAMESPACE,
                stepBound,
                () ->
                    !operator.isAlive()
                        || tail.hasForbidden(OPERATOR_USER)
                        || !operator.errorLines().isEmpty());
        try {
          scenario.run(operator);
        } catch (ConditionTimeoutException | TerminalFailureException e) {
          stalled = Optional.of(e.getMessage());
        }
        errorLines = operator.errorLines();
        exited = !operator.isAlive();
      }

      Set<String> used = new TreeSet<>();
      List<String> forbidden = new ArrayList<>();
      for (JsonNode event : AuditLog.eventsOf(audit, OPERATOR_USER)) {
        int status = AuditLog.statusOf(event);
        String permission = AuditLog.permissionOf(event);
        if (status == 403) {
          forbidden.add(permission);
        } else if (status >= 100 && status < 500 && status != 401 && status != 429) {
          // Authorization ran and passed: a 101 (watch upgrade), 404 or 409 comes after the RBAC
          // check, a 429 before it.
          used.add(permission);
        }
      }
      return new Outcome(
          ChartRbac.granted(chart),
          used,
          forbidden,
          errorLines,
          exited,
          stalled,
          Duration.ofNanos(System.nanoTime() - started));
    }
  }

  /** Writes a kubeconfig with a token of the chart's ServiceAccount {@code fusebox}. */
  private static Path serviceAccountKubeconfig(KubeControlPlane controlPlane, Path dir)
      throws Exception {
    String token;
    try (KubernetesClient client =
        controlPlane.newServiceAccountClient(RELEASE_NAMESPACE, "fusebox")) {
      token = client.getConfiguration().getOauthToken();
    }
    String caLine =
        Files.readString(controlPlane.kubeconfig())
            .lines()
            .filter(line -> line.strip().startsWith("certificate-authority:"))
            .findFirst()
            .orElseThrow()
            .strip();
    Path file = dir.resolve("kubeconfig-fusebox.yaml");
    Files.writeString(
        file,
        String.join(
            "\n",
            "apiVersion: v1",
            "kind: Config",
            "clusters:",
            "- name: local",
            "  cluster:",
            "    server: " + controlPlane.apiServerUrl(),
            "    " + caLine,
            "users:",
            "- name: fusebox",
            "  user:",
            "    token: " + token,
            "contexts:",
            "- name: fusebox",
            "  context: {cluster: local, user: fusebox, namespace: " + RELEASE_NAMESPACE + "}",
            "current-context: fusebox",
            "",
            ""),
        StandardCharsets.UTF_8);
    return file;
  }
}
