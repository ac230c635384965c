package io.fusebox.operator.desired;

import static org.assertj.core.api.Assertions.assertThat;

import io.fusebox.api.v1alpha1.AlertsSpec;
import io.fusebox.api.v1alpha1.CircuitBreakerPolicy;
import io.fusebox.api.v1alpha1.MonitoringSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;

/**
 * Fuzzes the policy fields that reach alert rule text: the namespace and target name (in label
 * matchers), alert label names and values, severity, the for-durations and the failure-rate
 * threshold. Every input must be rejected with an InvalidSpec finding or rendered into rules that
 * {@code promtool check rules} accepts; promtool checks all rendered files in one run.
 */
class RuleTextFuzzTest {

  private static final int SAMPLES = 400;

  private static final Arbitrary<String> NASTY_TEXT =
      Arbitraries.oneOf(
          Arbitraries.strings()
              .withChars("\"\\{}\n\r\t$`'.-_ aZ09=~|()[]*+?^")
              .withCharRange('\u00e0', '\u00ff')
              .withCharRange('\u4e00', '\u4e10')
              .ofMaxLength(40),
          Arbitraries.of(
              "checkout",
              "a.b",
              "x\"}) or vector(1) #",
              "{{ $value }}",
              "\\",
              "}}",
              "ünï-çødé",
              "line\nbreak",
              "",
              "-",
              "a-"));

  private static final Arbitrary<String> DURATION_TEXT =
      Arbitraries.oneOf(
          Arbitraries.of(
              "5",
              "-1m",
              "1h30",
              "0s",
              "1m",
              "90s",
              "1h30m",
              "500ms",
              "1.5m",
              "0.5ms",
              "999999h999999h999999h",
              "1d",
              " 1m",
              "1m ",
              "m"),
          Arbitraries.strings().withChars("0123456789.hms-").ofMaxLength(8));

  private static final Arbitrary<Double> RATE =
      Arbitraries.oneOf(
          Arbitraries.of(0.0, 100.0, 101.0, -1.0, 0.001, 99.999, 1e-9, Double.NaN),
          Arbitraries.doubles().between(-10, 200));

  // A jqwik example rather than a property, so promtool checks every rendered file in one run.
  // It must run on a jqwik thread because jqwik generators need one.
  @Example
  void ruleTextIsEscapedOrRejected() throws Exception {
    Path dir = Files.createTempDirectory("fusebox-rule-fuzz");
    try {
      Random random = new Random(20261204L);
      List<String> ruleFiles = new ArrayList<>();
      int rejected = 0;
      int escaped = 0;
      for (int i = 0; i < SAMPLES; i++) {
        CircuitBreakerPolicy policy = fuzzedPolicy(random);

        DesiredState state = PolicyRenderer.render(policy, null);

        if (!state.valid()) {
          assertThat(state.problems())
              .extracting(Finding::reason)
              .containsOnly(Finding.INVALID_SPEC);
          assertThat(state.prometheusRule()).isNull();
          rejected++;
          continue;
        }
        if (hasCharactersToEscape(policy)) {
          escaped++;
        }
        String file = "rules-" + i + ".yaml";
        RuleFiles.write(state.prometheusRule(), dir.resolve(file));
        ruleFiles.add(file);
      }
      assertThat(rejected).as("some inputs are rejected").isPositive();
      assertThat(escaped)
          .as("rendered label values with quotes, backslashes or newlines")
          .isPositive();
      assertThat(ruleFiles).as("some inputs are rendered").isNotEmpty();

      Promtool promtool = Promtool.require();
      List<String> args = new ArrayList<>(List.of("check", "rules"));
      args.addAll(ruleFiles);
      Promtool.Result result = promtool.run(dir, args);

      assertThat(result.exitCode()).as(result.output()).isZero();
    } finally {
      deleteRecursively(dir);
    }
  }

  private static boolean hasCharactersToEscape(CircuitBreakerPolicy policy) {
    Map<String, String> labels = policy.getSpec().getMonitoring().getAlerts().getLabels();
    return labels != null
        && labels.values().stream()
            .anyMatch(v -> v.contains("\"") || v.contains("\\") || v.contains("\n"));
  }

  private static void deleteRecursively(Path dir) throws IOException {
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    }
  }

  private static CircuitBreakerPolicy fuzzedPolicy(Random random) {
    CircuitBreakerPolicy policy = Policies.withSpec("");
    policy.getMetadata().setNamespace(pick(random, NASTY_TEXT, "shop"));
    policy.getSpec().getTargetRef().setName(pick(random, NASTY_TEXT, "checkout"));
    AlertsSpec alerts = new AlertsSpec();
    alerts.setOpenFor(pick(random, DURATION_TEXT, null));
    alerts.setFailureRateFor(pick(random, DURATION_TEXT, null));
    alerts.setFailureRate(random.nextBoolean() ? sample(RATE, random) : null);
    alerts.setSeverity(pick(random, NASTY_TEXT, null));
    if (random.nextBoolean()) {
      Map<String, String> labels = new TreeMap<>();
      labels.put(
          random.nextBoolean() ? "team" : sample(NASTY_TEXT, random), sample(NASTY_TEXT, random));
      alerts.setLabels(labels);
    }
    MonitoringSpec monitoring = new MonitoringSpec();
    monitoring.setAlerts(alerts);
    policy.getSpec().setMonitoring(monitoring);
    return policy;
  }

  /**
   * Returns a fuzzed value a third of the time, else {@code usual}, so valid inputs stay common.
   */
  private static <T> T pick(Random random, Arbitrary<T> fuzzed, T usual) {
    return random.nextInt(3) == 0 ? sample(fuzzed, random) : usual;
  }

  /** Draws one value from {@code arbitrary} with the test's seeded random, so runs repeat. */
  private static <T> T sample(Arbitrary<T> arbitrary, Random random) {
    return arbitrary.generator(1000).next(random).value();
  }
}
