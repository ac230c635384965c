package io.fusebox.testing;

import io.fabric8.kubeapitest.cert.CertManager;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Client configurations for the local API server. Each starts from {@link Config#empty()}, so no
 * setting comes from {@code ~/.kube/config}, the environment or system properties, and no client of
 * the harness can reach any server but the local one.
 */
final class ClientConfigs {

  private static final int CONNECTION_TIMEOUT_MILLIS = 5_000;
  private static final int REQUEST_TIMEOUT_MILLIS = 30_000;

  private final String apiServerUrl;
  private final CertManager certs;

  ClientConfigs(int apiServerPort, CertManager certs) {
    // The API server certificate names the IP address 127.0.0.1, not the host name localhost.
    this.apiServerUrl = "https://" + ControlPlaneCommands.LOOPBACK + ":" + apiServerPort;
    this.certs = certs;
  }

  String apiServerUrl() {
    return apiServerUrl;
  }

  /** Returns the admin configuration: a client certificate in group {@code system:masters}. */
  Config admin(String namespace) {
    return base(namespace)
        .withClientCertFile(certs.getClientCertPath())
        .withClientKeyFile(certs.getClientKeyPath())
        .build();
  }

  /** Returns a bearer-token configuration, for example a ServiceAccount token. */
  Config token(String namespace, String token) {
    return base(namespace).withOauthToken(token).build();
  }

  /** Returns an admin configuration without request retries, for readiness polls. */
  Config probe() {
    return new ConfigBuilder(admin("default"))
        .withRequestRetryBackoffLimit(0)
        .withRequestTimeout(2_000)
        .build();
  }

  /** Writes a kubeconfig file for the admin user, for tools and processes that need a file. */
  void writeKubeconfig(Path file) {
    String yaml =
        String.join(
            "\n",
            "apiVersion: v1",
            "kind: Config",
            "clusters:",
            "- name: fusebox-test",
            "  cluster:",
            "    server: " + apiServerUrl,
            "    certificate-authority: " + certs.getAPIServerCertPath(),
            "users:",
            "- name: fusebox-test-admin",
            "  user:",
            "    client-certificate: " + certs.getClientCertPath(),
            "    client-key: " + certs.getClientKeyPath(),
            "contexts:",
            "- name: fusebox-test",
            "  context:",
            "    cluster: fusebox-test",
            "    user: fusebox-test-admin",
            "    namespace: default",
            "current-context: fusebox-test",
            "");
    try {
      Files.writeString(file, yaml);
    } catch (IOException e) {
      throw new UncheckedIOException("Failed to write the kubeconfig file " + file, e);
    }
  }

  private ConfigBuilder base(String namespace) {
    return new ConfigBuilder(Config.empty())
        .withMasterUrl(apiServerUrl)
        .withCaCertFile(certs.getAPIServerCertPath())
        .withNamespace(namespace)
        .withConnectionTimeout(CONNECTION_TIMEOUT_MILLIS)
        .withRequestTimeout(REQUEST_TIMEOUT_MILLIS);
  }
}
