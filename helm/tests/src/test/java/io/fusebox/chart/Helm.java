package io.fusebox.chart;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.ArrayList;
import java.util.List;

/** Runs the helm binary on the Fusebox chart. */
final class Helm {

  /** Release name and namespace that every rendering uses. */
  static final String RELEASE = "fusebox";

  static final String NAMESPACE = "fusebox-system";

  private final ExternalTool helm;

  private Helm(ExternalTool helm) {
    this.helm = helm;
  }

  /** Finds helm, or skips or fails the calling test when it is missing. */
  static Helm require() {
    return new Helm(ExternalTool.require("helm"));
  }

  /** Runs {@code helm lint --strict} with {@code --set} values and returns the result. */
  ExternalTool.Result lint(String... setValues) {
    List<String> args = new ArrayList<>(List.of("lint", "--strict", "helm/fusebox"));
    addSetValues(args, setValues);
    return helm.run(args);
  }

  /** Renders the chart with {@code --set} values and returns its objects. */
  List<HasMetadata> template(String... setValues) {
    ExternalTool.Result result = render(NAMESPACE, setValues);
    assertThat(result.exitCode()).as("helm template failed: %s", result.stderr()).isZero();
    return Manifests.parse(result.stdout());
  }

  /** Renders the chart into release namespace {@code namespace} and returns its objects. */
  List<HasMetadata> templateIn(String namespace, String... setValues) {
    ExternalTool.Result result = render(namespace, setValues);
    assertThat(result.exitCode()).as("helm template failed: %s", result.stderr()).isZero();
    return Manifests.parse(result.stdout());
  }

  /** Renders the chart with {@code --set} values and returns the raw result. */
  ExternalTool.Result templateResult(String... setValues) {
    return render(NAMESPACE, setValues);
  }

  private ExternalTool.Result render(String namespace, String... setValues) {
    List<String> args =
        new ArrayList<>(List.of("template", RELEASE, "helm/fusebox", "--namespace", namespace));
    addSetValues(args, setValues);
    return helm.run(args);
  }

  private static void addSetValues(List<String> args, String... setValues) {
    for (String value : setValues) {
      args.add("--set");
      args.add(value);
    }
  }
}
