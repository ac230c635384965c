package io.fusebox.testing;

import io.fabric8.kubeapitest.cert.CertManager;
import io.fabric8.kubernetes.api.model.authentication.TokenRequest;
import io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A local Kubernetes control plane: etcd, kube-apiserver and, on request, kube-controller-manager,
 * each a child process bound to 127.0.0.1.
 *
 * <p>The binaries are the ones kube-api-test reads, and the certificates come from kube-api-test's
 * {@link CertManager}. The processes are supervised here instead of by kube-api-test's {@code
 * KubeAPIServer}, because its {@code stop()} also deletes the etcd data and a stopped instance
 * cannot start again. Here the API server can stop and start on the same port while etcd keeps
 * every object, which is what a control-plane restart looks like to a client.
 *
 * <p>Authorization is always RBAC. {@link #newClient(String)} authenticates as a member of {@code
 * system:masters}, which RBAC allows everything; {@link #newServiceAccountClient(String, String)}
 * authenticates with a ServiceAccount token and gets only what its bindings grant.
 */
public final class KubeControlPlane implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(KubeControlPlane.class);

  /**
   * Maximum wait for a process to become ready. NOTE: an estimate with a wide margin. The API
   * server took 3 to 19 s in the runs that docs/testing.md records.
   */
  private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(120);

  /** Lifetime of tokens issued by {@link #newServiceAccountClient(String, String)}. */
  private static final long TOKEN_EXPIRATION_SECONDS = 3600;

  private final KubeBinaries binaries;
  private final Path workDir;
  private final CertManager certs;
  private final ControlPlaneCommands commands;
  private final ClientConfigs configs;
  private final Readiness readiness;
  private final ManagedProcess etcd;
  private final ManagedProcess apiServer;
  private final ManagedProcess controllerManager;
  private final Path kubeconfig;
  private final int etcdPort;

  private KubeControlPlane(KubeBinaries binaries, Path workDir, List<String> apiServerFlags) {
    this.binaries = binaries;
    this.workDir = workDir;
    this.certs = new CertManager(workDir.toString());
    this.commands = new ControlPlaneCommands(binaries, certs, workDir);
    this.etcdPort = LoopbackPorts.free();
    int etcdPeerPort = LoopbackPorts.free();
    int apiServerPort = LoopbackPorts.free();
    this.configs = new ClientConfigs(apiServerPort, certs);
    this.readiness = new Readiness(configs, STARTUP_TIMEOUT);
    this.kubeconfig = workDir.resolve("kubeconfig.yaml");
    this.etcd =
        new ManagedProcess(
            "etcd", commands.etcd(etcdPort, etcdPeerPort), workDir.resolve("etcd.log"));
    this.apiServer =
        new ManagedProcess(
            "kube-apiserver",
            commands.apiServer(apiServerPort, etcdPort, apiServerFlags),
            workDir.resolve("kube-apiserver.log"));
    this.controllerManager =
        new ManagedProcess(
            "kube-controller-manager",
            commands.controllerManager(kubeconfig),
            workDir.resolve("kube-controller-manager.log"));
  }

  /**
   * Starts etcd and kube-apiserver and waits until the API server is ready.
   *
   * @param binaries the binaries to run
   * @param apiServerFlags further kube-apiserver flags, for example {@code --feature-gates=...};
   *     they follow the defaults, so a repeated flag overrides a default
   * @return the running control plane; close it to stop every process and delete its files
   */
  public static KubeControlPlane start(KubeBinaries binaries, List<String> apiServerFlags) {
    Path workDir;
    try {
      workDir = Files.createTempDirectory("fusebox-kube-");
    } catch (IOException e) {
      throw new UncheckedIOException("Failed to create a work directory for the control plane", e);
    }
    KubeControlPlane controlPlane = new KubeControlPlane(binaries, workDir, apiServerFlags);
    try {
      controlPlane.startAll();
    } catch (RuntimeException e) {
      controlPlane.close();
      throw e;
    }
    return controlPlane;
  }

  private void startAll() {
    long started = System.nanoTime();
    certs.createCertificatesIfNeeded();
    configs.writeKubeconfig(kubeconfig);
    etcd.start();
    readiness.awaitEtcd(etcd, etcdPort);
    startApiServer();
    LOG.info(
        "Kubernetes v{} control plane ready at {} in {} ms (work directory {})",
        binaries.version(),
        configs.apiServerUrl(),
        elapsedMillis(started),
        workDir);
  }

  /** Starts kube-apiserver on its port, unless it runs already, and waits until it is ready. */
  public void startApiServer() {
    long started = System.nanoTime();
    apiServer.start();
    readiness.awaitApiServer(apiServer);
    LOG.info("kube-apiserver ready in {} ms", elapsedMillis(started));
  }

  /** Stops kube-apiserver; etcd keeps running, so every object survives a later start. */
  public void stopApiServer() {
    long started = System.nanoTime();
    apiServer.stop();
    LOG.info("kube-apiserver stopped in {} ms", elapsedMillis(started));
  }

  /**
   * Stops etcd with SIGTERM (SIGKILL after a grace period); kube-apiserver keeps running and
   * returns errors for requests that need storage until {@link #startEtcd()}.
   */
  public void stopEtcd() {
    long started = System.nanoTime();
    etcd.stop();
    LOG.info("etcd stopped in {} ms", elapsedMillis(started));
  }

  /**
   * Starts etcd on the same client port and data directory, unless it runs already, and waits until
   * it reports healthy. Every object stored before {@link #stopEtcd()} is still there.
   */
  public void startEtcd() {
    long started = System.nanoTime();
    etcd.start();
    readiness.awaitEtcd(etcd, etcdPort);
    LOG.info("etcd ready in {} ms", elapsedMillis(started));
  }

  /** Returns whether etcd is running. */
  public boolean isEtcdRunning() {
    return etcd.isAlive();
  }

  /** Stops and starts kube-apiserver on the same port and waits until it is ready. */
  public void restartApiServer() {
    stopApiServer();
    startApiServer();
  }

  /**
   * Starts kube-controller-manager, unless it runs already, and waits until its ServiceAccount
   * controller has acted, which shows it is connected and running its controllers.
   *
   * @throws IllegalStateException when the binary directory has no kube-controller-manager
   */
  public void startControllerManager() {
    if (controllerManager.isAlive()) {
      return;
    }
    if (!binaries.hasControllerManager()) {
      throw new IllegalStateException(
          "kube-controller-manager not found in "
              + binaries.directory()
              + "; run "
              + KubeBinaries.PROVISION_SCRIPT);
    }
    long started = System.nanoTime();
    controllerManager.start();
    readiness.awaitControllerManager(controllerManager);
    LOG.info(
        "kube-controller-manager ready in {} ms, controllers {}",
        elapsedMillis(started),
        ControlPlaneCommands.CONTROLLERS);
  }

  /**
   * Stops and starts kube-controller-manager. Its garbage collector discovers new resource types
   * only every 30 seconds (a fixed period in kube-controller-manager v1.34), so a test that
   * installs a CRD and needs garbage collection of its objects restarts it after installing.
   */
  public void restartControllerManager() {
    stopControllerManager();
    startControllerManager();
  }

  /** Stops kube-controller-manager if it runs. */
  public void stopControllerManager() {
    controllerManager.stop();
  }

  /** Returns whether kube-controller-manager is running. */
  public boolean isControllerManagerRunning() {
    return controllerManager.isAlive();
  }

  /** Returns whether kube-apiserver is running (it may still be starting). */
  public boolean isApiServerRunning() {
    return apiServer.isAlive();
  }

  /** Returns the path of a kubeconfig file for the admin user; its context namespace is default. */
  public Path kubeconfig() {
    return kubeconfig;
  }

  /** Returns the API server URL, {@code https://127.0.0.1:<port>}. */
  public String apiServerUrl() {
    return configs.apiServerUrl();
  }

  /** Returns the binaries this control plane runs. */
  public KubeBinaries binaries() {
    return binaries;
  }

  /** Returns the admin client configuration with {@code namespace} as its default namespace. */
  public Config adminConfig(String namespace) {
    return configs.admin(namespace);
  }

  /**
   * Creates a client that authenticates as the admin user (group {@code system:masters}).
   *
   * @param namespace the client's default namespace
   * @return a new client; the caller closes it
   */
  public KubernetesClient newClient(String namespace) {
    return new KubernetesClientBuilder().withConfig(configs.admin(namespace)).build();
  }

  /**
   * Creates a client that authenticates as a ServiceAccount, with a token from the TokenRequest API
   * that expires after one hour. RBAC then grants it only what its Role and ClusterRole bindings
   * allow, which is how least-privilege tests check an operator's permissions.
   *
   * @param namespace the ServiceAccount's namespace, also the client's default namespace
   * @param serviceAccount the ServiceAccount name; it must exist
   * @return a new client; the caller closes it
   */
  public KubernetesClient newServiceAccountClient(String namespace, String serviceAccount) {
    TokenRequest request =
        new TokenRequestBuilder()
            .withNewSpec()
            .withExpirationSeconds(TOKEN_EXPIRATION_SECONDS)
            .endSpec()
            .build();
    String token;
    try (KubernetesClient admin = newClient(namespace)) {
      token =
          admin
              .serviceAccounts()
              .inNamespace(namespace)
              .withName(serviceAccount)
              .tokenRequest(request)
              .getStatus()
              .getToken();
    }
    return new KubernetesClientBuilder().withConfig(configs.token(namespace, token)).build();
  }

  /** Stops every process and deletes the work directory with the etcd data and certificates. */
  @Override
  public void close() {
    long started = System.nanoTime();
    controllerManager.stop();
    apiServer.stop();
    etcd.stop();
    WorkDirectory.delete(workDir);
    LOG.info("Kubernetes control plane stopped in {} ms", elapsedMillis(started));
  }

  /** Kills every process at once; for a JVM shutdown hook, which must not wait. */
  void kill() {
    controllerManager.kill();
    apiServer.kill();
    etcd.kill();
  }

  private static long elapsedMillis(long startedNanos) {
    return Duration.ofNanos(System.nanoTime() - startedNanos).toMillis();
  }
}
