package io.fusebox.operator.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.FieldValidateable;
import io.fabric8.kubernetes.client.dsl.NonDeletingOperation;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fusebox.testing.KubeApiServerTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Checks that a real API server with the generated CRD accepts and rejects the same policies as
 * {@code fusebox validate}, so the CEL rules compile, fit the cost budget and match the Java
 * checks. Creates use strict field validation, as {@code kubectl apply} does by default, so unknown
 * fields are rejected instead of pruned.
 */
@KubeApiServerTest
class AdmissionAgreementTest {

  private static GenericKubernetesResource read(String file, KubernetesClient client)
      throws IOException {
    GenericKubernetesResource policy =
        Serialization.unmarshal(Files.readString(Path.of(file)), GenericKubernetesResource.class);
    policy.getMetadata().setNamespace(client.getNamespace());
    return policy;
  }

  private static NonDeletingOperation<GenericKubernetesResource> strict(
      KubernetesClient client, GenericKubernetesResource policy) {
    return client.resource(policy).fieldValidation(FieldValidateable.Validation.STRICT);
  }

  @Test
  void exampleIsAdmitted(KubernetesClient client) throws IOException {
    GenericKubernetesResource created =
        strict(client, read("../examples/checkout-policy.yaml", client)).create();

    assertThat(created.getMetadata().getUid()).isNotBlank();
    assertThat(CommandRun.of("validate", "-f", "../examples/checkout-policy.yaml").exitCode())
        .isZero();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "unknown-field.yaml | failureTreshold",
        "wrong-type.yaml | failureThreshold",
        "out-of-range.yaml | Invalid value: 0",
        "duplicate-breaker.yaml | Duplicate value",
        "failure-rate-zero.yaml | Invalid value: 0",
        "failure-rate-above-hundred.yaml | Invalid value: 101",
        "max-recovery-below-recovery.yaml | maxRecoveryTimeout must be at least recoveryTimeout",
        "min-replicas-above-max.yaml | minReplicas must not exceed maxReplicas",
        "missing-spec.yaml | spec: Required value",
        "severity-label.yaml | alert label severity is not allowed",
        "duration-without-unit.yaml | recoveryTimeout in body must be of type string",
        "control-character.yaml | Unsupported value: \"Shadow\\nEnforce\"",
        "unknown-metadata-field.yaml | unknown field \"metadata.lables\""
      })
  void invalidExampleIsRejectedByBoth(String file, String message, KubernetesClient client)
      throws IOException {
    String path = "../examples/invalid/" + file;
    GenericKubernetesResource policy = read(path, client);

    assertThatThrownBy(() -> strict(client, policy).create())
        .isInstanceOf(KubernetesClientException.class)
        .hasMessageContaining(message)
        // Strict field validation returns 400 for unknown fields and 422 for invalid values.
        .satisfies(e -> assertThat(((KubernetesClientException) e).getCode()).isIn(400, 422));
    assertThat(CommandRun.of("validate", "-f", path).exitCode()).isEqualTo(1);
  }

  @Test
  void policyWithoutSpecIsRejected(KubernetesClient client) throws IOException {
    GenericKubernetesResource policy = read("../examples/invalid/missing-spec.yaml", client);

    assertThatThrownBy(() -> strict(client, policy).create())
        .isInstanceOf(KubernetesClientException.class)
        .hasMessageContaining("spec: Required value")
        .satisfies(e -> assertThat(((KubernetesClientException) e).getCode()).isEqualTo(422));
  }

  @Test
  void unknownMetadataFieldDroppedWithoutStrictValidation(KubernetesClient client)
      throws IOException {
    GenericKubernetesResource policy =
        read("../examples/invalid/unknown-metadata-field.yaml", client);

    GenericKubernetesResource created =
        client.resource(policy).fieldValidation(FieldValidateable.Validation.IGNORE).create();

    assertThat(created.getMetadata().getLabels()).isNullOrEmpty();
    assertThat(created.getMetadata().getAdditionalProperties()).doesNotContainKey("lables");
  }

  @Test
  void nullLabelValueIsAdmittedByBoth(KubernetesClient client, @TempDir Path dir)
      throws IOException {
    String yaml =
        Files.readString(Path.of("../examples/checkout-policy.yaml"))
            .replace("  namespace: shop\n", "  namespace: shop\n  labels: {team: null}\n");
    Path file = dir.resolve("null-label.yaml");
    Files.writeString(file, yaml);
    GenericKubernetesResource policy = read(file.toString(), client);

    GenericKubernetesResource created = strict(client, policy).create();

    assertThat(created.getMetadata().getLabels()).containsEntry("team", "");
    assertThat(CommandRun.of("validate", "-f", file.toString()).exitCode()).isZero();
  }

  @Test
  void longPolicyNameIsRejected(KubernetesClient client) throws IOException {
    GenericKubernetesResource policy = read("../examples/checkout-policy.yaml", client);
    policy.getMetadata().setName("p".repeat(64));

    assertThatThrownBy(() -> strict(client, policy).create())
        .isInstanceOf(KubernetesClientException.class)
        .hasMessageContaining("at most 63 characters");
  }

  @Test
  void budgetWithBothFieldsIsRejected(KubernetesClient client) throws IOException {
    GenericKubernetesResource policy = read("../examples/checkout-policy.yaml", client);
    String yaml =
        Serialization.asYaml(policy)
            .replace("minAvailable: 2", "minAvailable: 2\n      maxUnavailable: \"150%\"");

    assertThatThrownBy(
            () ->
                strict(client, Serialization.unmarshal(yaml, GenericKubernetesResource.class))
                    .create())
        .isInstanceOf(KubernetesClientException.class)
        .hasMessageContaining("set exactly one of minAvailable and maxUnavailable")
        .hasMessageContaining("maxUnavailable must be an integer >= 0 or a percentage");
  }
}
