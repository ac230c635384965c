package io.fusebox.agent.micrometer;

import io.fusebox.agent.engine.CircuitBreaker;
import io.fusebox.agent.engine.CircuitBreakerRegistry;
import io.fusebox.agent.engine.RegistryListener;
import io.fusebox.agent.reload.ReloadStatus;
import io.fusebox.agent.reload.SettingsReloader;
import io.fusebox.agent.reload.SettingsSource;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.DoubleSupplier;

/**
 * Binds Fusebox's meters to a Micrometer registry. Names are dotted; the Prometheus registry
 * renders them as {@code fusebox_circuit_breaker_state}, {@code
 * fusebox_circuit_breaker_calls_seconds_count}, {@code
 * fusebox_circuit_breaker_not_permitted_calls_total}, {@code
 * fusebox_circuit_breaker_transitions_total}, {@code fusebox_circuit_breaker_failure_rate}, {@code
 * fusebox_config_reloads_total}, {@code fusebox_config_info} and {@code
 * fusebox_config_hot_reload_available}. The breaker name is the {@code breaker} label.
 *
 * <p>Every breaker in the registry has one series per state and outcome from the moment it is
 * added; a breaker removed from the registry (for example because it left the settings file) loses
 * all its series.
 */
public final class FuseboxMetrics implements MeterBinder {
  static final String RELOADS = "fusebox.config.reloads";

  static final String INFO = "fusebox.config.info";
  static final String HOT_RELOAD = "fusebox.config.hot.reload.available";
  private static final String RELOADS_DESCRIPTION =
      "Settings reloads by result: files applied (success) and distinct contents rejected"
          + " (failure)";

  private final CircuitBreakerRegistry breakers;
  private final SettingsReloader reloader;
  private final SettingsSource source;
  private final Map<String, BreakerMeters> bound = new ConcurrentHashMap<>();

  // Guarded by "this": the info gauge of the active file.
  private Gauge info;

  /**
   * Creates the binder.
   *
   * @param reloader the reloader whose results are counted, or null for none
   * @param source the settings source whose availability and own meters are exported, or null
   */
  public FuseboxMetrics(
      CircuitBreakerRegistry breakers, SettingsReloader reloader, SettingsSource source) {
    this.breakers = Objects.requireNonNull(breakers, "breakers");
    this.reloader = reloader;
    this.source = source;
  }

  @Override
  public void bindTo(MeterRegistry registry) {
    breakers.addListener(
        new RegistryListener() {
          @Override
          public void onAdded(CircuitBreaker breaker) {
            BreakerMeters meters = new BreakerMeters(registry, breaker);
            bound.put(breaker.name(), meters);
            breaker.addListener(meters);
          }

          @Override
          public void onRemoved(CircuitBreaker breaker) {
            BreakerMeters meters = bound.remove(breaker.name());
            if (meters != null) {
              breaker.removeListener(meters);
            }
            removeBreakerMeters(registry, breaker.name());
          }
        });
    if (reloader != null) {
      bindReloads(registry);
    }
    if (source != null) {
      Gauge.builder(HOT_RELOAD, source, s -> s.hotReloadAvailable() ? 1 : 0)
          .description("1 when settings changes reach the agent without a restart")
          .strongReference(true)
          .register(registry);
      for (Map.Entry<String, DoubleSupplier> gauge : source.gauges().entrySet()) {
        Gauge.builder(gauge.getKey(), gauge.getValue(), DoubleSupplier::getAsDouble)
            .strongReference(true)
            .register(registry);
      }
      for (Map.Entry<String, DoubleSupplier> counter : source.counters().entrySet()) {
        FunctionCounter.builder(counter.getKey(), counter.getValue(), DoubleSupplier::getAsDouble)
            .register(registry);
      }
    }
  }

  private void bindReloads(MeterRegistry registry) {
    // Prometheus has one HELP line per metric family, so both series share one description.
    FunctionCounter.builder(RELOADS, reloader, r -> r.status().successes())
        .tag("result", "success")
        .description(RELOADS_DESCRIPTION)
        .register(registry);
    FunctionCounter.builder(RELOADS, reloader, r -> r.status().failures())
        .tag("result", "failure")
        .description(RELOADS_DESCRIPTION)
        .register(registry);
    reloader.addListener((result, status) -> updateInfo(registry, status));
    updateInfo(registry, reloader.status());
  }

  private synchronized void updateInfo(MeterRegistry registry, ReloadStatus status) {
    if (status.activeHash().isEmpty()) {
      return;
    }
    String hash = status.activeHash().get();
    String generation =
        status.activeGeneration().isPresent()
            ? Long.toString(status.activeGeneration().getAsLong())
            : "none";
    if (info != null
        && hash.equals(info.getId().getTag("hash"))
        && generation.equals(info.getId().getTag("generation"))) {
      return;
    }
    if (info != null) {
      registry.remove(info);
    }
    info =
        Gauge.builder(INFO, () -> 1)
            .tags("hash", hash, "generation", generation)
            .description("1 for the active settings file")
            .register(registry);
  }

  private static void removeBreakerMeters(MeterRegistry registry, String name) {
    for (Meter meter : registry.getMeters()) {
      Meter.Id id = meter.getId();
      if (id.getName().startsWith("fusebox.circuit.breaker.")
          && name.equals(id.getTag("breaker"))) {
        registry.remove(meter);
      }
    }
  }
}
