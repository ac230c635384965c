package io.fusebox.agent.conformance;

import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The series of one Prometheus text exposition, keyed by name and label set, and the selectors that
 * scenarios write ({@code name{label="value",...}}, label order free). Label values in Fusebox
 * metrics contain no quotes, commas or braces, so a plain split is enough.
 */
final class PrometheusText {

  /** A series name and its labels, sorted by label name so that label order does not matter. */
  record Series(String name, Map<String, String> labels) {

    /** Returns whether this series has {@code name} and every label of {@code selector}. */
    boolean matches(Series selector) {
      return name.equals(selector.name)
          && labels.entrySet().containsAll(selector.labels.entrySet());
    }
  }

  private final Map<Series, Double> values = new HashMap<>();

  private PrometheusText() {}

  /** Parses the samples of {@code exposition}; comment and blank lines are skipped. */
  static PrometheusText parse(String exposition) {
    PrometheusText text = new PrometheusText();
    for (String line : exposition.split("\n")) {
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      int space = line.lastIndexOf(' ');
      String value = line.substring(space + 1);
      double number = value.equals("NaN") ? Double.NaN : Double.parseDouble(value);
      text.values.put(parseSelector(line.substring(0, space)), number);
    }
    return text;
  }

  /** Parses a selector such as {@code fusebox_circuit_breaker_state{breaker="a",state="open"}}. */
  static Series parseSelector(String selector) {
    int brace = selector.indexOf('{');
    if (brace < 0) {
      return new Series(selector.trim(), Map.of());
    }
    Map<String, String> labels = new TreeMap<>();
    String inner = selector.substring(brace + 1, selector.lastIndexOf('}'));
    for (String pair : inner.split(",")) {
      if (pair.isBlank()) {
        continue;
      }
      int equals = pair.indexOf('=');
      if (equals < 0) {
        throw new IllegalArgumentException(
            "invalid label pair " + pair + " in " + selector + "; write label=\"value\"");
      }
      String value = pair.substring(equals + 1).trim();
      labels.put(pair.substring(0, equals).trim(), value.replaceAll("^\"|\"$", ""));
    }
    return new Series(selector.substring(0, brace).trim(), labels);
  }

  /** Returns the value of exactly this series, or null when it is absent. */
  Double value(Series series) {
    return values.get(series);
  }

  /** Returns whether any series matches {@code selector}. */
  boolean anyMatches(Series selector) {
    return values.keySet().stream().anyMatch(series -> series.matches(selector));
  }

  /** Returns the sum of the state gauge per breaker. */
  Map<String, Double> stateSums() {
    Map<String, Double> sums = new TreeMap<>();
    values.forEach(
        (series, value) -> {
          if (series.name.equals("fusebox_circuit_breaker_state")) {
            sums.merge(series.labels.getOrDefault("breaker", ""), value, Double::sum);
          }
        });
    return sums;
  }
}
