package io.fusebox.agent.reload;

import java.util.Map;
import java.util.function.DoubleSupplier;

/**
 * A source that offers settings-file contents to a {@link SettingsReloader}: the mounted ConfigMap
 * directory, or the Kubernetes API watch of the optional {@code fusebox-agent-kubernetes} module.
 */
public interface SettingsSource extends AutoCloseable {

  /** Reads the current content once, then starts following changes. */
  void start();

  /** Returns whether changes reach the agent without a restart. */
  boolean hotReloadAvailable();

  /**
   * Returns source-specific gauges by dotted Micrometer name, for example the time of the last API
   * sync. Read at scrape time.
   */
  default Map<String, DoubleSupplier> gauges() {
    return Map.of();
  }

  /** Returns source-specific monotonic counters by dotted Micrometer name. */
  default Map<String, DoubleSupplier> counters() {
    return Map.of();
  }

  /** Stops following changes; the active settings stay. */
  @Override
  void close();
}
