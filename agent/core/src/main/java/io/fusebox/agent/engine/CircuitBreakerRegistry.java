package io.fusebox.agent.engine;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The named breakers of one application and the configs that apply to them. A name can have a
 * config before the application creates its breaker, so settings delivered early are not lost. A
 * breaker without a named config uses the default config. Thread-safe.
 */
public final class CircuitBreakerRegistry implements Iterable<CircuitBreaker> {

  private static final Logger LOG = LoggerFactory.getLogger(CircuitBreakerRegistry.class);

  private final Ticker ticker;
  private final Scheduler scheduler;
  private final StatusCodeExtractor statusCodeExtractor;
  private final long jitterSeed;
  private final double fixedJitterShare;
  private final Map<String, CircuitBreaker> breakers = new ConcurrentHashMap<>();
  private final Map<String, BreakerConfig> namedConfigs = new ConcurrentHashMap<>();
  private final List<RegistryListener> listeners = new CopyOnWriteArrayList<>();
  private volatile BreakerConfig defaultConfig;

  private CircuitBreakerRegistry(Builder builder) {
    this.ticker = builder.ticker;
    this.scheduler = builder.scheduler != null ? builder.scheduler : SharedScheduler.INSTANCE;
    this.statusCodeExtractor = builder.statusCodeExtractor;
    this.jitterSeed = builder.jitterSeed;
    this.fixedJitterShare = builder.fixedJitterShare;
    this.defaultConfig = builder.defaultConfig;
  }

  /** Returns a builder with the system ticker, a shared daemon scheduler and a random seed. */
  public static Builder builder() {
    return new Builder();
  }

  /** Returns a registry with every default of {@link #builder()}. */
  public static CircuitBreakerRegistry ofDefaults() {
    return builder().build();
  }

  /** Returns the breaker named {@code name}, creating it with its named or the default config. */
  public CircuitBreaker getOrCreate(String name) {
    CircuitBreaker existing = breakers.get(name);
    return existing != null ? existing : create(name, null);
  }

  /**
   * Returns the breaker named {@code name}, created with {@code config} if absent. When it exists
   * with a different config it is reconfigured in place, never replaced, so its state is kept.
   */
  public CircuitBreaker getOrCreate(String name, BreakerConfig config) {
    Objects.requireNonNull(config, "config");
    CircuitBreaker existing = breakers.get(name);
    if (existing != null) {
      existing.reconfigure(config);
      return existing;
    }
    return create(name, config);
  }

  private CircuitBreaker create(String name, BreakerConfig explicit) {
    Objects.requireNonNull(name, "name");
    boolean[] created = new boolean[1];
    CircuitBreaker breaker =
        breakers.computeIfAbsent(
            name,
            key -> {
              created[0] = true;
              BreakerConfig config = explicit != null ? explicit : configFor(key);
              return new CircuitBreaker(
                  key,
                  config,
                  ticker,
                  scheduler,
                  statusCodeExtractor,
                  jitterSeed,
                  fixedJitterShare);
            });
    if (created[0]) {
      for (RegistryListener listener : listeners) {
        listener.onAdded(breaker);
      }
    } else if (explicit != null) {
      breaker.reconfigure(explicit);
    }
    return breaker;
  }

  /** Returns the breaker named {@code name} if it exists. */
  public Optional<CircuitBreaker> find(String name) {
    return Optional.ofNullable(breakers.get(name));
  }

  /**
   * Sets the named config of {@code name} and reconfigures its breaker in place if it exists (see
   * {@link CircuitBreaker#reconfigure}); a later {@link #getOrCreate(String)} uses it. Returns
   * whether an existing breaker changed.
   */
  public boolean reconfigure(String name, BreakerConfig config) {
    namedConfigs.put(
        Objects.requireNonNull(name, "name"), Objects.requireNonNull(config, "config"));
    CircuitBreaker breaker = breakers.get(name);
    return breaker != null && breaker.reconfigure(config);
  }

  /** Returns the default config, used for names without a named config. */
  public BreakerConfig defaultConfig() {
    return defaultConfig;
  }

  /** Sets the default config and reconfigures every breaker that has no named config. */
  public void setDefaultConfig(BreakerConfig config) {
    defaultConfig = Objects.requireNonNull(config, "config");
    for (CircuitBreaker breaker : breakers.values()) {
      if (!namedConfigs.containsKey(breaker.name())) {
        breaker.reconfigure(config);
      }
    }
  }

