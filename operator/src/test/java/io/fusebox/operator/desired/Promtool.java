package io.fusebox.operator.desired;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Runs Prometheus's {@code promtool}, found on the PATH or at {@code /usr/bin/promtool}. A missing
 * promtool skips the test, unless {@code FUSEBOX_REQUIRE_TOOLS=true} (set by CI) makes it fail.
 * Debian's {@code prometheus} package installs it.
 */
final class Promtool {

  private static final long TIMEOUT_SECONDS = 120;

  private final Path executable;

  private Promtool(Path executable) {
    this.executable = executable;
  }

  /** Output and exit code of one run. */
  record Result(int exitCode, String output) {}

  static Promtool require() {
    Optional<Path> found = find();
    if (found.isEmpty()) {
      String message =
          "promtool not found on the PATH or at /usr/bin/promtool; install it with"
              + " apt-get install prometheus or scripts/install-tools.sh";
      if ("true".equals(System.getenv("FUSEBOX_REQUIRE_TOOLS"))) {
        fail(message + " (FUSEBOX_REQUIRE_TOOLS=true makes a missing tool an error)");
      }
      assumeTrue(false, message);
    }
    return new Promtool(found.get());
  }

  private static Optional<Path> find() {
    List<Path> candidates = new ArrayList<>();
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      if (!dir.isBlank()) {
        candidates.add(Path.of(dir, "promtool"));
      }
    }
    candidates.add(Path.of("/usr/bin/promtool"));
    return candidates.stream().filter(Files::isExecutable).findFirst();
  }

  /** Runs {@code promtool args...} in {@code dir} and waits at most two minutes. */
  Result run(Path dir, List<String> args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(executable.toString());
    command.addAll(args);
    Path output = Files.createTempFile(dir, "promtool", ".out");
    Process process =
        new ProcessBuilder(command)
            .directory(dir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(output.toFile())
            .start();
    if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      fail("promtool " + String.join(" ", args) + " timed out after " + TIMEOUT_SECONDS + " s");
    }
    return new Result(process.exitValue(), Files.readString(output, StandardCharsets.UTF_8));
  }
}
