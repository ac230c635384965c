package io.fusebox.settings;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Round trip, determinism and totality of the parser and the writer. */
class SettingsPropertiesTest {
  private final SettingsParser parser = new SettingsParser();
  private final SettingsWriter writer = new SettingsWriter();

  @Property(tries = 500)
  void writtenDocumentParsesBackEqual(@ForAll("documents") SettingsDocument document)
      throws SettingsException {
    String text = writer.write(document);

    assertThat(parser.parse("f.yaml", text)).isEqualTo(document);
  }

  @Property(tries = 200)
  void equalDocumentsGiveIdenticalBytes(@ForAll("documents") SettingsDocument document)
      throws SettingsException {
    String first = writer.write(document);
    SettingsDocument copy = parser.parse("f.yaml", first);

    assertThat(writer.write(copy)).isEqualTo(first);
  }

  @Property(tries = 1000)
  void parseOfRandomTextIsTotal(@ForAll("randomText") String content) {
    assertParseIsTotal(content);
  }

  @Property(tries = 1000)
  void parseOfMutatedYamlIsTotal(
      @ForAll("documents") SettingsDocument document, @ForAll("mutations") List<Mutation> edits) {
    StringBuilder text = new StringBuilder(writer.write(document));
    for (Mutation edit : edits) {
      edit.apply(text);
    }
    assertParseIsTotal(text.toString());
  }

  private void assertParseIsTotal(String content) {
    try {
      SettingsDocument document = parser.parse("fuzz.yaml", content);
      assertThat(document.version()).isEqualTo(1);
    } catch (SettingsException e) {
      assertThat(e.getMessage()).startsWith("fuzz.yaml");
      assertThat(e.key()).isNotBlank();
    }
  }

  /** One edit of the YAML text: insert, delete or replace a character at a position. */
  record Mutation(int kind, int position, char character) {
    void apply(StringBuilder text) {
      int at = text.length() == 0 ? 0 : Math.floorMod(position, text.length());
      switch (kind) {
        case 0 -> text.insert(at, character);
        case 1 -> {
          if (text.length() > 0) {
            text.deleteCharAt(at);
          }
        }
        default -> {
          if (text.length() > 0) {
            text.setCharAt(at, character);
          }
        }
      }
    }
  }

  @Provide
  Arbitrary<List<Mutation>> mutations() {
    Arbitrary<Character> characters =
        Arbitraries.oneOf(
            Arbitraries.of(
                ':', '-', ' ', '\n', '\t', '[', ']', '{', '}', '"', '\'', '#', '&', '*', '!', '|',
                '>', '%', '@', '`', '.', '0', '9', 'e', '_', ',', '?', '\\', '\u0000'),
            Arbitraries.chars());
    Arbitrary<Mutation> mutation =
        Combinators.combine(
                Arbitraries.integers().between(0, 2), Arbitraries.integers(), characters)
            .as(Mutation::new);
    return mutation.list().ofMinSize(1).ofMaxSize(6);
  }

  @Provide
  Arbitrary<String> randomText() {
    Arbitrary<String> yamlish =
        Arbitraries.strings()
            .withChars("version: 1services{}[]-\n \t\"'#&*!|>0123456789.eE+_abc,?%@\\")
            .ofMaxLength(200);
    return Arbitraries.oneOf(yamlish, Arbitraries.strings().ofMaxLength(200));
  }

  @Provide
  Arbitrary<SettingsDocument> documents() {
    Arbitrary<Optional<PolicyRef>> policies =
        Combinators.combine(
                Arbitraries.strings().ofMinLength(1).ofMaxLength(12),
                Arbitraries.strings().ofMinLength(1).ofMaxLength(12),
                Arbitraries.longs().greaterOrEqual(0))
            .as(PolicyRef::new)
            .optional();
    Arbitrary<String> names =
        Arbitraries.strings()
            .withChars("abc_019")
            .ofMinLength(1)
            .ofMaxLength(8)
            .filter(BreakerNames::isFileName);
    Arbitrary<Map<String, BreakerSettings>> services =
        Arbitraries.maps(names, breakers()).ofMaxSize(4);
    return Combinators.combine(policies, breakers(), services)
        .as(
            (policy, defaults, entries) ->
                new SettingsDocument(1, policy, defaults, new TreeMap<>(entries)))
        .filter(SettingsPropertiesTest::crossFieldsHold);
  }

