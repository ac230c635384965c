package io.fusebox.testing;

import io.fabric8.kubeapitest.cert.CertManager;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Command lines of the control-plane processes. Every listener binds to 127.0.0.1 only.
 *
 * <p>The kube-apiserver flags follow kube-api-test 7.5.2's {@code KubeAPIServerProcess}: RBAC
 * authorization, client certificates signed by the generated client CA (the admin user is in group
 * {@code system:masters}), service-account tokens signed with the API server key, and the
 * ServiceAccount admission plugin off because no pods run. They differ in binding to loopback
 * instead of all interfaces.
 */
final class ControlPlaneCommands {

  static final String LOOPBACK = "127.0.0.1";

  /** Issuer of service-account tokens; any URL works because nothing fetches it. */
  static final String SERVICE_ACCOUNT_ISSUER = "https://kubernetes.default.svc";

  /**
   * Controllers that kube-controller-manager runs: garbage collection of owned objects, namespace
   * deletion, and the default ServiceAccount with its token in every namespace.
   */
  static final List<String> CONTROLLERS =
      List.of("garbagecollector", "namespace", "serviceaccount", "serviceaccount-token");

  private final KubeBinaries binaries;
  private final CertManager certs;
  private final Path workDir;

  ControlPlaneCommands(KubeBinaries binaries, CertManager certs, Path workDir) {
    this.binaries = binaries;
    this.certs = certs;
    this.workDir = workDir;
  }

  List<String> etcd(int clientPort, int peerPort) {
    String clientUrl = "http://" + LOOPBACK + ":" + clientPort;
    String peerUrl = "http://" + LOOPBACK + ":" + peerPort;
    return List.of(
        binaries.etcd().toString(),
        "--name=default",
        "--data-dir=" + workDir.resolve("etcd-data"),
        "--listen-client-urls=" + clientUrl,
        "--advertise-client-urls=" + clientUrl,
        "--listen-peer-urls=" + peerUrl,
        "--initial-advertise-peer-urls=" + peerUrl,
        "--initial-cluster=default=" + peerUrl);
  }

  List<String> apiServer(int securePort, int etcdPort, List<String> extraFlags) {
    List<String> command = new ArrayList<>();
    command.add(binaries.apiServer().toString());
    command.addAll(
        List.of(
            "--bind-address=" + LOOPBACK,
            "--advertise-address=" + LOOPBACK,
            "--secure-port=" + securePort,
            "--cert-dir=" + workDir.resolve("apiserver-certs"),
            "--tls-cert-file=" + certs.getAPIServerCertPath(),
            "--tls-private-key-file=" + certs.getAPIServerKeyPath(),
            "--etcd-servers=http://" + LOOPBACK + ":" + etcdPort,
            "--authorization-mode=RBAC",
            "--client-ca-file=" + certs.getClientCertPath(),
            "--service-account-issuer=" + SERVICE_ACCOUNT_ISSUER,
            "--service-account-signing-key-file=" + certs.getAPIServerKeyPath(),
            "--service-account-key-file=" + certs.getAPIServerKeyPath(),
            "--disable-admission-plugins=ServiceAccount",
            // Only an allocation range for Service IPs; nothing is routed to it.
            "--service-cluster-ip-range=10.0.0.0/24",
            "--allow-privileged=true",
            "--profiling=false"));
    command.addAll(extraFlags);
    return command;
  }

  List<String> controllerManager(Path kubeconfig) {
    return List.of(
        binaries.controllerManager().toString(),
        "--kubeconfig=" + kubeconfig,
        "--bind-address=" + LOOPBACK,
        // Port 0 turns the HTTPS health and metrics endpoint off.
        "--secure-port=0",
        "--leader-elect=false",
        "--controllers=" + String.join(",", CONTROLLERS),
        "--service-account-private-key-file=" + certs.getAPIServerKeyPath(),
        "--root-ca-file=" + certs.getAPIServerCertPath(),
        "--use-service-account-credentials=false");
  }
}
