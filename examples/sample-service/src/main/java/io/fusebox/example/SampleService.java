package io.fusebox.example;

import io.fusebox.agent.engine.CircuitBreakerRegistry;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.sql.SQLException;

/**
 * The assembled sample service: database, cache, external API client and the HTTP API, with
 * breakers taken from a {@link CircuitBreakerRegistry} that the agent keeps up to date.
 */
public final class SampleService implements AutoCloseable {

  /** JDBC query timeout of the database, in seconds. */
  static final int QUERY_TIMEOUT_SECONDS = 10;

  private final ShopHttpServer http;
  private final ProductCache cache;

  private SampleService(ShopHttpServer http, ProductCache cache) {
    this.http = http;
    this.cache = cache;
  }

  /** Connects the dependencies that {@code config} names and starts the HTTP API. */
  public static SampleService start(SampleServiceConfig config, CircuitBreakerRegistry breakers)
      throws IOException, SQLException {
    ProductDatabase database = new ProductDatabase(config.databaseUrl(), QUERY_TIMEOUT_SECONDS);
    ProductCache cache =
        config
            .redisUrl()
            .<ProductCache>map(RedisProductCache::new)
            .orElseGet(LocalProductCache::new);
    RecommendationsClient recommendations = new RecommendationsClient(config.externalApiUrl());
    ShopService shop = new ShopService(breakers, cache, database, recommendations);
    ShopHttpServer http =
        ShopHttpServer.start(
            new InetSocketAddress(config.bindAddress(), config.port()), config.threads(), shop);
    return new SampleService(http, cache);
  }

  /** Returns the bound address of the HTTP API. */
  public InetSocketAddress address() {
    return http.address();
  }

  /** Stops the HTTP API and closes the Redis connection, if any. */
  @Override
  public void close() {
    http.close();
    if (cache instanceof RedisProductCache redis) {
      redis.close();
    }
  }
}
