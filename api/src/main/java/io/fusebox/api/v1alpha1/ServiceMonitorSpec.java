package io.fusebox.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.Map;

/**
 * Scrape settings for the generated ServiceMonitor. The ServiceMonitor selects Services by {@code
 * selector}; without one it selects Services labelled {@code app.kubernetes.io/name: <target
 * name>}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ServiceMonitorSpec {

  @Size(min = 1, max = 63)
  @Pattern(ApiPatterns.DNS_LABEL)
  @JsonPropertyDescription("Name of the Service port that serves /metrics. Default metrics.")
  private String port;

  @Size(min = 1, max = 256)
  @Pattern(ApiPatterns.HTTP_PATH)
  @JsonPropertyDescription("HTTP path of the metrics endpoint. Default /metrics.")
  private String path;

  @Size(max = ApiPatterns.DURATION_MAX_LENGTH)
  @Pattern(ApiPatterns.DURATION)
  @JsonPropertyDescription("Scrape interval, e.g. 30s. Default: the Prometheus default.")
  private String interval;

  @Size(max = 16)
  @ValidationRule(
      value =
          "self.all(k, size(k) <= 253 && size(self[k]) <= 63"
              + " && self[k].matches('^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$'))",
      message = "selector keys must be label keys and values label values (at most 63 characters)")
  @JsonPropertyDescription(
      "Labels of the Services to scrape (matchLabels). Default: app.kubernetes.io/name set to"
          + " the target name.")
  private Map<String, @Size(max = 63) String> selector;

  public String getPort() {
    return port;
  }

  public void setPort(String port) {
    this.port = port;
  }

  public String getPath() {
    return path;
  }

  public void setPath(String path) {
    this.path = path;
  }

  public String getInterval() {
    return interval;
  }

  public void setInterval(String interval) {
    this.interval = interval;
  }

  public Map<String, String> getSelector() {
    return selector;
  }

  public void setSelector(Map<String, String> selector) {
    this.selector = selector;
  }
}
