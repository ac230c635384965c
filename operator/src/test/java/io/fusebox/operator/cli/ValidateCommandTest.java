package io.fusebox.operator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class ValidateCommandTest {

  @TempDir Path tempDir;

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
        "max-recovery-below-recovery.yaml | 13 | maxRecoveryTimeout (\"30s\") must be at least"
            + " recoveryTimeout (\"60s\")",
        "min-replicas-above-max.yaml | 12 | minReplicas (5) must not exceed maxReplicas (3);"
            + " lower minReplicas or raise maxReplicas",
        "missing-spec.yaml | 1 | spec is required but missing; add it with at least"
            + " spec.targetRef",
        "unknown-metadata-field.yaml | 6 | unknown field \"lables\" in metadata; known fields:"
            + " annotations, creationTimestamp,",
        "severity-label.yaml | 13 | alert label severity is not allowed (was \"critical\")"
            + " because the severity field sets it",
        "duration-without-unit.yaml | 12 | recoveryTimeout must be a duration with a unit (was"
            + " 30); write 30s",
        "control-character.yaml | 12 | mode must be one of Disabled, Enforce, ForcedOpen, Shadow"
            + " (was \"Shadow\\nEnforce\")",
        "duplicate-policy.yaml | 14 | duplicate policy \"checkout\" in namespace \"shop\","
            + " defined at ../examples/invalid/duplicate-policy.yaml:4 (document 1) and at"
            + " ../examples/invalid/duplicate-policy.yaml:14 (document 2)"
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
    assertThat(run.errLines()).hasSize(15);
  }

  @Test
  void durationWithoutUnitSuggestsSeconds() {
    CommandRun run =
        CommandRun.of("validate", "-f", "../examples/invalid/duration-without-unit.yaml");

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.errLines())
        .containsExactly(
            "../examples/invalid/duration-without-unit.yaml:12:"
                + " spec.breakers[0].recoveryTimeout must be a duration with a unit (was 30);"
                + " write 30s for seconds, or use the unit h, m or ms, such as 500ms, 1m or 1h30m");
  }

  static Stream<Arguments> durationsWithoutUnit() {
    String general = "use a duration with unit h, m, s or ms, such as 500ms, 30s or 1h30m";
    String seconds = " for seconds, or use the unit h, m or ms, such as 500ms, 1m or 1h30m";
    return Stream.of(
        Arguments.of(
            "\"30\"",
            "does not match ^([0-9]{1,6}(\\.[0-9]{1,3})?(h|ms|m|s))+$ (was \"30\"); write 30s"
                + seconds),
        Arguments.of("1.5", "must be a duration with a unit (was 1.5); write 1.5s" + seconds),
        Arguments.of("-5", "must be a duration with a unit (was -5); " + general),
        Arguments.of("1234567", "must be a duration with a unit (was 1234567); " + general));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("durationsWithoutUnit")
  void durationHintMatchesCrdPattern(String value, String message) throws IOException {
    Path file = tempDir.resolve("p.yaml");
    Files.writeString(file, policy("  defaults: {recoveryTimeout: " + value + "}\n"));

    CommandRun run = CommandRun.of("validate", "-f", file.toString());

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.errLines())
        .containsExactly(file + ":6: spec.defaults.recoveryTimeout " + message);
  }

  @Test
  void unquotedBooleanInEnumListsValues() throws IOException {
    Path file = tempDir.resolve("p.yaml");
    Files.writeString(file, policy("  mode: true\n"));

    CommandRun run = CommandRun.of("validate", "-f", file.toString());

    assertThat(run.errLines())
        .containsExactly(
            file
                + ":6: spec.mode must be a string (was true); use one of Disabled, Enforce,"
                + " ForcedOpen, Shadow");
  }

  @Test
  void suggestedDurationIsValid(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("p.yaml");
    Files.writeString(file, policy("  defaults: {recoveryTimeout: 1.5s}\n"));

    assertThat(CommandRun.of("validate", "-f", file.toString()).exitCode()).isZero();
  }

  @Test
  void duplicateAcrossFilesNamesBoth(@TempDir Path dir) throws IOException {
    Files.writeString(dir.resolve("a.yaml"), policy(""));
    Files.writeString(
        dir.resolve("b.yaml"),
        policy("").replace("metadata: {name: a, namespace: shop}", "metadata: {name: a}"));

    CommandRun withOtherNamespace = CommandRun.of("validate", "-f", dir.toString());
    CommandRun withSameNamespace = CommandRun.of("validate", "-f", dir.toString(), "-n", "shop");

    assertThat(withOtherNamespace.exitCode()).isZero();
    assertThat(withSameNamespace.exitCode()).isEqualTo(1);
    assertThat(withSameNamespace.errLines())
        .containsExactly(
            dir.resolve("b.yaml")
                + ":3: metadata.name: duplicate policy \"a\" in namespace \"shop\", defined at "
                + dir.resolve("a.yaml")
                + ":3 (document 1) and at "
                + dir.resolve("b.yaml")
                + ":3 (document 1); give each policy a unique name in its namespace, or delete"
                + " one of them, because applying both keeps only the last");
    assertThat(withSameNamespace.out()).isEmpty();
  }

  @Test
  void controlCharactersStayOnOneLine(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("p.yaml");
    Files.writeString(
        file,
        "apiVersion: fusebox.io/v1alpha1\nkind: CircuitBreakerPolicy\n"
            + "metadata: {name: a, \"lab\\nels\": {}}\n"
            + "spec:\n  targetRef: {kind: \"Deploy\\rment\", name: a}\n"
            + "  \"mo\\u2028de\": Shadow\n");

    CommandRun run = CommandRun.of("validate", "-f", file.toString());

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err()).doesNotContain("\r", "\u2028");
    assertThat(run.errLines()).hasSize(3);
    assertThat(run.errLines().get(0)).contains("unknown field \"lab\\nels\" in metadata");
    assertThat(run.errLines().get(1)).contains("(was \"Deploy\\rment\")");
    assertThat(run.errLines().get(2)).contains("unknown field \"mo\\u2028de\" in spec");
  }

  private static String policy(String specBody) {
    return "apiVersion: fusebox.io/v1alpha1\nkind: CircuitBreakerPolicy\n"
        + "metadata: {name: a, namespace: shop}\n"
        + "spec:\n  targetRef: {kind: Deployment, name: a}\n"
        + specBody;
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
  void directoryWithoutYamlIsNamed(@TempDir Path dir) throws IOException {
    Files.writeString(dir.resolve("notes.txt"), "not a policy\n");

    CommandRun run = CommandRun.of("validate", "-f", dir.toString());

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.errLines())
        .containsExactly(
            dir
                + " (no .yaml or .yml file): no CircuitBreakerPolicy found; check the path, and"
                + " that each policy document has apiVersion fusebox.io/v1alpha1 and kind"
                + " CircuitBreakerPolicy");
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
