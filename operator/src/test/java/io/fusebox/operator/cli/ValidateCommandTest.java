package io.fusebox.operator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ValidateCommandTest {

  @Test
  void exampleIsValid() {
    CommandRun run = CommandRun.of("validate", "-f", "../examples/checkout-policy.yaml");

    assertThat(run.exitCode()).isZero();
    assertThat(run.err()).isEmpty();
    assertThat(run.out()).contains("1 policy valid");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "unknown-field.yaml | 12 | unknown field \"failureTreshold\" in spec.breakers[0]",
        "wrong-type.yaml | 12 | failureThreshold must be an integer (was \"five\")",
        "out-of-range.yaml | 12 | successThreshold must be at least 1 (was 0)",
        "duplicate-breaker.yaml | 13 | spec.breakers[2] duplicates spec.breakers[0] (name=redis)",
        "failure-rate-zero.yaml | 12 | failureRateThreshold must be greater than 0 (was 0)",
        "failure-rate-above-hundred.yaml | 12 | failureRateThreshold must be at most 100 (was 101)",
        "malformed.yaml | 12 | invalid YAML",
        "max-recovery-below-recovery.yaml | 13 | maxRecoveryTimeout (30s) must be at least"
            + " recoveryTimeout (60s)",
        "min-replicas-above-max.yaml | 12 | minReplicas (5) must not exceed maxReplicas (3)"
      })
  void invalidInputGivesOneLocatedMessage(String file, int line, String message) {
    CommandRun run = CommandRun.of("validate", "-f", "../examples/invalid/" + file);

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.errLines()).hasSize(1);
    assertThat(run.errLines().get(0)).startsWith("../examples/invalid/" + file + ":" + line + ": ");
    assertThat(run.errLines().get(0)).contains(message);
    assertThat(run.out()).isEmpty();
  }

  @Test
  void everyInvalidExampleIsReported() {
    CommandRun run = CommandRun.of("validate", "-f", "../examples/invalid");

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.errLines()).hasSize(9);
  }

  @Test
  void fileWithoutPolicyIsRejected(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("empty.yaml");
    Files.writeString(file, "---\n---\n");

    CommandRun run = CommandRun.of("validate", "-f", file.toString());

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.errLines()).hasSize(1);
    assertThat(run.errLines().get(0))
        .isEqualTo(
            file
                + ": no CircuitBreakerPolicy found; check the path, and that each policy document"
                + " has apiVersion fusebox.io/v1alpha1 and kind CircuitBreakerPolicy");
    assertThat(run.out()).isEmpty();
  }

  @Test
  void invalidUtf8IsReportedWithoutTrace(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("binary.yaml");
    Files.write(file, new byte[] {(byte) 0xff, (byte) 0xfe, 0});

    CommandRun run = CommandRun.of("validate", "-f", file.toString());

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.errLines())
        .containsExactly(file + ":1: file is not valid UTF-8 text; save it as UTF-8");
    assertThat(run.out()).isEmpty();
  }

  @Test
  void duplicateYamlKeyIsRejected(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("dup.yaml");
    Files.writeString(
        file,
        "apiVersion: fusebox.io/v1alpha1\nkind: CircuitBreakerPolicy\n"
            + "metadata: {name: a, namespace: b}\n"
            + "spec:\n  targetRef: {kind: Deployment, name: a}\n  mode: Shadow\n  mode: Enforce\n");

    CommandRun run = CommandRun.of("validate", "-f", file.toString());

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.errLines()).hasSize(1);
    assertThat(run.errLines().get(0)).contains("dup.yaml:7:", "duplicate key (\"mode\")");
  }

  @Test
  void wrongVersionOfOurKindRejected(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("v.yaml");
    Files.writeString(
        file, "apiVersion: fusebox.io/v1\nkind: CircuitBreakerPolicy\nmetadata: {name: a}\n");

    CommandRun run = CommandRun.of("validate", "-f", file.toString());

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.errLines().get(0)).contains("v.yaml:1:", "use apiVersion fusebox.io/v1alpha1");
  }
}
