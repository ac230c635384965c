package io.fusebox.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fusebox.agent.engine.BreakerConfig;
import io.fusebox.agent.engine.CircuitBreakerRegistry;
import io.fusebox.agent.reload.MountedDirectoryWatcher;
import io.fusebox.agent.reload.ReloadResult;
import io.fusebox.agent.reload.SettingsReloader;
import io.fusebox.settings.EnvironmentDefaults;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Mutated and random settings files published through a kubelet-style ConfigMap directory to a
 * running {@link MountedDirectoryWatcher}. After each file the live registry must equal what a
 * fresh reloader makes of either the new file (when valid) or the last valid one: never a mix. The
 * watch thread must survive every file and still apply the last one by itself.
 */
class SettingsWatcherFuzzTest {

  private static final String BASE =
      """
      version: 1
      policy: {namespace: shop, name: checkout, generation: 4}
      defaults:
        failure_threshold: 5
        recovery_timeout_seconds: 30
      services:
        database:
          failure_threshold: 5
          recovery_timeout_seconds: 30
          timeout_seconds: 10
          success_threshold: 3
        external_api:
          failure_threshold: 3
          recovery_timeout_seconds: 60
          timeout_seconds: 5
          success_threshold: 2
          failure_rate_threshold: 50
          sliding_window_size: 10
          minimum_number_of_calls: 5
          mode: shadow
      """;

  private static Path dir;
  private static ConfigMapVolume volume;
  private static CircuitBreakerRegistry registry;
  private static MountedDirectoryWatcher watcher;
  private static byte[] lastValid;
  private static int tries;
  private static int rejected;

  @BeforeContainer
  static void startWatcher() throws Exception {
    assertThat(oracleAccepts(BASE.getBytes(StandardCharsets.UTF_8))).isTrue();
    dir = Files.createTempDirectory("fusebox-fuzz-");
    volume = new ConfigMapVolume(dir.resolve("fusebox"));
    volume.publish(BASE);
    lastValid = BASE.getBytes(StandardCharsets.UTF_8);
    registry = CircuitBreakerRegistry.ofDefaults();
    SettingsReloader reloader =
        new SettingsReloader(registry, EnvironmentDefaults.NONE, Clock.systemUTC());
    watcher = MountedDirectoryWatcher.create(volume.file(), reloader, Duration.ofSeconds(1));
    watcher.start();
  }

  @AfterContainer
  static void checkWatcherAndStop() throws Exception {
    try {
      assertThat(watchThreadAlive()).isTrue();
      String last = BASE.replace("failure_threshold: 3", "failure_threshold: 77");
      volume.publish(last);
      // No rereadNow here: the watch thread (or its 1 s re-read) must apply the file by itself.
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> registry.getOrCreate("external_api").config().failureThreshold() == 77);
      System.out.printf(
          "SettingsWatcherFuzzTest: %d files, %d rejected, watch thread alive%n", tries, rejected);
    } finally {
      watcher.close();
      new ConfigMapVolume(dir).remove();
    }
  }

  // The fixture carries state from try to try, so shrinking would replay samples out of order.
  @Property(tries = 400, shrinking = ShrinkingMode.OFF)
  void activeSettingsAreOldOrNew(@ForAll("files") byte[] bytes) throws Exception {
    tries++;
    boolean valid = oracleAccepts(bytes);
    volume.publish(bytes);
    watcher.rereadNow();
    if (valid) {
      lastValid = bytes;
    } else {
      rejected++;
    }
    assertThat(snapshot(registry)).isEqualTo(snapshot(oracle(lastValid)));
    assertThat(watchThreadAlive()).isTrue();
  }

  @Provide
  Arbitrary<byte[]> files() {
    Arbitrary<String> mutated =
        Combinators.combine(
                Arbitraries.integers()
                    .between(0, BASE.length() - 1)
                    .list()
                    .ofMinSize(1)
                    .ofMaxSize(4),
                Arbitraries.of(
                        "",
                        ":",
                        " ",
                        "-",
                        "\n",
                        "\t",
                        "{",
                        "}",
                        "[",
                        "]",
                        "#",
                        "&a",
                        "*a",
                        "!!str",
                        "|",
                        ">",
                        "'",
                        "\"",
                        "%",
                        "@",
                        "`",
                        "0",
                        "-1",
                        "1e309",
                        "0.0001",
                        "NaN",
                        "null",
                        "~",
                        "true",
                        "99999999999999999999",
                        "\u00e9",
                        "\ud83d\ude00",
                        "\u0000",
                        "  x: 1\n")
                    .list()
                    .ofMinSize(1)
                    .ofMaxSize(4))
            .as(SettingsWatcherFuzzTest::mutate);
    Arbitrary<String> lines = Arbitraries.strings().ofMaxLength(200).map(s -> s + "\n");
    Arbitrary<String> random = Arbitraries.strings().all().ofMaxLength(300);
    Arbitrary<String> valid =
        Arbitraries.integers()
            .between(1, 1000)
            .map(n -> BASE.replace("failure_threshold: 5", "failure_threshold: " + n));
    // Lone surrogates in generated strings become '?' in UTF-8; raw bytes cover invalid UTF-8.
    Arbitrary<byte[]> bytes = Arbitraries.bytes().array(byte[].class).ofMaxSize(300);
    return Arbitraries.frequencyOf(
        Tuple.of(6, mutated.map(SettingsWatcherFuzzTest::utf8)),
        Tuple.of(1, lines.map(SettingsWatcherFuzzTest::utf8)),
        Tuple.of(1, random.map(SettingsWatcherFuzzTest::utf8)),
        Tuple.of(1, bytes),
        Tuple.of(2, valid.map(SettingsWatcherFuzzTest::utf8)));
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static String mutate(List<Integer> positions, List<String> inserts) {
    StringBuilder text = new StringBuilder(BASE);
    for (int i = 0; i < positions.size(); i++) {
      int at = Math.min(positions.get(i), text.length());
      String insert = inserts.get(i % inserts.size());
      if (insert.isEmpty() && at < text.length()) {
        text.deleteCharAt(at);
      } else {
        text.insert(at, insert);
      }
    }
    return text.toString();
  }

  private static boolean oracleAccepts(byte[] content) {
    SettingsReloader fresh =
        new SettingsReloader(
            CircuitBreakerRegistry.ofDefaults(), EnvironmentDefaults.NONE, Clock.systemUTC());
    return fresh.apply("oracle", content) == ReloadResult.APPLIED;
  }

  private static CircuitBreakerRegistry oracle(byte[] content) {
    CircuitBreakerRegistry fresh = CircuitBreakerRegistry.ofDefaults();
    new SettingsReloader(fresh, EnvironmentDefaults.NONE, Clock.systemUTC())
        .apply("oracle", content);
    return fresh;
  }

  /** Returns the default config and the config of every breaker the file names. */
  private static Map<String, BreakerConfig> snapshot(CircuitBreakerRegistry r) {
    Map<String, BreakerConfig> result = new TreeMap<>();
    result.put("(defaults)", r.defaultConfig());
    List<String> names = new ArrayList<>(r.configuredNames());
    for (String name : names) {
      result.put(name, r.getOrCreate(name).config());
    }
    return result;
  }

  private static boolean watchThreadAlive() {
    return Thread.getAllStackTraces().keySet().stream()
        .anyMatch(t -> t.getName().equals("fusebox-settings-watch") && t.isAlive());
  }
}
