package io.fusebox.operator.desired;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PrometheusRulesPromtoolTest {

  @Test
  void promtoolAcceptsExampleRules(@TempDir Path dir) throws Exception {
    Promtool promtool = Promtool.require();
    DesiredState state = PolicyRenderer.render(Policies.example(), null);
    RuleFiles.write(state.prometheusRule(), dir.resolve("rules.yaml"));

    Promtool.Result result = promtool.run(dir, List.of("check", "rules", "rules.yaml"));

    assertThat(result.exitCode()).as(result.output()).isZero();
    assertThat(result.output()).contains("SUCCESS: 3 rules found");
  }

  @Test
  void openAlertFiresAfterOpenFor(@TempDir Path dir) throws Exception {
    Promtool promtool = Promtool.require();
    DesiredState state = PolicyRenderer.render(Policies.example(), null);
    RuleFiles.write(state.prometheusRule(), dir.resolve("rules.yaml"));
    copyResource("/promtool/open-breaker-test.yaml", dir.resolve("test.yaml"));

    Promtool.Result result = promtool.run(dir, List.of("test", "rules", "test.yaml"));

    assertThat(result.exitCode()).as(result.output()).isZero();
    assertThat(result.output()).contains("SUCCESS");
  }

  @Test
  void rateAndReloadAlertsFire(@TempDir Path dir) throws Exception {
    Promtool promtool = Promtool.require();
    DesiredState state = PolicyRenderer.render(Policies.example(), null);
    RuleFiles.write(state.prometheusRule(), dir.resolve("rules.yaml"));
    copyResource("/promtool/rate-and-reload-test.yaml", dir.resolve("test.yaml"));

    Promtool.Result result = promtool.run(dir, List.of("test", "rules", "test.yaml"));

    assertThat(result.exitCode()).as(result.output()).isZero();
  }

  @Test
  void alertTestFailsForShorterOpenFor(@TempDir Path dir) throws Exception {
    Promtool promtool = Promtool.require();
    var policy = Policies.example();
    policy.getSpec().getMonitoring().getAlerts().setOpenFor("15s");
    RuleFiles.write(
        PolicyRenderer.render(policy, null).prometheusRule(), dir.resolve("rules.yaml"));
    copyResource("/promtool/open-breaker-test.yaml", dir.resolve("test.yaml"));

    Promtool.Result result = promtool.run(dir, List.of("test", "rules", "test.yaml"));

    assertThat(result.exitCode()).as("the 90s evaluation must now see a firing alert").isOne();
  }

  private static void copyResource(String name, Path target) throws IOException {
    try (InputStream in = PrometheusRulesPromtoolTest.class.getResourceAsStream(name)) {
      assertThat(in).as(name).isNotNull();
      Files.copy(in, target);
    }
  }
}
