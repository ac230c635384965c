package io.fusebox.operator.runtime;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.utils.Utils;

/**
 * The operator's settings for the fabric8 client that bound how long a dead connection to the API
 * server can hold up requests.
 *
 * <p>The JDK HTTP client ({@code kubernetes-httpclient-jdk}) multiplexes every request over one
 * HTTP/2 connection when the API server offers HTTP/2, and on JDK 17 it sends no HTTP/2 pings. When
 * that connection stops forwarding without being closed (a lost NAT or conntrack entry, a half-dead
 * load balancer), each request times out after fabric8's request timeout (10 s by default). The
 * next request goes out on the same connection, so the operator never reaches the API server again.
 * Over HTTP/1.1 a timed-out request closes its connection and the retry opens a new one. The
 * operator therefore turns HTTP/2 off unless {@code HTTP2_DISABLE} (or the system property {@code
 * http2.disable}) sets it explicitly.
 *
 * <p>Watches are not covered by these settings: fabric8 7.5.2 runs each watch on its own WebSocket
 * without a liveness check (the JDK client ignores {@code websocketPingInterval}), and an informer
 * gives up on a silent watch only after its 5 to 10 minute watch timeout. {@link
 * ReconcileProgressCheck} covers that case through {@code /healthz}.
 */
public final class ApiClientSettings {

  private ApiClientSettings() {}

  /** Turns HTTP/2 off on {@code config} unless the environment sets it, and returns it. */
  public static Config apply(Config config) {
    if (Utils.getSystemPropertyOrEnvVar(Config.KUBERNETES_HTTP2_DISABLE) == null) {
      config.setHttp2Disable(true);
    }
    return config;
  }
}