  /**
   * Forgets the named config of {@code name}; its breaker, if any, moves to the default config in
   * place. Returns whether a named config existed.
   */
  public boolean removeConfig(String name) {
    boolean existed = namedConfigs.remove(name) != null;
    CircuitBreaker breaker = breakers.get(name);
    if (existed && breaker != null) {
      breaker.reconfigure(defaultConfig);
    }
    return existed;
  }

  /** Removes the breaker and the named config of {@code name}; returns the removed breaker. */
  public Optional<CircuitBreaker> remove(String name) {
    namedConfigs.remove(name);
    CircuitBreaker removed = breakers.remove(name);
    if (removed != null) {
      for (RegistryListener listener : listeners) {
        listener.onRemoved(removed);
      }
    }
    return Optional.ofNullable(removed);
  }

  /** Returns the names that have a named config, whether or not their breaker exists. */
  public List<String> configuredNames() {
    List<String> names = new ArrayList<>(namedConfigs.keySet());
    Collections.sort(names);
    return names;
  }

  /** Returns the breakers sorted by name; a copy, so it may be iterated while others change. */
  public List<CircuitBreaker> all() {
    List<CircuitBreaker> result = new ArrayList<>(breakers.values());
    result.sort((a, b) -> a.name().compareTo(b.name()));
    return result;
  }

  @Override
  public Iterator<CircuitBreaker> iterator() {
    return all().iterator();
  }

  /** Adds {@code listener} and calls its {@code onAdded} for every breaker that exists now. */
  public void addListener(RegistryListener listener) {
    listeners.add(Objects.requireNonNull(listener, "listener"));
    for (CircuitBreaker breaker : all()) {
      listener.onAdded(breaker);
    }
  }

  /** Removes a listener added earlier. */
  public boolean removeListener(RegistryListener listener) {
    return listeners.remove(listener);
  }

  private BreakerConfig configFor(String name) {
    BreakerConfig named = namedConfigs.get(name);
    return named != null ? named : defaultConfig;
  }

  /** Options of a registry; every one has a production default. */
  public static final class Builder {
    private Ticker ticker = SystemTicker.INSTANCE;
    private Scheduler scheduler;
    private StatusCodeExtractor statusCodeExtractor = StatusCodeExtractor.NONE;
    private long jitterSeed = new SplittableRandom().nextLong();
    private BreakerConfig defaultConfig = BreakerConfig.defaults();
    private double fixedJitterShare = Double.NaN;

    private Builder() {}

    /** Sets the time source of every breaker. */
    public Builder ticker(Ticker value) {
      ticker = Objects.requireNonNull(value, "ticker");
      return this;
    }

    /** Sets the scheduler that enforces async call timeouts; default: one shared daemon thread. */
    public Builder scheduler(Scheduler value) {
      scheduler = Objects.requireNonNull(value, "scheduler");
      return this;
    }

    /** Sets how HTTP status codes are read from returned values. */
    public Builder statusCodeExtractor(StatusCodeExtractor value) {
      statusCodeExtractor = Objects.requireNonNull(value, "statusCodeExtractor");
      return this;
    }

    /** Sets the seed from which each breaker draws its fixed jitter fraction. */
    public Builder jitterSeed(long value) {
      jitterSeed = value;
      return this;
    }

    /**
     * Gives every breaker the jitter share {@code share} in [-1, 1] instead of one drawn from the
     * seed, so tests and conformance runners can predict open times.
     */
    public Builder fixedJitterShare(double share) {
      if (!(share >= -1.0 && share <= 1.0)) {
        throw new IllegalArgumentException("jitter share must be in [-1, 1], was " + share);
      }
      fixedJitterShare = share;
      return this;
    }

    /** Sets the config of breakers that have no named config. */
    public Builder defaultConfig(BreakerConfig value) {
      defaultConfig = Objects.requireNonNull(value, "defaultConfig");
      return this;
    }

    /** Returns the registry. */
    public CircuitBreakerRegistry build() {
      return new CircuitBreakerRegistry(this);
    }
  }

  // Created on first use only, so registries with an injected scheduler start no thread.
  private static final class SharedScheduler {
    static final Scheduler INSTANCE = create();

    private static Scheduler create() {
      ScheduledThreadPoolExecutor executor =
          new ScheduledThreadPoolExecutor(
              1,
              runnable -> {
                Thread thread = Executors.defaultThreadFactory().newThread(runnable);
                thread.setName("fusebox-breaker-timeouts");
                thread.setDaemon(true);
                return thread;
              });
      executor.setRemoveOnCancelPolicy(true);
      LOG.debug("Started the shared scheduler thread for circuit-breaker call timeouts");
      return Scheduler.of(executor);
    }
  }
}
