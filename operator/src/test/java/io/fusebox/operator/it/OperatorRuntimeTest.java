package io.fusebox.operator.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fusebox.api.v1alpha1.CircuitBreakerPolicy;
import io.fusebox.operator.runtime.FuseboxOperator;
import io.fusebox.operator.runtime.OperatorSettings;
import io.fusebox.testing.KubeApiServerTest;
import io.fusebox.testing.KubeTestEnvironment;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;

@KubeApiServerTest(repositoryCrds = false)
class OperatorRuntimeTest {

  private static final Duration BOUND = Duration.ofSeconds(60);

  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  @Test
  void leaderTakesLeaseThenReconciles(KubeTestEnvironment environment, KubernetesClient client)
      throws Exception {
    OperatorFixture.installPolicyCrd(client);
    String namespace = environment.namespace();
    OperatorSettings settings =
        OperatorSettings.defaults()
            .withNamespaces(Set.of(namespace))
            .withLeaderElection(true, "fusebox-test-lease", namespace);

    try (FuseboxOperator operator =
        FuseboxOperator.start(
            environment.controlPlane().adminConfig(namespace),
            settings,
            Clock.systemUTC(),
            () -> {})) {
      await()
          .atMost(BOUND)
          .until(
              () -> lease(client) != null && lease(client).getSpec().getHolderIdentity() != null);
      var fixture = new PolicyClient(client, namespace);
      fixture.createDeployment();
      fixture.createPolicy();

      await().atMost(BOUND).until(fixture::ready);
      assertThat(lease(client).getSpec().getLeaseDurationSeconds()).isPositive();
    }
  }

  @Test
  void healthServerServesProbesAndMetrics(KubeTestEnvironment environment, KubernetesClient client)
      throws Exception {
    OperatorFixture.installPolicyCrd(client);
    String namespace = environment.namespace();
    OperatorSettings settings =
        OperatorSettings.defaults()
            .withNamespaces(Set.of(namespace))
            .withHealthAddress(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));

    try (FuseboxOperator operator =
        FuseboxOperator.start(
            environment.controlPlane().adminConfig(namespace),
            settings,
            Clock.systemUTC(),
            () -> {})) {
      int port = operator.healthAddress().orElseThrow().getPort();
      var fixture = new PolicyClient(client, namespace);
      fixture.createDeployment();
      fixture.createPolicy();
      await().atMost(BOUND).until(fixture::ready);

      assertThat(get(port, "/healthz").statusCode()).isEqualTo(200);
      assertThat(get(port, "/readyz").statusCode()).isEqualTo(200);
      String metrics = get(port, "/metrics").body();
      assertThat(metrics).contains("operator_sdk_reconciliations_started_total");
      assertThat(metrics).contains("fusebox_operator_decode_failures_total 0.0");
      assertThat(metrics).contains("jvm_memory_used_bytes");
      assertThat(metrics).doesNotContain("name=\"checkout\"");
    }
  }

  private Lease lease(KubernetesClient client) {
    return client.leases().withName("fusebox-test-lease").get();
  }

  private HttpResponse<String> get(int port, String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .timeout(Duration.ofSeconds(5))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** Creates a Deployment and a policy, and reads the policy's readiness. */
  private record PolicyClient(KubernetesClient client, String namespace) {

    void createDeployment() {
      client.resource(OperatorFixture.deployment(namespace, "checkout", 1)).create();
    }

    void createPolicy() {
      var policy =
          client
              .getKubernetesSerialization()
              .unmarshal(Policies.basic("checkout", "checkout"), CircuitBreakerPolicy.class);
      policy.getMetadata().setNamespace(namespace);
      client.resource(policy).create();
    }

    boolean ready() {
      var policy =
          client
              .resources(CircuitBreakerPolicy.class)
              .inNamespace(namespace)
              .withName("checkout")
              .get();
      return policy.getStatus() != null
          && policy.getStatus().getConditions().stream()
              .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
    }
  }
}
