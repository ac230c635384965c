package io.fusebox.agent.reload;

import io.fusebox.agent.engine.BreakerConfig;
import io.fusebox.agent.engine.CircuitBreakerRegistry;
import io.fusebox.settings.BreakerSettings;
import io.fusebox.settings.ContentHash;
import io.fusebox.settings.EnvironmentDefaults;
import io.fusebox.settings.SettingsDocument;
import io.fusebox.settings.SettingsException;
import io.fusebox.settings.SettingsParser;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies settings-file contents to a {@link CircuitBreakerRegistry} in place. Every source (the
 * mounted-directory watcher, its periodic re-read, the API watch) offers content through {@link
 * #apply}; the reloader deduplicates by content hash, so sources may offer the same content any
 * number of times.
 *
 * <p>Rules of one reload:
 *
 * <ul>
 *   <li>The whole file is parsed, resolved and converted to engine configs before anything changes,
 *       so a rejected file never changes a breaker. It is counted once per distinct content and
 *       logged once per distinct content hash.
 *   <li>Listed breakers are reconfigured in place (state, window and open time are kept) or
 *       created. Unlisted breakers use the file's {@code defaults}, then the environment, then the
 *       built-in defaults.
 *   <li>A breaker that leaves the file is first moved to that default config in place, then removed
 *       from the registry, so its metric series disappear. A caller that still keeps a reference to
 *       the {@code CircuitBreaker} object keeps using it with its state; a later {@code
 *       getOrCreate} of the name creates a new breaker with the default config.
 *   <li>After a rejected file, the next valid file is applied even when it equals the active one;
 *       this clears the error. Otherwise content equal to the active file changes nothing.
 * </ul>
 *
 * <p>Thread-safe: {@link #apply} is serialised by the reloader's lock; {@link #status} is a
 * volatile read.
 */
public final class SettingsReloader {
  private static final Logger LOG = LoggerFactory.getLogger(SettingsReloader.class);

  /** How many rejected content hashes are remembered, to log and count each once. */
  private static final int MAX_REMEMBERED_REJECTIONS = 256;

  private final CircuitBreakerRegistry registry;
  private final EnvironmentDefaults environment;
  private final SettingsParser parser;
  private final Clock clock;
  private final List<ReloadListener> listeners = new CopyOnWriteArrayList<>();

  // Guarded by "this".
  private final Set<String> rejectedHashes = new LinkedHashSet<>();
  private String lastRejectedHash = "";
  private Set<String> listedNames = new TreeSet<>();

  // Written under "this", read without a lock.
  private volatile ReloadStatus status = ReloadStatus.INITIAL;

  /**
   * Creates a reloader.
   *
   * @param environment the {@code CIRCUIT_BREAKER_*} defaults that rank below the file
   * @param clock the source of {@link ReloadStatus#lastSuccessTime()}
   */
  public SettingsReloader(
      CircuitBreakerRegistry registry, EnvironmentDefaults environment, Clock clock) {
    this.registry = Objects.requireNonNull(registry, "registry");
    this.environment = Objects.requireNonNull(environment, "environment");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.parser = new SettingsParser();
  }

  /** Returns the registry this reloader configures. */
  public CircuitBreakerRegistry registry() {
    return registry;
  }

  /** Returns the current status. */
  public ReloadStatus status() {
    return status;
  }

  /** Adds a listener that is called after every attempt that changed the status. */
  public void addListener(ReloadListener listener) {
    listeners.add(Objects.requireNonNull(listener, "listener"));
  }

  /**
   * Offers one file content.
   *
   * @param source the file name or other source, used in messages
   * @param content the raw bytes, expected to be UTF-8
   * @return what happened; never throws for bad content
   */
  public synchronized ReloadResult apply(String source, byte[] content) {
    String hash = ContentHash.of(content);
    ReloadStatus current = status;

    boolean lastFailed = current.lastResult().orElse(null) == ReloadResult.REJECTED;
    if (!lastFailed && current.activeHash().orElse("").equals(hash)) {
      return ReloadResult.UNCHANGED;
    }
    if (lastFailed && lastRejectedHash.equals(hash)) {
      // The same rejected content read again, for example by the periodic re-read.
      return ReloadResult.REJECTED;
    }

    Plan plan;
    try {
      plan = plan(source, content);
    } catch (SettingsException | IllegalArgumentException e) {
      reject(hash, e.getMessage());
      return ReloadResult.REJECTED;
    }

    execute(plan);
    OptionalLong generation =
        plan.document
            .policy()
            .map(p -> OptionalLong.of(p.generation()))
            .orElse(OptionalLong.empty());
    status =
        new ReloadStatus(
            true,
            Optional.of(ReloadResult.APPLIED),
            Optional.empty(),
            Optional.of(clock.instant()),
            Optional.of(hash),
            generation,
            current.successes() + 1,
            current.failures());
    LOG.info(
        "Applied settings from {}: content hash {}, {} listed breakers",
        source,
        hash,
        plan.named.size());
    notifyListeners(ReloadResult.APPLIED);
    return ReloadResult.APPLIED;
  }

  /** The engine configs of one valid file, computed before anything changes. */
  private record Plan(
      SettingsDocument document, BreakerConfig defaults, Map<String, BreakerConfig> named) {}

  private Plan plan(String source, byte[] content) throws SettingsException {
    String text = decode(source, content);
    SettingsDocument document = parser.parse(source, text);
    BreakerConfig defaults = convert(source, "defaults", document.defaults(), document);
    Map<String, BreakerConfig> named = new LinkedHashMap<>();
    for (Map.Entry<String, BreakerSettings> entry : document.services().entrySet()) {
      String key = "services." + entry.getKey();
      named.put(entry.getKey(), convert(source, key, entry.getValue(), document));
    }
    return new Plan(document, defaults, named);
  }

  private BreakerConfig convert(
      String source, String key, BreakerSettings entry, SettingsDocument document)
      throws SettingsException {
    try {
      return SettingsConversion.toBreakerConfig(entry.resolve(document.defaults(), environment));
    } catch (SettingsException e) {
      // Resolution fails only on a cross-field rule broken by an environment or built-in value.
      throw new SettingsException(
          source,
          0,
          key + "." + e.key(),
          e.value(),
          e.problem(),
          e.fix() + " (the other value comes from CIRCUIT_BREAKER_* or the built-in defaults)");
    } catch (IllegalArgumentException e) {
      throw new SettingsException(
          source,
          0,
          key,
          null,
          "is not accepted by the breaker engine (" + e.getMessage() + ")",
          "change the values named in the message");
    }
  }

  private void execute(Plan plan) {
    registry.setDefaultConfig(plan.defaults);
    for (Map.Entry<String, BreakerConfig> entry : plan.named.entrySet()) {
      registry.reconfigure(entry.getKey(), entry.getValue());
      registry.getOrCreate(entry.getKey());
    }
    for (String name : listedNames) {
      if (!plan.named.containsKey(name)) {
        registry.removeConfig(name);
        registry.remove(name);
        LOG.info("Breaker {} left the settings file; removed it from the registry", name);
      }
    }
    listedNames = new TreeSet<>(plan.named.keySet());
  }

  private void reject(String hash, String message) {
    ReloadStatus current = status;
    lastRejectedHash = hash;
    boolean firstTime = rejectedHashes.add(hash);
    if (rejectedHashes.size() > MAX_REMEMBERED_REJECTIONS) {
      rejectedHashes.remove(rejectedHashes.iterator().next());
    }
    if (firstTime) {
      LOG.warn(
          "Rejected settings with content hash {}; the last good settings stay: {}", hash, message);
    }
    status =
        new ReloadStatus(
            current.initialLoaded(),
            Optional.of(ReloadResult.REJECTED),
            Optional.of(message),
            current.lastSuccessTime(),
            current.activeHash(),
            current.activeGeneration(),
            current.successes(),
            current.failures() + 1);
    notifyListeners(ReloadResult.REJECTED);
  }

  private void notifyListeners(ReloadResult result) {
    ReloadStatus current = status;
    for (ReloadListener listener : listeners) {
      try {
        listener.onReload(result, current);
      } catch (RuntimeException e) {
        LOG.warn("A reload listener failed; the reload itself is complete", e);
      }
    }
  }

  private static String decode(String source, byte[] content) throws SettingsException {
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(content))
          .toString();
    } catch (CharacterCodingException e) {
      throw new SettingsException(
          source, 0, "file", null, "is not valid UTF-8", "save the file as UTF-8");
    }
  }
}
