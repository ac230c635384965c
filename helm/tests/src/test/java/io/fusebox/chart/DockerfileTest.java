package io.fusebox.chart;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * Rules of the operator image, read from the Dockerfile because no container engine runs here: a
 * numeric non-root user, a JRE 17 runtime, nothing written outside /tmp.
 */
class DockerfileTest {

  /** One instruction of the Dockerfile: its keyword in upper case and its arguments. */
  record Instruction(String keyword, String arguments) {}

  @Test
  void runtimeStageRunsAsNumericNonRootUser() {
    List<Instruction> runtime = runtimeStage();

    List<String> users =
        runtime.stream()
            .filter(i -> i.keyword().equals("USER"))
            .map(Instruction::arguments)
            .toList();
    assertThat(users).as("USER instructions of the runtime stage").isNotEmpty();
    String lastUser = users.get(users.size() - 1);
    assertThat(lastUser).matches("[0-9]+(:[0-9]+)?");
    assertThat(Integer.parseInt(lastUser.split(":")[0])).isPositive();
  }

  @Test
  void runtimeStageUsesJre17() {
    Instruction from = runtimeStage().get(0);

    assertThat(from.arguments()).contains("17").containsIgnoringCase("jre");
  }

  @Test
  void buildStageUsesJdk17() {
    List<Instruction> instructions = parse();
    Instruction firstFrom =
        instructions.stream().filter(i -> i.keyword().equals("FROM")).findFirst().orElseThrow();

    assertThat(firstFrom.arguments()).contains("17").containsIgnoringCase(" AS build");
    assertThat(instructions.stream().filter(i -> i.keyword().equals("FROM"))).hasSize(2);
  }

  @Test
  void entrypointRunsOperatorJar() {
    List<String> entrypoints =
        runtimeStage().stream()
            .filter(i -> i.keyword().equals("ENTRYPOINT"))
            .map(Instruction::arguments)
            .toList();

    assertThat(entrypoints)
        .containsExactly("[\"java\", \"-jar\", \"/app/fusebox.jar\", \"operator\"]");
  }

  @Test
  void runtimeWritesOnlyUnderTmp() {
    List<Instruction> runtime = runtimeStage();

    assertThat(runtime).noneMatch(i -> i.keyword().equals("VOLUME"));
    assertThat(runtime)
        .filteredOn(i -> i.keyword().equals("ENV"))
        .anySatisfy(i -> assertThat(i.arguments()).contains("-Djava.io.tmpdir=/tmp"));
    assertThat(runtime)
        .filteredOn(i -> i.keyword().equals("COPY"))
        .allSatisfy(i -> assertThat(i.arguments()).contains("--chown=0:0"));
  }

  private static List<Instruction> runtimeStage() {
    List<Instruction> instructions = parse();
    int lastFrom = -1;
    for (int i = 0; i < instructions.size(); i++) {
      if (instructions.get(i).keyword().equals("FROM")) {
        lastFrom = i;
      }
    }
    assertThat(lastFrom).as("FROM in Dockerfile").isNotNegative();
    return instructions.subList(lastFrom, instructions.size());
  }

  /** Parses the Dockerfile, joining lines continued with a trailing backslash. */
  static List<Instruction> parse() {
    String text = Manifests.read(ProjectFiles.root().resolve("Dockerfile"));
    List<Instruction> instructions = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    for (String line : text.split("\n")) {
      String trimmed = line.strip();
      if (current.isEmpty() && (trimmed.isEmpty() || trimmed.startsWith("#"))) {
        continue;
      }
      if (trimmed.endsWith("\\")) {
        current.append(trimmed, 0, trimmed.length() - 1).append(' ');
        continue;
      }
      current.append(trimmed);
      String joined = current.toString().strip();
      current.setLength(0);
      int space = joined.indexOf(' ');
      instructions.add(
          new Instruction(
              joined.substring(0, space).toUpperCase(Locale.ROOT),
              joined.substring(space + 1).strip()));
    }
    return instructions;
  }
}
