package io.fusebox.testing;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

/**
 * Polls the control-plane processes until they are ready, failing fast when a process exits and
 * with its log file named when the startup timeout passes.
 */
final class Readiness {

  private static final Duration POLL_INTERVAL = Duration.ofMillis(100);
  private static final AtomicInteger PROBE_NAMESPACES = new AtomicInteger();

  private final ClientConfigs configs;
  private final Duration timeout;

  Readiness(ClientConfigs configs, Duration timeout) {
    this.configs = configs;
    this.timeout = timeout;
  }

  /** Waits until etcd answers its {@code /health} endpoint with a healthy status. */
  void awaitEtcd(ManagedProcess etcd, int clientPort) {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    HttpRequest request =
        HttpRequest.newBuilder(
                URI.create(
                    "http://" + ControlPlaneCommands.LOOPBACK + ":" + clientPort + "/health"))
            .timeout(Duration.ofSeconds(2))
            .build();
    poll(
        etcd,
        () -> {
          try {
            HttpResponse<String> response =
                http.send(request, HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 && response.body().contains("\"health\":\"true\"");
          } catch (IOException e) {
            return false;
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for etcd", e);
          }
        });
  }

  /**
   * Waits until {@code /readyz} returns ok and the namespace {@code default} exists, the same two
   * checks kube-api-test makes.
   */
  void awaitApiServer(ManagedProcess apiServer) {
    try (KubernetesClient probe =
        new KubernetesClientBuilder().withConfig(configs.probe()).build()) {
      poll(
          apiServer,
          () -> {
            try {
              return "ok".equals(probe.raw("/readyz"))
                  && probe.namespaces().withName("default").get() != null;
            } catch (KubernetesClientException e) {
              return false;
            }
          });
    }
  }

  /**
   * Waits until kube-controller-manager's ServiceAccount controller creates the ServiceAccount
   * {@code default} in a new namespace, then deletes that namespace.
   */
  void awaitControllerManager(ManagedProcess controllerManager) {
    String namespace = "fusebox-controller-probe-" + PROBE_NAMESPACES.incrementAndGet();
    try (KubernetesClient client =
        new KubernetesClientBuilder().withConfig(configs.admin(namespace)).build()) {
      client
          .namespaces()
          .resource(
              new NamespaceBuilder().withNewMetadata().withName(namespace).endMetadata().build())
          .create();
      poll(
          controllerManager,
          () -> client.serviceAccounts().inNamespace(namespace).withName("default").get() != null);
      client.namespaces().withName(namespace).delete();
    }
  }

  private void poll(ManagedProcess process, BooleanSupplier ready) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      process.requireAlive();
      if (ready.getAsBoolean()) {
        return;
      }
      if (System.nanoTime() - deadline > 0) {
        throw new IllegalStateException(
            process.name()
                + " not ready within "
                + timeout.toSeconds()
                + " s; see its output in "
                + process.logFile());
      }
      try {
        Thread.sleep(POLL_INTERVAL.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("Interrupted while waiting for " + process.name(), e);
      }
    }
  }
}
