package io.fusebox.operator.bench;

import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;

/** Small reader of the Prometheus text format, enough for counters and gauges. */
final class PrometheusText {

  private PrometheusText() {}

  /** Returns the sum of every sample of {@code metric} whose line passes {@code filter}. */
  static double sum(String text, String metric, Predicate<String> filter) {
    double total = 0;
    for (String line : text.split("\n")) {
      if (line.startsWith(metric)
          && (line.charAt(metric.length()) == '{' || line.charAt(metric.length()) == ' ')
          && filter.test(line)) {
        total += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
      }
    }
    return total;
  }

  /** Returns the samples of {@code metric} keyed by their label set, for write-verb lines. */
  static Map<String, Double> writeRequests(String text) {
    Map<String, Double> writes = new TreeMap<>();
    for (String line : text.split("\n")) {
      if (!line.startsWith("apiserver_request_total{")) {
        continue;
      }
      String verb = label(line, "verb");
      if (!(verb.equals("POST")
          || verb.equals("PUT")
          || verb.equals("PATCH")
          || verb.equals("APPLY")
          || verb.equals("DELETE"))) {
        continue;
      }
      String key =
          verb
              + " "
              + label(line, "resource")
              + label(line, "subresource").transform(s -> s.isEmpty() ? "" : "/" + s);
      writes.merge(key, Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)), Double::sum);
    }
    return writes;
  }

  private static String label(String line, String name) {
    int start = line.indexOf(name + "=\"");
    if (start < 0) {
      return "";
    }
    start += name.length() + 2;
    return line.substring(start, line.indexOf('"', start));
  }
}
