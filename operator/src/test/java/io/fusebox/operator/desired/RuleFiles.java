package io.fusebox.operator.desired;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes the {@code spec} of a rendered PrometheusRule as a Prometheus rule file. */
final class RuleFiles {

  private RuleFiles() {}

  static Path write(GenericKubernetesResource rule, Path file) throws IOException {
    Object spec = rule.getAdditionalProperties().get("spec");
    Files.writeString(file, Serialization.asYaml(spec), StandardCharsets.UTF_8);
    return file;
  }
}
