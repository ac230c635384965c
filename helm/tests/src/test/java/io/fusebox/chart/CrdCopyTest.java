package io.fusebox.chart;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The chart's copy of the CRD equals the one generated from the Java model, so the chart never
 * installs a stale schema.
 */
class CrdCopyTest {

  private static final String FILE_NAME = "circuitbreakerpolicies.fusebox.io-v1.yml";

  @Test
  void chartCrdMatchesGeneratedCrd() {
    Path generated = ProjectFiles.root().resolve("crd").resolve(FILE_NAME);
    Path chartCopy = ProjectFiles.chart().resolve("files/crds").resolve(FILE_NAME);

    assertThat(generated).as("generated CRD; build the api module to write it").isRegularFile();
    assertThat(Manifests.read(chartCopy))
        .as(
            "%s is stale; refresh it with: cp %s %s",
            chartCopy,
            ProjectFiles.root().relativize(generated),
            ProjectFiles.root().relativize(chartCopy))
        .isEqualTo(Manifests.read(generated));
  }

  @Test
  void chartCrdParsesAsCrd() throws Exception {
    Path chartCopy = ProjectFiles.chart().resolve("files/crds").resolve(FILE_NAME);

    assertThat(Files.size(chartCopy)).isPositive();
    assertThat(ChartRenderTest.kindsAndNames(Manifests.parse(Manifests.read(chartCopy))))
        .containsExactly("CustomResourceDefinition/circuitbreakerpolicies.fusebox.io");
  }
}
