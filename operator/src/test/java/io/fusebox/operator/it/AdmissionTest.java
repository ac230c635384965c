package io.fusebox.operator.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fusebox.testing.KubeApiServerTest;
import io.fusebox.testing.KubeTestEnvironment;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

@KubeApiServerTest(repositoryCrds = false)
class AdmissionTest {

  private static final Duration BOUND = Duration.ofSeconds(30);

  private OperatorFixture fixture;
  private KubernetesClient client;

  @BeforeEach
  void startOperator(KubeTestEnvironment environment, KubernetesClient client) throws Exception {
    this.client = client;
    fixture = OperatorFixture.start(environment, client);
    fixture.createDeployment("checkout", 2);
  }

  @AfterEach
  void stopOperator() {
    fixture.close();
  }

  @ParameterizedTest
  @ValueSource(strings = {"0", "101", "-5"})
  void rateThresholdOutsideRangeIsRejected(String threshold) {
    String yaml = breaker("failureRateThreshold: " + threshold);

    assertThatThrownBy(() -> create(yaml))
        .isInstanceOf(KubernetesClientException.class)
        .satisfies(e -> assertThat(((KubernetesClientException) e).getCode()).isEqualTo(422))
        .hasMessageContaining("failureRateThreshold");
  }

  @Test
  void fullRateThresholdIsAccepted() {
    create(breaker("failureRateThreshold: 100"));

    await()
        .atMost(BOUND)
        .until(() -> fixture.conditionIs("checkout", "Ready", "True", "Reconciled"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"\"5\"", "\"-1m\"", "\"1h30\"", "\"30 s\""})
  void malformedDurationIsRejected(String duration) {
    String yaml = breaker("recoveryTimeout: " + duration);

    assertThatThrownBy(() -> create(yaml))
        .isInstanceOf(KubernetesClientException.class)
        .hasMessageContaining("recoveryTimeout");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {"'bad\"name'", "'with space'", "'{brace}'", "'1starts-with-digit'"})
  void invalidAlertLabelNameIsRejected(String label) {
    String yaml =
        Policies.basic("checkout", "checkout")
            + "  monitoring:\n    alerts:\n      openFor: 1m\n      labels: {'"
            + label.replace("'", "''")
            + "': x}\n";

    assertThatThrownBy(() -> create(yaml)).isInstanceOf(KubernetesClientException.class);
  }

  @Test
  void operatorOnlyCheckGivesInvalidSpec() {
    create(breaker("failureStatusCodes: [\"599-500\"]"));

    await()
        .atMost(BOUND)
        .until(() -> fixture.conditionIs("checkout", "Ready", "False", "InvalidSpec"));
    assertThat(fixture.condition("checkout", "Ready").orElseThrow().getMessage())
        .contains("599-500");
    assertThat(fixture.configMap("checkout")).isNull();
    double reconciles = fixture.reconciles();
    // An invalid spec is not retried: nothing changes, so no reconcile follows.
    await().pollDelay(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(4)).until(() -> true);
    assertThat(fixture.reconciles()).isEqualTo(reconciles);
    assertThat(
            client.v1().events().list().getItems().stream()
                .filter(e -> "InvalidSpec".equals(e.getReason())))
        .hasSize(1);
  }

  private static String breaker(String setting) {
    return """
        apiVersion: fusebox.io/v1alpha1
        kind: CircuitBreakerPolicy
        metadata:
          name: checkout
        spec:
          targetRef: {kind: Deployment, name: checkout}
          breakers:
          - name: database
            %s
        """
        .formatted(setting);
  }

  private void create(String yaml) {
    fixture.createPolicy(yaml);
  }
}
