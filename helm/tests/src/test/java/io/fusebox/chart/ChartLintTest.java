package io.fusebox.chart;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** {@code helm lint} and the values schema of the chart. */
class ChartLintTest {

  @Test
  void lintPassesWithDefaultValues() {
    ExternalTool.Result result = Helm.require().lint();

    assertThat(result.exitCode()).as(result.stdout() + result.stderr()).isZero();
  }

  @Test
  void lintPassesWithEveryOptionOn() {
    ExternalTool.Result result =
        Helm.require()
            .lint(
                "watchNamespaces={shop,payments}",
                "serviceMonitor.enabled=true",
                "serviceMonitor.labels.release=prometheus",
                "grafanaDashboard.enabled=true",
                "crds.install=false",
                "leaderElection.enabled=false",
                "image.digest=sha256:" + "a".repeat(64));

    assertThat(result.exitCode()).as(result.stdout() + result.stderr()).isZero();
  }

  @Test
  void schemaRejectsMisspelledKey() {
    ExternalTool.Result result = Helm.require().templateResult("watchNamespace={shop}");

    assertThat(result.exitCode()).isNotZero();
    assertThat(result.stderr()).contains("watchNamespace");
  }

  @Test
  void schemaRejectsInvalidNamespaceName() {
    ExternalTool.Result result = Helm.require().templateResult("watchNamespaces={Shop_1}");

    assertThat(result.exitCode()).isNotZero();
    assertThat(result.stderr()).contains("watchNamespaces");
  }

  @Test
  void schemaRejectsReplicasWithoutLeaderElection() {
    ExternalTool.Result result =
        Helm.require().templateResult("replicaCount=2", "leaderElection.enabled=false");

    assertThat(result.exitCode()).isNotZero();
    assertThat(result.stderr()).contains("enabled");
  }

  @Test
  void schemaAcceptsReplicasWithLeaderElection() {
    ExternalTool.Result result = Helm.require().templateResult("replicaCount=2");

    assertThat(result.exitCode()).as(result.stderr()).isZero();
  }

  @Test
  void schemaRejectsUnknownPullPolicy() {
    ExternalTool.Result result = Helm.require().templateResult("image.pullPolicy=Sometimes");

    assertThat(result.exitCode()).isNotZero();
    assertThat(result.stderr()).contains("pullPolicy");
  }
}
