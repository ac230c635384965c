package io.fusebox.agent.conformance;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * One conformance scenario file, in the format of {@code conformance/README.md}. Unknown keys are
 * errors, so a misspelt key fails the scenario instead of being skipped.
 *
 * @param name one-line summary
 * @param cases labels of the fault cases the scenario covers
 * @param description what happens and why the expected values are right
 * @param breaker the breaker every step uses unless the step names another
 * @param jitter the instance's fixed jitter share in [-1, 1]; null means 0
 * @param settings the initial settings-file content
 * @param steps the timeline, run in order
 */
record Scenario(
    String name,
    List<String> cases,
    String description,
    String breaker,
    Double jitter,
    String settings,
    List<Step> steps) {

  private static final ObjectMapper MAPPER =
      YAMLMapper.builder()
          .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
          .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .build();

  /** Reads and checks the scenario at {@code file}. */
  static Scenario read(Path file) throws IOException {
    Scenario scenario = MAPPER.readValue(file.toFile(), Scenario.class);
    if (scenario.name == null || scenario.name.isBlank()) {
      throw new IOException(file + ": name is missing; give the scenario a one-line summary");
    }
    if (scenario.breaker == null || scenario.settings == null || scenario.steps == null) {
      throw new IOException(file + ": breaker, settings and steps are required");
    }
    return scenario;
  }

  /** Returns the jitter share, 0 when the file leaves it out. */
  double jitterShare() {
    return jitter == null ? 0 : jitter;
  }

  /**
   * One step of the timeline. The keys run in this order: clock ({@code at}, {@code advance}), then
   * {@code start}, {@code end}, {@code call}, {@code reload}, {@code expect}.
   */
  record Step(
      Double at,
      Double advance,
      String breaker,
      String start,
      String end,
      String call,
      Integer count,
      Double every,
      Boolean admitted,
      String outcome,
      List<String> error,
      Integer status,
      String reload,
      String result,
      String errorContains,
      Expect expect) {

    /** Returns the expected admission of {@code start} and each {@code call}: true by default. */
    boolean expectAdmitted() {
      return admitted == null || admitted;
    }
  }

  /**
   * The checks of one step; a null field is not checked. {@code failureRate} is a {@code NullNode}
   * when the file writes {@code null}, meaning "fewer calls than the minimum".
   */
  record Expect(
      String state,
      Double nextTrialAt,
      Integer consecutiveFailures,
      Map<String, Integer> window,
      JsonNode failureRate,
      Map<String, Integer> halfOpen,
      Boolean ready,
      Map<String, JsonNode> metrics,
      List<String> absent) {}
}
