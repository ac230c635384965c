package io.fusebox.testing;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Installs CustomResourceDefinitions with server-side apply and waits until the API server serves
 * them (condition {@code Established}).
 */
public final class CrdInstaller {

  /** Field manager of every CRD this class applies. */
  public static final String FIELD_MANAGER = "fusebox-test-support";

  private static final Logger LOG = LoggerFactory.getLogger(CrdInstaller.class);
  private static final long ESTABLISHED_TIMEOUT_SECONDS = 30;

  private CrdInstaller() {}

  /**
   * Installs every {@code *.yml} and {@code *.yaml} file in {@code <repository root>/crd/}. The
   * repository root is the nearest directory at or above the working directory that contains {@code
   * mvnw}. Does nothing when there is no such root or no {@code crd/} directory in it.
   */
  static void installRepositoryCrds(KubeControlPlane controlPlane) {
    Optional<Path> crdDir =
        repositoryRoot().map(root -> root.resolve("crd")).filter(Files::isDirectory);
    if (crdDir.isEmpty()) {
      LOG.info(
          "No crd/ directory found above {}; installing no repository CRDs", workingDirectory());
      return;
    }
    List<Path> files;
    try (Stream<Path> entries = Files.list(crdDir.get())) {
      files =
          entries
              .filter(p -> p.toString().endsWith(".yml") || p.toString().endsWith(".yaml"))
              .sorted()
              .toList();
    } catch (IOException e) {
      throw new UncheckedIOException("Failed to list CRD files in " + crdDir.get(), e);
    }
    try (KubernetesClient client = controlPlane.newClient("default")) {
      for (Path file : files) {
        install(client, file);
      }
    }
  }

  /**
   * Installs the CRD in {@code file} and waits until it is established.
   *
   * @return the CRD as the API server stored it
   */
  public static CustomResourceDefinition install(KubernetesClient client, Path file) {
    try (InputStream in = Files.newInputStream(file)) {
      CustomResourceDefinition crd = install(client, in, file.toString());
      LOG.info("Installed CRD {} from {}", crd.getMetadata().getName(), file);
      return crd;
    } catch (IOException e) {
      throw new UncheckedIOException("Failed to read the CRD file " + file, e);
    }
  }

  /**
   * Installs the CRD read from {@code yaml} and waits until it is established.
   *
   * @param source where the YAML comes from, for error messages
   * @return the CRD as the API server stored it
   */
  public static CustomResourceDefinition install(
      KubernetesClient client, InputStream yaml, String source) {
    CustomResourceDefinition crd =
        client.apiextensions().v1().customResourceDefinitions().load(yaml).item();
    if (crd == null || crd.getMetadata() == null || crd.getMetadata().getName() == null) {
      throw new IllegalArgumentException(
          "No CustomResourceDefinition with a metadata.name found in " + source);
    }
    client.resource(crd).fieldManager(FIELD_MANAGER).forceConflicts().serverSideApply();
    return client
        .apiextensions()
        .v1()
        .customResourceDefinitions()
        .withName(crd.getMetadata().getName())
        .waitUntilCondition(
            CrdInstaller::isEstablished, ESTABLISHED_TIMEOUT_SECONDS, TimeUnit.SECONDS);
  }

  /** Returns the nearest directory at or above the working directory that contains {@code mvnw}. */
  public static Optional<Path> repositoryRoot() {
    for (Path dir = workingDirectory(); dir != null; dir = dir.getParent()) {
      if (Files.isRegularFile(dir.resolve("mvnw"))) {
        return Optional.of(dir);
      }
    }
    return Optional.empty();
  }

  private static Path workingDirectory() {
    return Path.of("").toAbsolutePath();
  }

  private static boolean isEstablished(CustomResourceDefinition crd) {
    return crd != null
        && crd.getStatus() != null
        && crd.getStatus().getConditions() != null
        && crd.getStatus().getConditions().stream()
            .anyMatch(c -> "Established".equals(c.getType()) && "True".equals(c.getStatus()));
  }
}
