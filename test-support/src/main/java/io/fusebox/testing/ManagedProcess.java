package io.fusebox.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One control-plane child process (etcd, kube-apiserver or kube-controller-manager) whose standard
 * output and error are appended to a log file. Stopping sends SIGTERM first and SIGKILL after a
 * grace period, so the process can shut down cleanly.
 */
final class ManagedProcess {

  private static final Logger LOG = LoggerFactory.getLogger(ManagedProcess.class);
  private static final long GRACE_SECONDS = 10;

  private final String name;
  private final List<String> command;
  private final Path logFile;

  /** Guarded by {@code this}: the running process, or null when stopped. */
  private Process process;

  ManagedProcess(String name, List<String> command, Path logFile) {
    this.name = name;
    this.command = List.copyOf(command);
    this.logFile = logFile;
  }

  /** Starts the process unless it is already running. */
  synchronized void start() {
    if (process != null && process.isAlive()) {
      return;
    }
    try {
      process =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
              .start();
    } catch (IOException e) {
      throw new UncheckedIOException("Failed to start " + name + " with " + command, e);
    }
    LOG.debug("Started {} (pid {}), output in {}", name, process.pid(), logFile);
  }

  /** Stops the process: SIGTERM, then SIGKILL when it has not exited within the grace period. */
  synchronized void stop() {
    if (process == null) {
      return;
    }
    Process running = process;
    process = null;
    running.destroy();
    try {
      if (!running.waitFor(GRACE_SECONDS, TimeUnit.SECONDS)) {
        LOG.warn(
            "{} (pid {}) ignored SIGTERM for {} s; killing it", name, running.pid(), GRACE_SECONDS);
        running.destroyForcibly();
        running.waitFor(GRACE_SECONDS, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      running.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  /** Kills the process at once; used by the JVM shutdown hook, which must not wait long. */
  synchronized void kill() {
    if (process != null) {
      process.destroyForcibly();
    }
  }

  /**
   * Checks that the process is still running.
   *
   * @throws IllegalStateException naming the exit code and the log file when it has exited
   */
  synchronized void requireAlive() {
    if (process == null) {
      throw new IllegalStateException(name + " is not running; start it first");
    }
    if (!process.isAlive()) {
      throw new IllegalStateException(
          name + " exited with code " + process.exitValue() + "; see its output in " + logFile);
    }
  }

  /** Returns whether the process is running. */
  synchronized boolean isAlive() {
    return process != null && process.isAlive();
  }

  /** Returns the file that receives the process output. */
  Path logFile() {
    return logFile;
  }

  /** Returns the process name used in logs and messages. */
  String name() {
    return name;
  }
}