  /** Keeps documents whose entries, merged with the defaults, respect the cross-field rules. */
  private static boolean crossFieldsHold(SettingsDocument document) {
    if (CrossFieldRules.check(document.defaults()).isPresent()) {
      return false;
    }
    for (BreakerSettings entry : document.services().values()) {
      if (CrossFieldRules.check(entry.withFallback(document.defaults())).isPresent()) {
        return false;
      }
    }
    return true;
  }

  private Arbitrary<BreakerSettings> breakers() {
    List<Arbitrary<Object>> perKey = new ArrayList<>();
    for (BreakerKey key : BreakerKey.values()) {
      perKey.add(value(key).injectNull(0.6));
    }
    return Combinators.combine(perKey)
        .as(
            values -> {
              BreakerSettings.Builder builder = BreakerSettings.builder();
              for (BreakerKey key : BreakerKey.values()) {
                builder.set(key, values.get(key.ordinal()));
              }
              BreakerSettings settings = builder.build();
              // Keep max_recovery_timeout_seconds valid against recovery_timeout_seconds.
              if (settings.maxRecoveryTimeout().isPresent()) {
                Duration max = settings.maxRecoveryTimeout().get();
                builder.recoveryTimeout(max);
              }
              return builder.build();
            });
  }

  private static Arbitrary<Object> value(BreakerKey key) {
    Arbitrary<?> arbitrary =
        switch (key) {
          case FAILURE_THRESHOLD, MINIMUM_NUMBER_OF_CALLS ->
              Arbitraries.integers().greaterOrEqual(1);
          // Ranges that keep the cross-field rules: permitted calls at least the success
          // threshold, and a window no larger than the time-based maximum.
          case SUCCESS_THRESHOLD -> Arbitraries.integers().between(1, 100);
          case PERMITTED_CALLS_IN_HALF_OPEN -> Arbitraries.integers().between(100, 1_000_000);
          case SLIDING_WINDOW_SIZE -> Arbitraries.integers().between(1, 86_400);
          case MAX_CONCURRENT_CALLS -> Arbitraries.integers().greaterOrEqual(0);
          case RECOVERY_TIMEOUT_SECONDS, SLOW_CALL_DURATION_SECONDS, MAX_RECOVERY_TIMEOUT_SECONDS ->
              Arbitraries.longs().between(1, 1_000_000_000_000_000_000L).map(Duration::ofNanos);
          case TIMEOUT_SECONDS, MAX_HALF_OPEN_SECONDS ->
              Arbitraries.longs().between(0, 1_000_000_000_000_000_000L).map(Duration::ofNanos);
          case MODE -> Arbitraries.of(Mode.class);
          case READINESS -> Arbitraries.of(true, false);
          case FAILURE_RATE_THRESHOLD, SLOW_CALL_RATE_THRESHOLD ->
              Arbitraries.doubles().between(0, false, 100, true);
          case SLIDING_WINDOW_TYPE -> Arbitraries.of(SlidingWindowType.class);
          case BACKOFF_MULTIPLIER -> Arbitraries.doubles().between(1, 1000);
          case JITTER_RATIO -> Arbitraries.doubles().between(0, true, 1, false);
          case FAILURE_EXCEPTIONS, IGNORED_EXCEPTIONS ->
              Arbitraries.of("java.io.IOException", "a.B$C", "x", "éclair.Ü").list().ofMaxSize(3);
          case FAILURE_STATUS_CODES, IGNORED_STATUS_CODES ->
              Combinators.combine(
                      Arbitraries.integers().between(100, 599),
                      Arbitraries.integers().between(0, 80))
                  .as((first, width) -> new StatusCodeRange(first, Math.min(599, first + width)))
                  .list()
                  .ofMaxSize(3);
        };
    return arbitrary.map(Object.class::cast);
  }
}
