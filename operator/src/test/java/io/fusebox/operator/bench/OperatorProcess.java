package io.fusebox.operator.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The operator started from the executable jar as its own JVM, for memory figures. */
final class OperatorProcess implements AutoCloseable {

  /** JVM flags of the measured process, sized like a container with a 256 MiB limit. */
  static final List<String> JVM_FLAGS =
      List.of(
          "-Xms64m",
          "-Xmx160m",
          "-XX:MaxMetaspaceSize=96m",
          "-XX:ReservedCodeCacheSize=48m",
          "-Xss512k",
          "-XX:+UseSerialGC",
          "-XX:TieredStopAtLevel=1");

  private final Process process;
  private final int healthPort;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private OperatorProcess(Process process, int healthPort) {
    this.process = process;
    this.healthPort = healthPort;
  }

  static OperatorProcess start(
      Path jar, Path kubeconfig, String namespaces, int healthPort, Path log) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(JVM_FLAGS);
    command.addAll(
        List.of(
            "-jar",
            jar.toString(),
            "operator",
            "--namespaces=" + namespaces,
            "--no-leader-election",
            "--health-address=127.0.0.1",
            "--health-port=" + healthPort));
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().put("KUBECONFIG", kubeconfig.toString());
    builder.redirectErrorStream(true);
    builder.redirectOutput(log.toFile());
    return new OperatorProcess(builder.start(), healthPort);
  }

  /** Returns the resident set size from {@code /proc/<pid>/status}, in KiB. */
  long residentKib() throws IOException {
    for (String line :
        Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "status"))) {
      if (line.startsWith("VmRSS:")) {
        return Long.parseLong(line.replaceAll("[^0-9]", ""));
      }
    }
    throw new IllegalStateException("VmRSS missing for process " + process.pid());
  }

  /** Returns the {@code /metrics} text of the operator process. */
  String metrics() throws IOException, InterruptedException {
    return http.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + healthPort + "/metrics"))
                .timeout(Duration.ofSeconds(10))
                .build(),
            HttpResponse.BodyHandlers.ofString())
        .body();
  }

  boolean isReady() {
    try {
      return http.send(
                  HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + healthPort + "/readyz"))
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

  /** Sends SIGTERM and waits up to 30 s for a clean exit, then kills the process. */
  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  int exitCode() {
    return process.exitValue();
  }
}
