package io.fusebox.reliability;

import io.fusebox.testing.CrdInstaller;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * The operator started from the executable jar {@code operator/target/fusebox-operator-*-all.jar}
 * as its own JVM, so that a test can kill it with SIGKILL the way a node failure or an OOM kill
 * ends a pod. Its health server binds 127.0.0.1 only.
 */
final class OperatorJvm implements AutoCloseable {

  private static final List<String> JVM_FLAGS =
      List.of("-Xmx192m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xss512k");

  /** The copy that {@link #jar()} made; guarded by the class lock. */
  private static Path jarCopy;

  private final Process process;
  private final int healthPort;
  private final Path log;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private OperatorJvm(Process process, int healthPort, Path log) {
    this.process = process;
    this.healthPort = healthPort;
    this.log = log;
  }

  /**
   * Starts {@code fusebox operator} against the API server that {@code kubeconfig} names.
   *
   * @param leaseNamespace namespace of the Lease, or null to run without leader election
   * @param extraArgs further command-line options of {@code fusebox operator}
   */
  static OperatorJvm start(
      Path kubeconfig, String namespaces, String leaseNamespace, Path log, String... extraArgs)
      throws IOException {
    return start(kubeconfig, namespaces, leaseNamespace, log, Map.of(), extraArgs);
  }

  /**
   * Starts {@code fusebox operator} with further environment variables, for example {@code
   * HOSTNAME}, which JOSDK uses as the leader-election identity as a pod name would be.
   */
  static OperatorJvm start(
      Path kubeconfig,
      String namespaces,
      String leaseNamespace,
      Path log,
      Map<String, String> environment,
      String... extraArgs)
      throws IOException {
    int port = Loopback.freePort();
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(JVM_FLAGS);
    command.add("-jar");
    command.add(jar().toString());
    command.add("operator");
    command.add("--namespaces=" + namespaces);
    command.add("--health-address=127.0.0.1");
    command.add("--health-port=" + port);
    command.add("--reconcile-threads=4");
    if (leaseNamespace == null) {
      command.add("--no-leader-election");
    } else {
      command.add("--leader-election");
      command.add("--lease-namespace=" + leaseNamespace);
    }
    command.addAll(List.of(extraArgs));
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().putAll(environment);
    builder.environment().put("KUBECONFIG", kubeconfig.toString());
    builder.redirectErrorStream(true);
    builder.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    return new OperatorJvm(builder.start(), port, log);
  }

  /**
   * Returns a copy of the executable jar that {@code ./mvnw -pl operator package} builds, taken
   * once per test JVM. The tests run a copy because a build in the same work tree may rewrite the
   * original while an operator process starts. The copy is retried until it opens as a complete
   * jar.
   */
  static synchronized Path jar() {
    if (jarCopy != null) {
      return jarCopy;
    }
    Path target = CrdInstaller.repositoryRoot().orElseThrow().resolve("operator/target");
    Path copy = Path.of("target", "fusebox-operator-all.jar").toAbsolutePath();
    for (int attempt = 1; attempt <= 10; attempt++) {
      try {
        Files.copy(builtJar(target), copy, StandardCopyOption.REPLACE_EXISTING);
        try (JarFile jar = new JarFile(copy.toFile())) {
          if (jar.getEntry("io/fusebox/operator/cli/FuseboxCommand.class") != null) {
            jarCopy = copy;
            return copy;
          }
        }
      } catch (IOException e) {
        // A jar that is being written does not open yet; try again below.
      }
      try {
        Thread.sleep(3000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    throw new IllegalStateException("No complete fusebox-operator-*-all.jar in " + target);
  }

  private static Path builtJar(Path target) throws IOException {
    try (Stream<Path> files = Files.list(target)) {
      return files
          .filter(p -> p.getFileName().toString().matches("fusebox-operator-.*-all\\.jar"))
          .findFirst()
          .orElseThrow(
              () ->
                  new IllegalStateException(
                      "fusebox-operator-*-all.jar not found in "
                          + target
                          + "; run ./mvnw -pl operator -am package -DskipTests"));
    }
  }

  long pid() {
    return process.pid();
  }

  boolean isAlive() {
    return process.isAlive();
  }

  /** Returns whether {@code /readyz} returns 200. */
  boolean isReady() {
    return probe("/readyz");
  }

  /** Returns whether {@code /healthz}, the liveness probe, returns 200 within 2 s. */
  boolean isLive() {
    return probe("/healthz");
  }

  private boolean probe(String path) {
    try {
      return http.send(
                  HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + healthPort + path))
                      .timeout(Duration.ofSeconds(2))
                      .build(),
                  HttpResponse.BodyHandlers.discarding())
              .statusCode()
          == 200;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** Returns the {@code /metrics} text. */
  String metrics() throws IOException, InterruptedException {
    return http.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + healthPort + "/metrics"))
                .timeout(Duration.ofSeconds(10))
                .build(),
            HttpResponse.BodyHandlers.ofString())
        .body();
  }

  /** Returns the resident set size from {@code /proc/<pid>/status}, in KiB. */
  long residentKib() throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid()), "status"))) {
      if (line.startsWith("VmRSS:")) {
        return Long.parseLong(line.replaceAll("[^0-9]", ""));
      }
    }
    throw new IllegalStateException("VmRSS missing for process " + pid());
  }

  /** Kills the process with SIGKILL, so no shutdown hook runs, and waits for it to end. */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      throw new IllegalStateException("operator process " + pid() + " survived SIGKILL");
    }
  }

  /** Returns the lines of the process log that logback wrote at ERROR level. */
  List<String> errorLines() throws IOException {
    try (Stream<String> lines = Files.lines(log)) {
      return lines.filter(line -> line.contains(" ERROR ")).toList();
    }
  }

  /** Sends SIGTERM and waits up to 30 s for a clean exit, then kills the process. */
  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
  }
}
