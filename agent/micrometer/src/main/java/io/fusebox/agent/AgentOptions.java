package io.fusebox.agent;

import io.fusebox.settings.EnvironmentDefaults;
import io.fusebox.settings.SettingsException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;

/**
 * The agent's settings from environment variables.
 *
 * @param settingsPath {@code FUSEBOX_SETTINGS_PATH}, default {@code
 *     /etc/fusebox/circuit-breaker.yaml}
 * @param healthAddress {@code FUSEBOX_HEALTH_ADDRESS} (default all interfaces) and {@code
 *     FUSEBOX_HEALTH_PORT} (default 8081; 0 picks a free port)
 * @param apiWatch {@code FUSEBOX_API_WATCH}: {@code on} reads the ConfigMap through the Kubernetes
 *     API instead of the mounted file; default {@code off}
 * @param drainDelay {@code FUSEBOX_DRAIN_DELAY_SECONDS}: time between readiness turning 503 and the
 *     health server stopping on shutdown; default 5
 * @param rereadInterval {@code FUSEBOX_REREAD_SECONDS}: period of the backstop re-read of the
 *     mounted file; default 30
 * @param clockResolution {@code FUSEBOX_CLOCK_RESOLUTION_MS}: refresh period of the breakers'
 *     cached clock; default 1, and 0 reads {@code System.nanoTime()} on every call instead
 * @param defaults the {@code CIRCUIT_BREAKER_*} defaults
 */
record AgentOptions(
    Path settingsPath,
    InetSocketAddress healthAddress,
    boolean apiWatch,
    Duration drainDelay,
    Duration rereadInterval,
    Duration clockResolution,
    EnvironmentDefaults defaults) {

  static final String DEFAULT_SETTINGS_PATH = "/etc/fusebox/circuit-breaker.yaml";

  static AgentOptions fromEnvironment(Map<String, String> env) throws SettingsException {
    Path settingsPath = Path.of(env.getOrDefault("FUSEBOX_SETTINGS_PATH", DEFAULT_SETTINGS_PATH));
    int port = integer(env, "FUSEBOX_HEALTH_PORT", 8081, 0, 65535);
    InetSocketAddress address = healthAddress(env.get("FUSEBOX_HEALTH_ADDRESS"), port);
    return new AgentOptions(
        settingsPath,
        address,
        onOff(env, "FUSEBOX_API_WATCH"),
        Duration.ofSeconds(integer(env, "FUSEBOX_DRAIN_DELAY_SECONDS", 5, 0, 3600)),
        Duration.ofSeconds(integer(env, "FUSEBOX_REREAD_SECONDS", 30, 1, 86400)),
        Duration.ofMillis(integer(env, "FUSEBOX_CLOCK_RESOLUTION_MS", 1, 0, 1000)),
        EnvironmentDefaults.fromEnvironment(env));
  }

  private static InetSocketAddress healthAddress(String host, int port) throws SettingsException {
    if (host == null || host.isBlank()) {
      return new InetSocketAddress(port);
    }
    String name = host.strip();
    // An IPv6 literal has at least two colons, so a single colon means the value carries a port.
    // It is rejected here because the JDK would otherwise look up "127.0.0.1:8081" as a host name.
    if (name.indexOf(':') >= 0 && name.indexOf(':') == name.lastIndexOf(':')) {
      throw new SettingsException(
          EnvironmentDefaults.SOURCE,
          0,
          "FUSEBOX_HEALTH_ADDRESS",
          host,
          "is invalid",
          "use a host name or IP address without a port, such as 127.0.0.1, and set the port"
              + " with FUSEBOX_HEALTH_PORT");
    }
    InetSocketAddress address = new InetSocketAddress(name, port);
    if (address.isUnresolved()) {
      throw new SettingsException(
          EnvironmentDefaults.SOURCE,
          0,
          "FUSEBOX_HEALTH_ADDRESS",
          host,
          "cannot be resolved",
          "use an IP address of this host, such as 127.0.0.1, or a resolvable host name");
    }
    return address;
  }

  private static int integer(Map<String, String> env, String name, int fallback, int min, int max)
      throws SettingsException {
    String text = env.get(name);
    if (text == null || text.isBlank()) {
      return fallback;
    }
    try {
      int value = Integer.parseInt(text.strip());
      if (value >= min && value <= max) {
        return value;
      }
    } catch (NumberFormatException e) {
      // Reported below with the variable's name.
    }
    throw new SettingsException(
        EnvironmentDefaults.SOURCE,
        0,
        name,
        text,
        "is invalid",
        "use an integer from " + min + " to " + max);
  }

  private static boolean onOff(Map<String, String> env, String name) throws SettingsException {
    String text = env.get(name);
    if (text == null || text.isBlank()) {
      return false;
    }
    switch (text.strip().toLowerCase(Locale.ROOT)) {
      case "on", "true" -> {
        return true;
      }
      case "off", "false" -> {
        return false;
      }
      default ->
          throw new SettingsException(
              EnvironmentDefaults.SOURCE, 0, name, text, "is invalid", "use on or off");
    }
  }
}
