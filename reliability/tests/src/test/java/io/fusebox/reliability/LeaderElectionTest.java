package io.fusebox.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBindingBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fusebox.api.v1alpha1.CircuitBreakerPolicy;
import io.fusebox.operator.runtime.OperatorSettings;
import io.fusebox.testing.CrdInstaller;
import io.fusebox.testing.KubeApiServerTest;
import io.fusebox.testing.KubeBinaries;
import io.fusebox.testing.KubeControlPlane;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Two operator JVMs with leader election, each authenticated as its own ServiceAccount, on a
 * control plane whose API server writes an audit log. The leader is killed with SIGKILL and later
 * restarted as a standby. Every write the audit log records (leases excluded) must come from the
 * Lease holder of that moment: first only A, then only B, never both interleaved.
 */
@KubeApiServerTest(repositoryCrds = false)
class LeaderElectionTest {

  private static final Logger LOG = LoggerFactory.getLogger(LeaderElectionTest.class);
  private static final String NAMESPACE = "leader-election";
  private static final Duration CONVERGENCE = Duration.ofSeconds(90);

  @Test
  void neverTwoWritersAcrossFailover() throws Exception {
    Path dir = Files.createDirectories(Path.of("target", "reliability", "leader-election"));
    Path auditLog = dir.resolve("audit.log").toAbsolutePath();
    Files.deleteIfExists(auditLog);
    Path auditPolicy = dir.resolve("audit-policy.yaml").toAbsolutePath();
    Files.writeString(
        auditPolicy,
        """
        apiVersion: audit.k8s.io/v1
        kind: Policy
        omitStages: [RequestReceived]
        rules:
        - level: Metadata
          verbs: [create, update, patch, delete, deletecollection]
        - level: None
        """);
    KubeBinaries binaries = KubeBinaries.locate().orElseThrow();
    try (KubeControlPlane controlPlane =
            KubeControlPlane.start(
                binaries,
                List.of(
                    "--audit-log-path=" + auditLog,
                    "--audit-policy-file=" + auditPolicy,
                    "--audit-log-mode=blocking"));
        KubernetesClient admin = controlPlane.newClient(NAMESPACE)) {
      CrdInstaller.install(
          admin,
          CrdInstaller.repositoryRoot()
              .orElseThrow()
              .resolve("crd")
              .resolve(CircuitBreakerPolicy.CRD_NAME + "-v1.yml"));
      admin
          .namespaces()
          .resource(
              new NamespaceBuilder().withNewMetadata().withName(NAMESPACE).endMetadata().build())
          .create();
      Path kubeconfigA = serviceAccountKubeconfig(controlPlane, admin, "fusebox-a", dir);
      Path kubeconfigB = serviceAccountKubeconfig(controlPlane, admin, "fusebox-b", dir);
      PolicyOps ops = new PolicyOps(admin, NAMESPACE);
      ops.createTarget("target");
      Map<String, Integer> expected = new LinkedHashMap<>();

      OperatorJvm a = startOperator(kubeconfigA, "fusebox-a", dir);
      OperatorJvm b = null;
      OperatorJvm aAgain = null;
      Instant killedAt;
      try {
        await().atMost(CONVERGENCE).until(() -> "fusebox-a".equals(holder(admin)));
        b = startOperator(kubeconfigB, "fusebox-b", dir);
        for (int i = 0; i < 5; i++) {
          ops.create("p-" + i, "target", 10 + i);
          expected.put("p-" + i, 10 + i);
        }
        awaitConverged(ops, expected);
        for (int i = 0; i < 5; i++) {
          ops.setThreshold("p-" + i, 20 + i);
          expected.put("p-" + i, 20 + i);
        }
        awaitConverged(ops, expected);

        a.kill();
        killedAt = Instant.now();
        for (int i = 0; i < 5; i++) {
          ops.setThreshold("p-" + i, 30 + i);
          expected.put("p-" + i, 30 + i);
        }
        long killed = System.nanoTime();
        await().atMost(CONVERGENCE).until(() -> "fusebox-b".equals(holder(admin)));
        awaitConverged(ops, expected);
        LOG.info(
            "Failover: B holds the Lease and converged {} ms after SIGKILL of A",
            Duration.ofNanos(System.nanoTime() - killed).toMillis());

        aAgain = startOperator(kubeconfigA, "fusebox-a", dir);
        await().atMost(CONVERGENCE).until(aAgain::isReady);
        for (int i = 0; i < 5; i++) {
          ops.setThreshold("p-" + i, 40 + i);
          expected.put("p-" + i, 40 + i);
        }
        ops.create("p-late", "target", 50);
        expected.put("p-late", 50);
        awaitConverged(ops, expected);
        Lease lease = lease(admin);
        assertThat(lease.getSpec().getHolderIdentity()).isEqualTo("fusebox-b");
        assertThat(lease.getSpec().getLeaseTransitions()).isEqualTo(1);
      } finally {
        if (aAgain != null) {
          aAgain.close();
        }
        if (b != null) {
          b.close();
        }
        a.close();
      }

      List<String> writers = writersInOrder(auditLog);
      LOG.info("Audit log: {} writes by the operators", writers.size());
      int switchIndex = writers.indexOf("fusebox-b");
      assertThat(writers).contains("fusebox-a");
      assertThat(switchIndex).isPositive();
      assertThat(writers.subList(0, switchIndex)).containsOnly("fusebox-a");
      assertThat(writers.subList(switchIndex, writers.size())).containsOnly("fusebox-b");
      assertThat(lastWriteOf(auditLog, "fusebox-a")).isBefore(killedAt);
    }
  }

