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
}
