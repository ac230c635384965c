package io.fusebox.settings;

import java.util.Collections;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A parsed {@code circuit-breaker.yaml}: the layout version, where it came from, the settings of
 * unlisted breakers and one entry per listed breaker, keyed by file name ({@code external_api}).
 * Immutable.
 */
public final class SettingsDocument {

  /** The only layout version this reader accepts. */
  public static final int CURRENT_VERSION = 1;

  private final int version;
  private final Optional<PolicyRef> policy;
  private final BreakerSettings defaults;
  private final SortedMap<String, BreakerSettings> services;

  /**
   * Creates a document.
   *
   * @throws IllegalArgumentException when a service name is not a valid file breaker name
   */
  public SettingsDocument(
      int version,
      Optional<PolicyRef> policy,
      BreakerSettings defaults,
      SortedMap<String, BreakerSettings> services) {
    this.version = version;
    this.policy = Objects.requireNonNull(policy, "policy");
    this.defaults = Objects.requireNonNull(defaults, "defaults");
    TreeMap<String, BreakerSettings> copy = new TreeMap<>();
    for (var entry : services.entrySet()) {
      // Throws IllegalArgumentException naming the invalid name.
      BreakerNames.toPolicyName(entry.getKey());
      copy.put(entry.getKey(), Objects.requireNonNull(entry.getValue(), entry.getKey()));
    }
    this.services = Collections.unmodifiableSortedMap(copy);
  }

  /** Returns the layout version, {@value #CURRENT_VERSION} for every document parsed here. */
  public int version() {
    return version;
  }

  /** Returns the policy the file was rendered from, when the file names one. */
  public Optional<PolicyRef> policy() {
    return policy;
  }

  /** Returns the settings of breakers the file does not list; may have no key set. */
  public BreakerSettings defaults() {
    return defaults;
  }

  /** Returns the listed breakers by file name, sorted. */
  public SortedMap<String, BreakerSettings> services() {
    return services;
  }

  /**
   * Resolves the settings of breaker {@code fileName}: its entry when listed, else the file's
   * {@code defaults}, then the environment, then the built-in defaults.
   *
   * @throws SettingsException when the merged values break a cross-field rule
   */
  public ResolvedBreakerSettings resolve(String fileName, EnvironmentDefaults environment)
      throws SettingsException {
    BreakerSettings entry = services.getOrDefault(fileName, BreakerSettings.EMPTY);
    return entry.resolve(defaults, environment);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof SettingsDocument document
        && version == document.version
        && policy.equals(document.policy)
        && defaults.equals(document.defaults)
        && services.equals(document.services);
  }

  @Override
  public int hashCode() {
    return Objects.hash(version, policy, defaults, services);
  }

  @Override
  public String toString() {
    return "SettingsDocument{version="
        + version
        + ", policy="
        + policy
        + ", defaults="
        + defaults
        + ", services="
        + services
        + "}";
  }
}
