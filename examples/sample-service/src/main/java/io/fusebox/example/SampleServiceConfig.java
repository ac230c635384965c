package io.fusebox.example;

import java.net.URI;
import java.util.Map;
import java.util.Optional;

/**
 * Settings of the sample service, read from environment variables.
 *
 * @param bindAddress {@code BIND_ADDRESS}, default {@code 0.0.0.0}
 * @param port {@code PORT}, default 8080
 * @param threads {@code REQUEST_THREADS}, default 64
 * @param databaseUrl {@code DATABASE_URL}, a JDBC URL; default the embedded H2 database
 * @param redisUrl {@code REDIS_URL} ({@code redis://host:port}); empty means the in-process cache
 * @param externalApiUrl {@code EXTERNAL_API_URL}, default {@code
 *     http://127.0.0.1:8091/recommendations}, the stand-in's default address
 */
public record SampleServiceConfig(
    String bindAddress,
    int port,
    int threads,
    String databaseUrl,
    Optional<URI> redisUrl,
    URI externalApiUrl) {

  /** Default of {@code EXTERNAL_API_URL}: the stand-in started with its default ports. */
  public static final String DEFAULT_EXTERNAL_API_URL = "http://127.0.0.1:8091/recommendations";

  /**
   * Reads the settings from {@code env}.
   *
   * @throws IllegalArgumentException naming the variable, its value and the expected form
   */
  public static SampleServiceConfig fromEnvironment(Map<String, String> env) {
    String databaseUrl = env.getOrDefault("DATABASE_URL", "").strip();
    if (databaseUrl.isEmpty()) {
      databaseUrl = ProductDatabase.EMBEDDED_URL;
    } else if (!databaseUrl.startsWith("jdbc:")) {
      throw new IllegalArgumentException(
          "invalid DATABASE_URL '"
              + databaseUrl
              + "': expected a JDBC URL such as jdbc:postgresql://db:5432/shop?user=shop");
    }
    String redis = env.getOrDefault("REDIS_URL", "").strip();
    Optional<URI> redisUrl = Optional.empty();
    if (!redis.isEmpty()) {
      URI uri = uri("REDIS_URL", redis);
      if (!"redis".equals(uri.getScheme()) && !"rediss".equals(uri.getScheme())) {
        throw new IllegalArgumentException(
            "invalid REDIS_URL '" + redis + "': expected redis://host:port or rediss://host:port");
      }
      redisUrl = Optional.of(uri);
    }
    URI external =
        uri("EXTERNAL_API_URL", env.getOrDefault("EXTERNAL_API_URL", DEFAULT_EXTERNAL_API_URL));
    if (!"http".equals(external.getScheme()) && !"https".equals(external.getScheme())) {
      throw new IllegalArgumentException(
          "invalid EXTERNAL_API_URL '" + external + "': expected an http:// or https:// URL");
    }
    return new SampleServiceConfig(
        env.getOrDefault("BIND_ADDRESS", "0.0.0.0"),
        integer(env, "PORT", 8080, 0, 65535),
        integer(env, "REQUEST_THREADS", 64, 1, 4096),
        databaseUrl,
        redisUrl,
        external);
  }

  private static URI uri(String name, String value) {
    try {
      return URI.create(value.strip());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "invalid " + name + " '" + value + "': " + e.getMessage(), e);
    }
  }

  private static int integer(Map<String, String> env, String name, int fallback, int min, int max) {
    String value = env.get(name);
    if (value == null || value.isBlank()) {
      return fallback;
    }
    int parsed;
    try {
      parsed = Integer.parseInt(value.strip());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "invalid "
              + name
              + " '"
              + value
              + "': expected an integer in ["
              + min
              + ", "
              + max
              + "]");
    }
    if (parsed < min || parsed > max) {
      throw new IllegalArgumentException(
          "invalid " + name + " " + parsed + ": expected an integer in [" + min + ", " + max + "]");
    }
    return parsed;
  }
}
