package io.fusebox.example;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** Environment variables of the sample service. */
class SampleServiceConfigTest {

  @Test
  void emptyEnvironmentUsesEmbeddedDefaults() {
    SampleServiceConfig config = SampleServiceConfig.fromEnvironment(Map.of());

    assertThat(config.databaseUrl()).isEqualTo(ProductDatabase.EMBEDDED_URL);
    assertThat(config.redisUrl()).isEmpty();
    assertThat(config.port()).isEqualTo(8080);
    assertThat(config.externalApiUrl()).hasToString(SampleServiceConfig.DEFAULT_EXTERNAL_API_URL);
  }

  @Test
  void redisUrlSelectsRedisCache() {
    SampleServiceConfig config =
        SampleServiceConfig.fromEnvironment(Map.of("REDIS_URL", "redis://cache:6379"));

    assertThat(config.redisUrl())
        .hasValueSatisfying(uri -> assertThat(uri.getPort()).isEqualTo(6379));
  }

  @Test
  void nonJdbcDatabaseUrlIsRejected() {
    assertThatThrownBy(
            () -> SampleServiceConfig.fromEnvironment(Map.of("DATABASE_URL", "postgres://db/shop")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("invalid DATABASE_URL 'postgres://db/shop'")
        .hasMessageContaining("jdbc:postgresql://");
  }

  @Test
  void outOfRangePortIsRejected() {
    assertThatThrownBy(() -> SampleServiceConfig.fromEnvironment(Map.of("PORT", "70000")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("invalid PORT 70000: expected an integer in [0, 65535]");
  }

  @Test
  void nonHttpExternalUrlIsRejected() {
    assertThatThrownBy(
            () -> SampleServiceConfig.fromEnvironment(Map.of("EXTERNAL_API_URL", "ftp://x/y")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("invalid EXTERNAL_API_URL 'ftp://x/y'");
  }
}