  private static OperatorJvm startOperator(Path kubeconfig, String identity, Path dir)
      throws Exception {
    return OperatorJvm.start(
        kubeconfig,
        NAMESPACE,
        NAMESPACE,
        dir.resolve(identity + ".log"),
        Map.of("HOSTNAME", identity));
  }

  private static void awaitConverged(PolicyOps ops, Map<String, Integer> expected) {
    await("convergence")
        .atMost(CONVERGENCE)
        .pollInterval(Duration.ofMillis(250))
        .until(() -> ops.differences(expected).isEmpty());
  }

  private static Lease lease(KubernetesClient admin) {
    return admin
        .leases()
        .inNamespace(NAMESPACE)
        .withName(OperatorSettings.DEFAULT_LEASE_NAME)
        .get();
  }

  private static String holder(KubernetesClient admin) {
    Lease lease = lease(admin);
    return lease == null ? null : lease.getSpec().getHolderIdentity();
  }

  /** Returns the ServiceAccount of every stored write of the operators but Leases, in order. */
  private static List<String> writersInOrder(Path auditLog) throws Exception {
    List<String> writers = new ArrayList<>();
    for (JsonNode event : operatorWrites(auditLog)) {
      writers.add(accountOf(event));
    }
    return writers;
  }

  private static Instant lastWriteOf(Path auditLog, String account) throws Exception {
    Instant last = Instant.MIN;
    for (JsonNode event : operatorWrites(auditLog)) {
      if (accountOf(event).equals(account)) {
        last = Instant.parse(event.path("requestReceivedTimestamp").asText());
      }
    }
    return last;
  }

  private static List<JsonNode> operatorWrites(Path auditLog) throws Exception {
    ObjectMapper mapper = new ObjectMapper();
    List<JsonNode> events = new ArrayList<>();
    for (String line : Files.readAllLines(auditLog)) {
      JsonNode event = mapper.readTree(line);
      String user = event.path("user").path("username").asText();
      String resource = event.path("objectRef").path("resource").asText();
      if (!event.path("stage").asText().equals("ResponseComplete")
          || !user.startsWith("system:serviceaccount:" + NAMESPACE + ":fusebox-")
          || resource.equals("leases")
          || resource.endsWith("reviews")) {
        // Lease writes are the election itself. A SelfSubjectRulesReview, which JOSDK creates at
        // start to check its permissions, is a query that the API server does not store.
        continue;
      }
      events.add(event);
    }
    events.sort(
        (x, y) ->
            Instant.parse(x.path("requestReceivedTimestamp").asText())
                .compareTo(Instant.parse(y.path("requestReceivedTimestamp").asText())));
    return events;
  }

  private static String accountOf(JsonNode event) {
    String user = event.path("user").path("username").asText();
    return user.substring(user.lastIndexOf(':') + 1);
  }

  /** Creates a ServiceAccount bound to cluster-admin and a kubeconfig with a token for it. */
  private static Path serviceAccountKubeconfig(
      KubeControlPlane controlPlane, KubernetesClient admin, String account, Path dir)
      throws Exception {
    admin
        .serviceAccounts()
        .inNamespace(NAMESPACE)
        .resource(
            new ServiceAccountBuilder().withNewMetadata().withName(account).endMetadata().build())
        .create();
    admin
        .rbac()
        .clusterRoleBindings()
        .resource(
            new ClusterRoleBindingBuilder()
                .withNewMetadata()
                .withName("leader-election-" + account)
                .endMetadata()
                .withNewRoleRef("rbac.authorization.k8s.io", "ClusterRole", "cluster-admin")
                .addNewSubject()
                .withKind("ServiceAccount")
                .withName(account)
                .withNamespace(NAMESPACE)
                .endSubject()
                .build())
        .create();
    String token;
    try (KubernetesClient client = controlPlane.newServiceAccountClient(NAMESPACE, account)) {
      token = client.getConfiguration().getOauthToken();
    }
    String adminConfig = Files.readString(controlPlane.kubeconfig());
    String caLine =
        adminConfig
            .lines()
            .filter(line -> line.strip().startsWith("certificate-authority:"))
            .findFirst()
            .orElseThrow()
            .strip();
    Path file = dir.resolve("kubeconfig-" + account + ".yaml");
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
            "- name: " + account,
            "  user:",
            "    token: " + token,
            "contexts:",
            "- name: " + account,
            "  context: {cluster: local, user: " + account + ", namespace: " + NAMESPACE + "}",
            "current-context: " + account,
            ""));
    return file;
  }
}
