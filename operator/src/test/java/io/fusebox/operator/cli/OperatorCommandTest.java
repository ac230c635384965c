package io.fusebox.operator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class OperatorCommandTest {

  @Test
  void namespaceListIsTrimmed() {
    assertThat(OperatorCommand.parseNamespaces(" shop, payments ,,"))
        .containsExactly("shop", "payments");
  }

  @Test
  void emptyNamespaceListMeansAll() {
    assertThat(OperatorCommand.parseNamespaces("")).isEmpty();
  }

  @Test
  void optionsParseWithDefaults() {
    var command = new OperatorCommand();
    new CommandLine(command)
        .parseArgs("--namespaces=shop", "--no-leader-election", "--health-port=9090");

    assertThat(command.namespaces).isEqualTo("shop");
    assertThat(command.leaderElection).isFalse();
    assertThat(command.healthPort).isEqualTo(9090);
    assertThat(command.monitoringRecheckInterval).hasSeconds(30);
    assertThat(command.reconcileThreads).isEqualTo(10);
  }

  @Test
  void leaderElectionDefaultsOn() {
    var command = new OperatorCommand();
    new CommandLine(command).parseArgs();

    assertThat(command.leaderElection).isTrue();
    assertThat(command.healthPort).isEqualTo(8080);
  }

  @Test
  void leaseStartFailureNamesTheRule() {
    RuntimeException failure =
        new IllegalStateException(
            "Operator failed",
            new IllegalStateException(
                "No permission to lease resource.\nmissing required verbs: [update]"));

    String line = OperatorCommand.describeStartFailure(failure);

    assertThat(line)
        .isEqualTo(
            "Operator failed to start: Operator failed; caused by: No permission to lease"
                + " resource. missing required verbs: [update]; grant get, create, update and"
                + " patch on coordination.k8s.io leases in the lease namespace (the chart's"
                + " leader-election Role does), or run a single replica with"
                + " --no-leader-election");
  }

  @Test
  void otherStartFailureKeepsItsMessage() {
    String line =
        OperatorCommand.describeStartFailure(new IllegalArgumentException("bad kubeconfig"));

    assertThat(line).isEqualTo("Operator failed to start: bad kubeconfig");
  }
}
