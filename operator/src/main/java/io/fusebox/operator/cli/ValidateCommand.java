package io.fusebox.operator.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code fusebox validate}: checks policies as admission and the operator would, with messages of
 * the form {@code file:line: what is wrong (value) and what to do}.
 */
@Command(
    name = "validate",
    mixinStandardHelpOptions = true,
    description = {
      "Check the policies in FILE or DIR against the CRD schema, its CEL rules and the"
          + " operator's own checks.",
      "Exit status: 0 valid, 1 invalid input, 2 usage error."
    })
final class ValidateCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Mixin InputOptions inputs;

  @Override
  public Integer call() throws Exception {
    PrintWriter err = spec.commandLine().getErr();
    PolicyInputs.Outcome outcome = inputs.check(null, err);
    if (outcome == null) {
      return InputOptions.EXIT_USAGE;
    }
    outcome.errors().forEach(err::println);
    outcome.warnings().forEach(err::println);
    if (!outcome.errors().isEmpty()) {
      return InputOptions.EXIT_INVALID;
    }
    PrintWriter out = spec.commandLine().getOut();
    int count = outcome.policies().size();
    out.println(count + (count == 1 ? " policy valid" : " policies valid"));
    out.flush();
    return InputOptions.EXIT_OK;
  }
}
