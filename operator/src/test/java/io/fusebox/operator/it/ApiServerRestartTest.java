package io.fusebox.operator.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fusebox.api.v1alpha1.CircuitBreakerPolicy;
import io.fusebox.testing.KubeApiServerTest;
import io.fusebox.testing.KubeTestEnvironment;
import java.time.Duration;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@KubeApiServerTest(repositoryCrds = false)
class ApiServerRestartTest {

  private static final Duration BOUND = Duration.ofSeconds(90);

  private OperatorFixture fixture;

  @BeforeEach
  void startOperator(KubeTestEnvironment environment, KubernetesClient client) throws Exception {
    fixture = OperatorFixture.start(environment, client);
    fixture.createDeployment("checkout", 2);
  }

  @AfterEach
  void stopOperator() {
    fixture.close();
  }

  @Test
  void restartedApiServerConvergesWithoutDuplicates(
      KubeTestEnvironment environment, KubernetesClient client) {
    IntStream.range(0, 5)
        .forEach(i -> fixture.createPolicy(Policies.basic("policy-" + i, "checkout")));
    // Change two policies and stop the API server before the operator can finish.
    for (int i = 0; i < 2; i++) {
      // A JSON patch carries no resourceVersion, so a status write by the operator between a
      // read and this write cannot make it fail with 409 Conflict as edit() can.
      client
          .resources(CircuitBreakerPolicy.class)
          .withName("policy-" + i)
          .patch(
              PatchContext.of(PatchType.JSON),
              "[{\"op\":\"replace\",\"path\":\"/spec/breakers/0/failureThreshold\",\"value\":7}]");
    }
    environment.controlPlane().stopApiServer();
    environment.controlPlane().startApiServer();
    IntStream.range(5, 8)
        .forEach(i -> fixture.createPolicy(Policies.basic("policy-" + i, "checkout")));

    // Ready alone can still be the status of generation 1 for the two edited policies, so the
    // wait also requires their status to report the edited generation.
    await()
        .atMost(BOUND)
        .until(
            () ->
                IntStream.range(0, 8)
                        .allMatch(
                            i -> fixture.conditionIs("policy-" + i, "Ready", "True", "Reconciled"))
                    && IntStream.range(0, 2)
                        .allMatch(
                            i ->
                                Long.valueOf(2L)
                                    .equals(
                                        fixture
                                            .policy("policy-" + i)
                                            .getStatus()
                                            .getObservedGeneration())));
    for (int i = 0; i < 2; i++) {
      CircuitBreakerPolicy changed = fixture.policy("policy-" + i);
      assertThat(changed.getStatus().getObservedGeneration()).isEqualTo(2L);
      assertThat(fixture.configMap("policy-" + i).getData().get("circuit-breaker.yaml"))
          .contains("failure_threshold: 7");
    }
    assertThat(
            client
                .configMaps()
                .withLabel("app.kubernetes.io/managed-by", "fusebox")
                .list()
                .getItems())
        .hasSize(8);
  }
}
