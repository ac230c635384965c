package io.fusebox.operator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RenderCommandTest {

  private static final String EXAMPLE = "../examples/checkout-policy.yaml";

  @Test
  void renderPrintsFiveObjects() {
    CommandRun run = CommandRun.of("render", "-f", EXAMPLE);

    assertThat(run.exitCode()).isZero();
    assertThat(run.err()).isEmpty();
    List<HasMetadata> objects = Serialization.unmarshal(run.out());
    assertThat(objects)
        .extracting(HasMetadata::getKind)
        .containsExactly(
            "ConfigMap",
            "ServiceMonitor",
            "PrometheusRule",
            "PodDisruptionBudget",
            "HorizontalPodAutoscaler");
  }

  @Test
  void renderTwiceIsByteIdentical() {
    CommandRun first = CommandRun.of("render", "-f", EXAMPLE);
    CommandRun second = CommandRun.of("render", "-f", EXAMPLE);

    assertThat(second.out()).isEqualTo(first.out());
  }

  @Test
  void directoryIsReadRecursivelySorted(@TempDir Path dir) throws IOException {
    String policy = Files.readString(Path.of(EXAMPLE));
    Files.createDirectories(dir.resolve("b"));
    Files.writeString(
        dir.resolve("b/one.yaml"),
        policy.replace("name: checkout\n  namespace", "name: bravo\n  namespace"));
    Files.writeString(
        dir.resolve("a.yml"),
        policy.replace("name: checkout\n  namespace", "name: alpha\n  namespace"));
    Files.writeString(dir.resolve("notes.txt"), "not yaml");
    Files.writeString(
        dir.resolve("c.yaml"), "apiVersion: v1\nkind: Service\nmetadata: {name: other}\n");

    CommandRun run = CommandRun.of("render", "-f", dir.toString());

    assertThat(run.exitCode()).isZero();
    List<HasMetadata> objects = Serialization.unmarshal(run.out());
    assertThat(objects).hasSize(10);
    assertThat(objects.get(0).getMetadata().getName()).isEqualTo("alpha-circuit-breakers");
    assertThat(objects.get(5).getMetadata().getName()).isEqualTo("bravo-circuit-breakers");
  }

  @Test
  void invalidInputPrintsNothing(@TempDir Path dir) throws IOException {
    Files.copy(Path.of(EXAMPLE), dir.resolve("a.yaml"));
    Files.copy(Path.of("../examples/invalid/unknown-field.yaml"), dir.resolve("b.yaml"));

    CommandRun run = CommandRun.of("render", "-f", dir.toString());

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.out()).isEmpty();
    assertThat(run.errLines()).hasSize(1);
    assertThat(run.errLines().get(0)).contains("b.yaml:12:", "failureTreshold");
  }

  @Test
  void duplicatePolicyPrintsNothing(@TempDir Path dir) throws IOException {
    Files.copy(Path.of(EXAMPLE), dir.resolve("a.yaml"));
    Files.copy(Path.of(EXAMPLE), dir.resolve("b.yaml"));

    CommandRun run = CommandRun.of("render", "-f", dir.toString());

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.out()).isEmpty();
    assertThat(run.errLines()).hasSize(1);
    assertThat(run.errLines().get(0))
        .startsWith(dir.resolve("b.yaml") + ":")
        .contains("duplicate policy \"checkout\" in namespace \"shop\"")
        .contains(dir.resolve("a.yaml") + ":", dir.resolve("b.yaml") + ":");
  }

  @Test
  void replicasOptionEnablesBudget(@TempDir Path dir) throws IOException {
    Files.writeString(
        dir.resolve("p.yaml"),
        "apiVersion: fusebox.io/v1alpha1\nkind: CircuitBreakerPolicy\n"
            + "metadata: {name: pay}\n"
            + "spec:\n  targetRef: {kind: StatefulSet, name: pay}\n"
            + "  availability:\n    podDisruptionBudget: {maxUnavailable: \"67%\"}\n");

    CommandRun withoutReplicas = CommandRun.of("render", "-f", dir.toString());
    CommandRun withReplicas = CommandRun.of("render", "-f", dir.toString(), "--replicas", "3");

    assertThat(withoutReplicas.exitCode()).isZero();
    assertThat(withoutReplicas.err()).contains("warning", "replica count is unknown");
    assertThat(withReplicas.exitCode()).isZero();
    assertThat(withReplicas.out()).contains("maxUnavailable: 2\n", "namespace: \"default\"");
  }

  @Test
  void missingFilenameIsUsageError() {
    assertThat(CommandRun.of("render").exitCode()).isEqualTo(2);
    assertThat(CommandRun.of("render", "-f", EXAMPLE, "--bogus").exitCode()).isEqualTo(2);
    assertThat(CommandRun.of("render", "-f", "no/such/file.yaml").exitCode()).isEqualTo(2);
    assertThat(CommandRun.of().exitCode()).isEqualTo(2);
  }
}
