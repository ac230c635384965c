package io.fusebox.testing;

import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one control plane of a test run, kept in JUnit's root store so that JUnit closes it when the
 * run ends. A JVM shutdown hook kills the processes if the JVM exits without that close.
 */
final class SharedControlPlane implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(SharedControlPlane.class);

  /** Guarded by {@code this}. */
  private KubeControlPlane controlPlane;

  /** Guarded by {@code this}: the first startup failure, rethrown so later classes fail fast. */
  private RuntimeException startupFailure;

  /** Guarded by {@code this}: why installing the repository CRDs failed, if it did. */
  private RuntimeException crdFailure;

  /** Guarded by {@code this}. */
  private Thread shutdownHook;

  /**
   * Returns the running control plane, starting it on the first call.
   *
   * @param binaries the located binaries
   * @throws RuntimeException the startup failure, also on every later call
   */
  synchronized KubeControlPlane obtain(KubeBinaries binaries) {
    if (controlPlane != null) {
      return controlPlane;
    }
    if (startupFailure != null) {
      throw new IllegalStateException(
          "The Kubernetes control plane failed to start earlier in this run", startupFailure);
    }
    KubeControlPlane started;
    try {
      started = KubeControlPlane.start(binaries, List.of());
    } catch (RuntimeException e) {
      startupFailure = e;
      throw e;
    }
    try {
      CrdInstaller.installRepositoryCrds(started);
    } catch (RuntimeException e) {
      // The server stays up for tests that do not need the repository CRDs.
      LOG.error("Installing the repository CRDs failed; tests that need them will fail", e);
      crdFailure = e;
    }
    shutdownHook = new Thread(started::kill, "fusebox-kube-shutdown");
    Runtime.getRuntime().addShutdownHook(shutdownHook);
    controlPlane = started;
    return started;
  }

  /** Returns why installing the repository CRDs failed, or empty when they installed. */
  synchronized Optional<RuntimeException> repositoryCrdFailure() {
    return Optional.ofNullable(crdFailure);
  }

  /** Returns the control plane if it has started. */
  synchronized Optional<KubeControlPlane> current() {
    return Optional.ofNullable(controlPlane);
  }

  @Override
  public synchronized void close() {
    if (controlPlane == null) {
      return;
    }
    controlPlane.close();
    controlPlane = null;
    try {
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
    } catch (IllegalStateException e) {
      // The JVM is already shutting down, and the hook kills the processes anyway.
    }
  }
}
