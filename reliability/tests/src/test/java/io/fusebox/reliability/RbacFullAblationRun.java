package io.fusebox.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fusebox.testing.KubeApiServerTest;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The full RBAC ablation: removes every verb the chart grants in turn, runs {@link RbacScenario}
 * without it, and prints one table row per verb. It takes about 7 minutes, so its name keeps it out
 * of the suite's default includes; {@code reliability/run.sh rbac-ablation} runs it with {@code
 * -Dtest=RbacFullAblationRun}. {@link RbacAblationTest} runs a sample of four verbs in CI.
 */
@KubeApiServerTest(repositoryCrds = false)
class RbacFullAblationRun {

  @Test
  void everyRemovedVerbFailsScenario(KubernetesClient client) throws Exception {
    ChartRbac.findHelm();
    Set<String> granted = ChartRbac.granted(ChartRbac.render(client, RbacRun.RELEASE_NAMESPACE));
    List<String> passed = new ArrayList<>();
    StringBuilder table = new StringBuilder("| removed verb | scenario failed | how | time |\n");
    table.append("|---|---|---|---|\n");
    for (String permission : granted) {
      RbacRun.Outcome outcome =
          RbacRun.run(RbacAblationTest.runDir(permission), permission, RbacAblationTest.STEP_BOUND);
      String line =
          String.format(
              Locale.ROOT,
              "| `%s` | %s | %s | %d s |",
              permission,
              outcome.failed() ? "yes" : "no",
              outcome.how().replace("|", "/"),
              outcome.duration().toSeconds());
      System.out.println("RBAC-ABLATION " + line);
      table.append(line).append('\n');
      if (!outcome.failed()) {
        passed.add(permission);
      }
    }
    System.out.println(table);
    assertThat(passed).as("verbs whose removal failed no step").isEmpty();
  }
}
