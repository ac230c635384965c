package io.fusebox.example;

import io.fusebox.agent.engine.CircuitBreakerRegistry;
import io.fusebox.agent.reload.MountedDirectoryWatcher;
import io.fusebox.agent.reload.SettingsReloader;
import io.fusebox.settings.EnvironmentDefaults;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the sample service until SIGTERM. Besides the variables of {@link SampleServiceConfig} it
 * reads {@code FUSEBOX_SETTINGS_DIR} (default {@code /etc/fusebox}), the mounted ConfigMap
 * directory whose {@code circuit-breaker.yaml} the agent follows, and the {@code CIRCUIT_BREAKER_*}
 * defaults.
 */
public final class SampleServiceMain {

  /** Period of the agent's backstop re-read of the settings file. */
  static final Duration REREAD_INTERVAL = Duration.ofSeconds(30);

  private static final Logger LOG = LoggerFactory.getLogger(SampleServiceMain.class);

  private SampleServiceMain() {}

  /** Starts the agent and the service and blocks until the process is stopped. */
  public static void main(String[] args) throws Exception {
    Map<String, String> env = System.getenv();
    SampleServiceConfig config;
    EnvironmentDefaults defaults;
    try {
      config = SampleServiceConfig.fromEnvironment(env);
      defaults = EnvironmentDefaults.fromEnvironment(env);
    } catch (IllegalArgumentException e) {
      LOG.error("Invalid configuration: {}", e.getMessage());
      System.exit(2);
      return;
    }
    Path settingsDir = Path.of(env.getOrDefault("FUSEBOX_SETTINGS_DIR", "/etc/fusebox"));
    CircuitBreakerRegistry breakers = CircuitBreakerRegistry.ofDefaults();
    SettingsReloader reloader = new SettingsReloader(breakers, defaults, Clock.systemUTC());
    MountedDirectoryWatcher watcher =
        MountedDirectoryWatcher.create(
            settingsDir.resolve("circuit-breaker.yaml"), reloader, REREAD_INTERVAL);
    watcher.start();
    SampleService service = SampleService.start(config, breakers);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  service.close();
                  watcher.close();
                  stopped.countDown();
                },
                "sample-service-shutdown"));
    stopped.await();
  }
}
