package io.fusebox.agent.kubernetes;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.utils.Utils;
import io.fusebox.agent.reload.PeriodicScheduler;
import io.fusebox.agent.reload.SettingsReloader;
import io.fusebox.agent.reload.SettingsSource;
import io.fusebox.agent.reload.SettingsSourceProvider;
import java.time.Duration;
import java.util.Map;

/**
 * Creates a {@link ConfigMapWatchSource} from the environment: {@code POD_NAMESPACE} and {@code
 * FUSEBOX_CONFIGMAP_NAME} (both required), {@code FUSEBOX_CONFIGMAP_KEY} (default {@code
 * circuit-breaker.yaml}) and {@code FUSEBOX_API_WATCH_MAX_AGE_SECONDS} (default 300). The client
 * uses the pod's service account, or the kubeconfig outside a cluster.
 */
public final class ApiWatchSourceProvider implements SettingsSourceProvider {

  @Override
  public String name() {
    return "api-watch";
  }

  @Override
  public SettingsSource create(Map<String, String> environment, SettingsReloader reloader) {
    String namespace = required(environment, "POD_NAMESPACE", "set it from metadata.namespace");
    String name =
        required(
            environment,
            "FUSEBOX_CONFIGMAP_NAME",
            "set it to the policy's <name>-circuit-breakers");
    String key = environment.getOrDefault("FUSEBOX_CONFIGMAP_KEY", "circuit-breaker.yaml");
    Duration maxAge = Duration.ofSeconds(maxAgeSeconds(environment));
    KubernetesClient client = new KubernetesClientBuilder().withConfig(clientConfig()).build();
    return new ConfigMapWatchSource(
        client,
        namespace,
        name,
        key,
        reloader,
        maxAge,
        PeriodicScheduler.daemon("fusebox-api-watch-age"),
        SystemClock.utc());
  }

  /**
   * Returns the pod's or kubeconfig's client settings with HTTP/2 off, unless {@code HTTP2_DISABLE}
   * (or the system property {@code http2.disable}) sets it. The JDK HTTP client of fabric8 7.5.2
   * sends every request over one HTTP/2 connection and keeps using it after it stops forwarding, so
   * the list that follows a watch restart would hang on the dead connection. Over HTTP/1.1 a
   * timed-out request closes its connection and the retry opens a new one.
   */
  static Config clientConfig() {
    Config config = Config.autoConfigure(null);
    if (Utils.getSystemPropertyOrEnvVar(Config.KUBERNETES_HTTP2_DISABLE) == null) {
      config.setHttp2Disable(true);
    }
    return config;
  }

  private static String required(Map<String, String> environment, String variable, String fix) {
    String value = environment.get(variable);
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(
          variable + " is missing and FUSEBOX_API_WATCH is on; " + fix);
    }
    return value.strip();
  }

  private static long maxAgeSeconds(Map<String, String> environment) {
    String text = environment.get("FUSEBOX_API_WATCH_MAX_AGE_SECONDS");
    if (text == null || text.isBlank()) {
      return 300;
    }
    try {
      long seconds = Long.parseLong(text.strip());
      if (seconds >= 10 && seconds <= 86_400) {
        return seconds;
      }
    } catch (NumberFormatException e) {
      // Reported below with the variable's name.
    }
    throw new IllegalArgumentException(
        "FUSEBOX_API_WATCH_MAX_AGE_SECONDS is invalid (was "
            + text
            + "); use an integer from 10 to 86400");
  }
}
