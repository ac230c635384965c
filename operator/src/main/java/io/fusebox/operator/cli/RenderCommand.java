package io.fusebox.operator.cli;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fusebox.operator.desired.ObservedTarget;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code fusebox render}: prints the objects the operator would create for each policy, without a
 * cluster, as YAML documents on standard output.
 */
@Command(
    name = "render",
    mixinStandardHelpOptions = true,
    description = {
      "Print the objects the operator would create for the policies in FILE or DIR, as YAML"
          + " documents, without a cluster.",
      "Prints nothing on standard output when any input is invalid.",
      "Exit status: 0 rendered, 1 invalid input, 2 usage error."
    })
final class RenderCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Mixin InputOptions inputs;

  @Option(
      names = "--replicas",
      paramLabel = "N",
      description =
          "Replica count of the target workload, used to compute the PodDisruptionBudget when"
              + " the policy has no autoscaling. Default: unknown, so no PDB is rendered.")
  Integer replicas;

  @Override
  public Integer call() throws Exception {
    PrintWriter err = spec.commandLine().getErr();
    if (replicas != null && replicas < 0) {
      err.println("--replicas must be 0 or more (was " + replicas + ")");
      return InputOptions.EXIT_USAGE;
    }
    ObservedTarget target = replicas == null ? null : new ObservedTarget(replicas, null);
    PolicyInputs.Outcome outcome = inputs.check(target, err);
    if (outcome == null) {
      return InputOptions.EXIT_USAGE;
    }
    outcome.errors().forEach(err::println);
    outcome.warnings().forEach(err::println);
    if (!outcome.errors().isEmpty()) {
      return InputOptions.EXIT_INVALID;
    }
    PrintWriter out = spec.commandLine().getOut();
    for (PolicyInputs.Checked checked : outcome.policies()) {
      List<HasMetadata> objects = checked.state().objects();
      for (HasMetadata object : objects) {
        out.print(Serialization.asYaml(object));
      }
    }
    out.flush();
    return InputOptions.EXIT_OK;
  }
}
