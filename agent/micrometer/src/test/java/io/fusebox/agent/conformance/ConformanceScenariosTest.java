package io.fusebox.agent.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Runs every shared scenario in {@code conformance/scenarios/} against the Java agent, one dynamic
 * test per file, named after the file. The Rust agent runs the same files, so a scenario that fails
 * here is a difference between the two agents. The format is described in {@code
 * conformance/README.md}.
 */
class ConformanceScenariosTest {

  @TestFactory
  Stream<DynamicTest> everyScenarioPasses() throws IOException {
    Path directory = scenarioDirectory();
    List<Path> files;
    try (Stream<Path> listing = Files.list(directory)) {
      files = listing.filter(path -> path.toString().endsWith(".yaml")).sorted().toList();
    }
    assertThat(files).as("scenario files in %s", directory).isNotEmpty();
    return files.stream()
        .map(
            file ->
                DynamicTest.dynamicTest(file.getFileName().toString(), () -> runScenario(file)));
  }

  private static void runScenario(Path file) throws IOException {
    Scenario scenario = Scenario.read(file);
    try (ScenarioRun run = new ScenarioRun(file.getFileName().toString(), scenario)) {
      run.run();
    }
  }

  /**
   * Returns {@code conformance/scenarios} of the repository: the first directory above the working
   * directory that contains {@code mvnw}.
   */
  private static Path scenarioDirectory() {
    Path start = Path.of("").toAbsolutePath();
    for (Path dir = start; dir != null; dir = dir.getParent()) {
      if (Files.isRegularFile(dir.resolve("mvnw"))) {
        Path scenarios = dir.resolve("conformance").resolve("scenarios");
        assertThat(scenarios).as("scenario directory beside %s", dir.resolve("mvnw")).isDirectory();
        return scenarios;
      }
    }
    throw new AssertionError(
        "no directory above " + start + " contains mvnw; run the tests inside the repository");
  }
}
