package io.fusebox.agent.kubernetes;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fusebox.agent.reload.PeriodicScheduler;
import io.fusebox.agent.reload.SettingsReloader;
import io.fusebox.agent.reload.SettingsSource;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.DoubleSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the settings file from one ConfigMap through the Kubernetes API, for pods whose mounted
 * file never updates ({@code subPath}) or that need changes faster than the kubelet delivers.
 *
 * <p>A fabric8 informer limited to the one ConfigMap (a {@code metadata.name} field selector in one
 * namespace) feeds every add and update to the {@link SettingsReloader}. The informer lists again
 * when the server ends a watch with {@code 410 Gone}. A watch can also stay open and deliver
 * nothing; so when no event arrived for {@code maxWatchAge}, the source stops the informer and
 * starts a new one, whose initial list delivers the current content. A change is therefore applied
 * within the maximum watch age plus one list, and the last-sync time never ages much past that
 * bound.
 *
 * <p>A deleted ConfigMap or a missing key keeps the last good settings.
 */
public final class ConfigMapWatchSource implements SettingsSource {
  private static final Logger LOG = LoggerFactory.getLogger(ConfigMapWatchSource.class);

  /** Name of the last-sync gauge, in seconds since the epoch. */
  public static final String LAST_SYNC = "fusebox.config.api.watch.last.sync.seconds";

  /** Name of the informer restart counter. */
  public static final String RESTARTS = "fusebox.config.api.watch.restarts";

  private final KubernetesClient client;
  private final String namespace;
  private final String name;
  private final String key;
  private final SettingsReloader reloader;
  private final Duration maxWatchAge;
  private final PeriodicScheduler periodic;
  private final Clock clock;
  private final AtomicLong restarts = new AtomicLong();

  // Written by informer threads and the age check; read by gauges.
  private volatile Instant lastEvent;
  private volatile Instant lastSync;
  // Guarded by "this".
  private SharedIndexInformer<ConfigMap> informer;
  private AutoCloseable ageCheck;

  /**
   * Creates the source; nothing runs until {@link #start()}.
   *
   * @param key the data key holding the file, normally {@code circuit-breaker.yaml}
   * @param maxWatchAge longest time without an event before the informer is restarted
   */
  public ConfigMapWatchSource(
      KubernetesClient client,
      String namespace,
      String name,
      String key,
      SettingsReloader reloader,
      Duration maxWatchAge,
      PeriodicScheduler periodic,
      Clock clock) {
    this.client = Objects.requireNonNull(client, "client");
    this.namespace = Objects.requireNonNull(namespace, "namespace");
    this.name = Objects.requireNonNull(name, "name");
    this.key = Objects.requireNonNull(key, "key");
    this.reloader = Objects.requireNonNull(reloader, "reloader");
    if (maxWatchAge.isNegative() || maxWatchAge.isZero()) {
      throw new IllegalArgumentException("maxWatchAge must be positive (was " + maxWatchAge + ")");
    }
    this.maxWatchAge = maxWatchAge;
    this.periodic = Objects.requireNonNull(periodic, "periodic");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  @Override
  public synchronized void start() {
    startInformer();
    // Check at a tenth of the age, so a quiet watch is restarted at most 10 % late.
    ageCheck = periodic.schedule(this::checkWatchAge, maxWatchAge.dividedBy(10));
  }

  @Override
  public boolean hotReloadAvailable() {
    return true;
  }

  @Override
  public Map<String, DoubleSupplier> gauges() {
    return Map.of(LAST_SYNC, this::lastSyncSeconds);
  }

  @Override
  public Map<String, DoubleSupplier> counters() {
    return Map.of(RESTARTS, restarts::get);
  }

  /** Returns how many times a quiet informer was restarted. */
  public long restarts() {
    return restarts.get();
  }

  /** Returns whether the current informer has an open watch. */
  synchronized boolean isWatching() {
    return informer != null && informer.isWatching();
  }

  /** Returns when content was last received from the API server, or null before the first. */
  public Instant lastSync() {
    return lastSync;
  }

  private double lastSyncSeconds() {
    Instant sync = lastSync;
    return sync == null ? Double.NaN : sync.toEpochMilli() / 1000.0;
  }

  /** Restarts the informer when no event arrived for the maximum watch age. */
  synchronized void checkWatchAge() {
    if (informer == null) {
      return;
    }
    Duration quiet = Duration.between(lastEvent, clock.instant());
    if (quiet.compareTo(maxWatchAge) < 0) {
      return;
    }
    LOG.info(
        "No event for ConfigMap {}/{} in {}; restarting its watch with a new list",
        namespace,
        name,
        quiet);
    informer.stop();
    restarts.incrementAndGet();
    startInformer();
  }

  private void startInformer() {
    lastEvent = clock.instant();
    SharedIndexInformer<ConfigMap> created =
        client.configMaps().inNamespace(namespace).withName(name).runnableInformer(0);
    created.addEventHandler(new Handler());
    created.exceptionHandler(
        (started, error) -> {
          LOG.warn("Watch of ConfigMap {}/{} failed; retrying", namespace, name, error);
          return true;
        });
    informer = created;
    created.start();
  }

  private void offer(ConfigMap configMap) {
    lastEvent = clock.instant();
    lastSync = lastEvent;
    Map<String, String> data = configMap.getData();
    String content = data == null ? null : data.get(key);
    if (content == null) {
      LOG.warn("ConfigMap {}/{} has no key {}; the last good settings stay", namespace, name, key);
      return;
    }
    reloader.apply(
        "configmap " + namespace + "/" + name + " key " + key,
        content.getBytes(StandardCharsets.UTF_8));
  }

  private final class Handler implements ResourceEventHandler<ConfigMap> {
    @Override
    public void onAdd(ConfigMap configMap) {
      offer(configMap);
    }

    @Override
    public void onUpdate(ConfigMap previous, ConfigMap current) {
      offer(current);
    }

    @Override
    public void onDelete(ConfigMap configMap, boolean finalStateUnknown) {
      lastEvent = clock.instant();
      LOG.warn("ConfigMap {}/{} was deleted; the last good settings stay", namespace, name);
    }
  }

  @Override
  public synchronized void close() {
    if (ageCheck != null) {
      try {
        ageCheck.close();
      } catch (Exception e) {
        LOG.debug("Stopping the watch-age check failed", e);
      }
    }
    if (informer != null) {
      informer.stop();
      informer = null;
    }
  }
}
