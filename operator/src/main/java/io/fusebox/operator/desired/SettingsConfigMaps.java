package io.fusebox.operator.desired;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fusebox.api.v1alpha1.BreakerSpec;
import io.fusebox.api.v1alpha1.CircuitBreakerPolicy;
import io.fusebox.api.v1alpha1.CircuitBreakerPolicySpec;
import io.fusebox.settings.BreakerKey;
import io.fusebox.settings.BreakerNames;
import io.fusebox.settings.BreakerSettings;
import io.fusebox.settings.ContentHash;
import io.fusebox.settings.EnvironmentDefaults;
import io.fusebox.settings.PolicyRef;
import io.fusebox.settings.SettingsDocument;
import io.fusebox.settings.SettingsException;
import io.fusebox.settings.SettingsWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/** Builds the ConfigMap {@code <policy>-circuit-breakers} that contains the settings file. */
public final class SettingsConfigMaps {

  /** Key of the settings file in the ConfigMap. */
  public static final String SETTINGS_KEY = "circuit-breaker.yaml";

  /** Suffix of the ConfigMap name after the policy name. */
  public static final String NAME_SUFFIX = "-circuit-breakers";

  /** Annotation with the content hash of the settings file. */
  public static final String HASH_ANNOTATION = "fusebox.io/config-hash";

  private static final List<BreakerKey> BASE_KEYS =
      List.of(
          BreakerKey.FAILURE_THRESHOLD,
          BreakerKey.RECOVERY_TIMEOUT_SECONDS,
          BreakerKey.TIMEOUT_SECONDS,
          BreakerKey.SUCCESS_THRESHOLD);

  private SettingsConfigMaps() {}

  /** Returns the ConfigMap name for policy {@code policyName}. */
  public static String configMapName(String policyName) {
    return policyName + NAME_SUFFIX;
  }

  /**
   * Builds the settings document of {@code policy}: {@code spec.defaults} (with {@code spec.mode})
   * as the file's {@code defaults}, and for each breaker its own settings merged over those
   * defaults, completed with the built-in values of the four base keys.
   *
   * @return the document, or empty after adding at least one problem to {@code problems}
   */
  static Optional<SettingsDocument> document(CircuitBreakerPolicy policy, List<Finding> problems) {
    CircuitBreakerPolicySpec spec = policy.getSpec();
    int before = problems.size();
    SettingsMapping mapping = new SettingsMapping(problems);
    BreakerSettings defaults = mapping.toSettings(spec.getDefaults(), "spec.defaults");
    if (spec.getMode() != null && defaults.mode().isEmpty()) {
      defaults =
          defaults.toBuilder().mode(SettingsMapping.toMode(spec.getMode().settingsValue())).build();
    }
    BreakerSettings base = baseKeys(defaults.withFallback(BreakerSettings.BUILT_IN));
    SortedMap<String, BreakerSettings> services = new TreeMap<>();
    List<BreakerSpec> breakers = spec.getBreakers() == null ? List.of() : spec.getBreakers();
    for (int i = 0; i < breakers.size(); i++) {
      String path = "spec.breakers[" + i + "]";
      BreakerSpec breaker = breakers.get(i);
      BreakerSettings merged = mapping.toSettings(breaker, path).withFallback(defaults);
      merged = merged.withFallback(base);
      checkCrossFieldRules(merged, path, problems);
      services.put(BreakerNames.toFileName(breaker.getName()), merged);
    }
    checkCrossFieldRules(defaults, "spec.defaults", problems);
    if (problems.size() > before) {
      return Optional.empty();
    }
    Long generation = policy.getMetadata().getGeneration();
    PolicyRef ref =
        new PolicyRef(
            policy.getMetadata().getNamespace(),
            policy.getMetadata().getName(),
            generation == null ? 0 : generation);
    return Optional.of(
        new SettingsDocument(
            SettingsDocument.CURRENT_VERSION, Optional.of(ref), defaults, services));
  }

  /** Builds the ConfigMap holding {@code content}, annotated with its content hash. */
  static ConfigMap configMap(CircuitBreakerPolicy policy, String content, String hash) {
    ObjectMeta meta = OwnedMetadata.of(policy, configMapName(policy.getMetadata().getName()));
    meta.setAnnotations(new TreeMap<>(java.util.Map.of(HASH_ANNOTATION, hash)));
    return new ConfigMapBuilder().withMetadata(meta).addToData(SETTINGS_KEY, content).build();
  }

  /** Returns the settings file text of {@code document}. */
  static String write(SettingsDocument document) {
    return new SettingsWriter().write(document);
  }

  /** Returns the content hash of the settings file text. */
  static String hash(String content) {
    return ContentHash.of(content.getBytes(StandardCharsets.UTF_8));
  }

  private static BreakerSettings baseKeys(BreakerSettings settings) {
    BreakerSettings.Builder builder = BreakerSettings.builder();
    for (BreakerKey key : BASE_KEYS) {
      settings.value(key).ifPresent(value -> builder.set(key, value));
    }
    return builder.build();
  }

  private static void checkCrossFieldRules(
      BreakerSettings settings, String path, List<Finding> problems) {
    try {
      settings.resolve(BreakerSettings.EMPTY, EnvironmentDefaults.NONE);
    } catch (SettingsException e) {
      problems.add(new Finding(path, Finding.INVALID_SPEC, e.getMessage()));
    }
  }
}
