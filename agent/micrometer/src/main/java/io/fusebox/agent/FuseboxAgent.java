package io.fusebox.agent;

import io.fusebox.agent.engine.BreakerConfig;
import io.fusebox.agent.engine.CircuitBreaker;
import io.fusebox.agent.engine.CircuitBreakerRegistry;
import io.fusebox.agent.engine.CoarseTicker;
import io.fusebox.agent.engine.SystemTicker;
import io.fusebox.agent.engine.Ticker;
import io.fusebox.agent.http.HealthServer;
import io.fusebox.agent.micrometer.FuseboxMetrics;
import io.fusebox.agent.reload.MountedDirectoryWatcher;
import io.fusebox.agent.reload.SettingsConversion;
import io.fusebox.agent.reload.SettingsReloader;
import io.fusebox.agent.reload.SettingsSource;
import io.fusebox.agent.reload.SettingsSourceProvider;
import io.fusebox.settings.BreakerNames;
import io.fusebox.settings.BreakerSettings;
import io.fusebox.settings.SettingsException;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.ServiceLoader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The whole agent in one object: breakers, settings delivery, metrics and the health server,
 * configured from environment variables (see {@link AgentOptions}).
 *
 * <pre>{@code
 * FuseboxAgent agent = FuseboxAgent.start();
 * CircuitBreaker database = agent.breaker("database");
 * }</pre>
 *
 * <p>{@link #start()} installs a shutdown hook: on SIGTERM readiness turns 503 first, and the
 * health server stops after the drain delay.
 */
public final class FuseboxAgent implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(FuseboxAgent.class);

  private final CircuitBreakerRegistry registry;

  /** The cached clock the agent started, or null when the breakers read the system clock. */
  private final CoarseTicker coarseTicker;

  private final SettingsReloader reloader;
  private final SettingsSource source;
  private final PrometheusMeterRegistry meterRegistry;
  private final HealthServer healthServer;
  private Thread shutdownHook;

  private FuseboxAgent(AgentOptions options, Map<String, String> environment)
      throws IOException, SettingsException {
    // Until the first file arrives, breakers use the CIRCUIT_BREAKER_* and built-in defaults.
    BreakerConfig environmentDefaults =
        SettingsConversion.toBreakerConfig(
            BreakerSettings.EMPTY.resolve(BreakerSettings.EMPTY, options.defaults()));
    // A cached clock turns a call's two clock reads into volatile loads. Durations are then exact
    // to within the resolution, a millisecond by default.
    this.coarseTicker =
        options.clockResolution().isZero() ? null : CoarseTicker.start(options.clockResolution());
    Ticker ticker = coarseTicker == null ? SystemTicker.INSTANCE : coarseTicker;
    this.registry =
        CircuitBreakerRegistry.builder().defaultConfig(environmentDefaults).ticker(ticker).build();
    this.reloader = new SettingsReloader(registry, options.defaults(), SystemClock.utc());
    this.meterRegistry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    this.healthServer =
        HealthServer.builder(registry)
            .reloader(reloader)
            .prometheus(meterRegistry)
            .address(options.healthAddress())
            .drainDelay(options.drainDelay())
            .build();
    try {
      this.source = createSource(options, environment);
    } catch (IOException | RuntimeException e) {
      healthServer.close();
      closeTicker();
      throw e;
    }
    new FuseboxMetrics(registry, reloader, source).bindTo(meterRegistry);
  }

  /**
   * Starts the agent from {@code System.getenv()} and installs the shutdown hook.
   *
   * @throws IllegalArgumentException naming an invalid variable and its value
   * @throws UncheckedIOException when the health port cannot be bound
   */
  public static FuseboxAgent start() {
    FuseboxAgent agent = start(System.getenv());
    agent.installShutdownHook();
    return agent;
  }

  /** Starts the agent from {@code environment}, without a shutdown hook. */
  public static FuseboxAgent start(Map<String, String> environment) {
    AgentOptions options;
    try {
      options = AgentOptions.fromEnvironment(environment);
    } catch (SettingsException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
    FuseboxAgent agent;
    try {
      agent = new FuseboxAgent(options, environment);
    } catch (SettingsException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "Failed to bind the health server to "
              + options.healthAddress()
              + "; set FUSEBOX_HEALTH_PORT to a free port",
          e);
    }
    agent.source.start();
    agent.healthServer.start();
    LOG.info(
        "Fusebox agent started: settings {}, health port {}",
        options.apiWatch() ? "from the Kubernetes API" : options.settingsPath(),
        agent.healthServer.port());
    return agent;
  }

  private SettingsSource createSource(AgentOptions options, Map<String, String> environment)
      throws IOException {
    if (!options.apiWatch()) {
      return MountedDirectoryWatcher.create(
          options.settingsPath(), reloader, options.rereadInterval());
    }
    for (SettingsSourceProvider provider : ServiceLoader.load(SettingsSourceProvider.class)) {
      if (provider.name().equals("api-watch")) {
        return provider.create(environment, reloader);
      }
    }
    throw new IllegalArgumentException(
        "FUSEBOX_API_WATCH is on but no API-watch source is on the class path;"
            + " add the io.fusebox:fusebox-agent-kubernetes dependency or set FUSEBOX_API_WATCH=off");
  }

  /** Returns the breaker registry. */
  public CircuitBreakerRegistry registry() {
    return registry;
  }

  /**
   * Returns the breaker for {@code name}, creating it if needed. A policy name such as {@code
   * external-api} is mapped to its file name {@code external_api}, the name in the registry and in
   * metrics.
   */
  public CircuitBreaker breaker(String name) {
    String fileName = name.indexOf('-') >= 0 ? BreakerNames.toFileName(name) : name;
    return registry.getOrCreate(fileName);
  }

  /** Returns the reloader, for its status. */
  public SettingsReloader reloader() {
    return reloader;
  }

  /** Returns the settings source. */
  public SettingsSource source() {
    return source;
  }

  /** Returns the Prometheus registry that {@code /metrics} serves; bind more meters to it. */
  public PrometheusMeterRegistry meterRegistry() {
    return meterRegistry;
  }

  /** Returns the port of the health server. */
  public int healthPort() {
    return healthServer.port();
  }

  /** Returns the health server. */
  public HealthServer healthServer() {
    return healthServer;
  }

  private synchronized void installShutdownHook() {
    shutdownHook =
        new Thread(
            () -> {
              try {
                healthServer.shutdownGracefully();
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              } finally {
                source.close();
              }
            },
            "fusebox-shutdown");
    Runtime.getRuntime().addShutdownHook(shutdownHook);
  }

  /**
   * Stops delivery, the health server and the cached clock's thread at once; breakers keep working
   * and read the system clock from then on.
   */
  @Override
  public synchronized void close() {
    if (shutdownHook != null) {
      try {
        Runtime.getRuntime().removeShutdownHook(shutdownHook);
      } catch (IllegalStateException e) {
        // The JVM is already shutting down and the hook is running.
      }
      shutdownHook = null;
    }
    source.close();
    healthServer.close();
    meterRegistry.close();
    closeTicker();
  }

  private void closeTicker() {
    if (coarseTicker != null) {
      coarseTicker.close();
    }
  }
}
