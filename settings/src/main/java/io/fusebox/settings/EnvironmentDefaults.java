package io.fusebox.settings;

import com.fasterxml.jackson.core.JsonToken;
import io.fusebox.settings.YamlNode.ScalarNode;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Process-wide breaker defaults from the {@code CIRCUIT_BREAKER_*} environment variables. They rank
 * below every value in the settings file and above the built-in defaults. A variable that is unset
 * or blank sets nothing.
 */
public final class EnvironmentDefaults {

  /** No variable set. */
  public static final EnvironmentDefaults NONE = new EnvironmentDefaults(BreakerSettings.EMPTY);

  /** Source name used in error messages about a variable. */
  public static final String SOURCE = "environment";

  private static final Map<String, BreakerKey> VARIABLES = new LinkedHashMap<>();

  static {
    VARIABLES.put("CIRCUIT_BREAKER_FAILURE_THRESHOLD", BreakerKey.FAILURE_THRESHOLD);
    VARIABLES.put("CIRCUIT_BREAKER_RECOVERY_TIMEOUT_SECONDS", BreakerKey.RECOVERY_TIMEOUT_SECONDS);
    VARIABLES.put("CIRCUIT_BREAKER_TIMEOUT_SECONDS", BreakerKey.TIMEOUT_SECONDS);
    VARIABLES.put("CIRCUIT_BREAKER_SUCCESS_THRESHOLD", BreakerKey.SUCCESS_THRESHOLD);
  }

  private final BreakerSettings settings;

  private EnvironmentDefaults(BreakerSettings settings) {
    this.settings = settings;
  }

  /**
   * Reads the four {@code CIRCUIT_BREAKER_*} variables from {@code environment}, usually {@code
   * System.getenv()}.
   *
   * @throws SettingsException naming the first invalid variable and its value
   */
  public static EnvironmentDefaults fromEnvironment(Map<String, String> environment)
      throws SettingsException {
    Objects.requireNonNull(environment, "environment");
    BreakerSettings.Builder builder = BreakerSettings.builder();
    for (Map.Entry<String, BreakerKey> variable : VARIABLES.entrySet()) {
      String text = environment.get(variable.getKey());
      if (text == null || text.isBlank()) {
        continue;
      }
      ValueType type = variable.getValue().type();
      try {
        builder.set(variable.getValue(), type.fromNode(scalar(text.strip())));
      } catch (InvalidValueException e) {
        throw new SettingsException(SOURCE, 0, variable.getKey(), text, e.problem(), e.fix());
      }
    }
    return new EnvironmentDefaults(builder.build());
  }

  /** Returns the defaults as a breaker entry with only the set variables present. */
  public BreakerSettings settings() {
    return settings;
  }

  /** Returns the variable names this class reads, in a fixed order. */
  public static Iterable<String> variableNames() {
    return VARIABLES.keySet();
  }

  private static ScalarNode scalar(String text) {
    BigDecimal number;
    try {
      number = new BigDecimal(text);
    } catch (NumberFormatException e) {
      return new ScalarNode(0, JsonToken.VALUE_STRING, text, null);
    }
    boolean integral = text.chars().allMatch(c -> Character.isDigit(c) || c == '-' || c == '+');
    return new ScalarNode(
        0, integral ? JsonToken.VALUE_NUMBER_INT : JsonToken.VALUE_NUMBER_FLOAT, text, number);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof EnvironmentDefaults defaults && settings.equals(defaults.settings);
  }

  @Override
  public int hashCode() {
    return settings.hashCode();
  }

  @Override
  public String toString() {
    return "EnvironmentDefaults" + settings.values();
  }
}
