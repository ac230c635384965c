package io.fusebox.example;

import java.net.URI;
import java.util.Map;
import java.util.Optional;
import redis.clients.jedis.JedisPooled;

/**
 * The Redis cache used when {@code REDIS_URL} is set ({@code redis://host:6379}). A product is a
 * Redis hash under {@code product:<id>} that expires after {@link #TTL_SECONDS}.
 */
public final class RedisProductCache implements ProductCache, AutoCloseable {

  /** Lifetime of a cached product in seconds. */
  static final long TTL_SECONDS = 300;

  private final JedisPooled redis;

  /** Connects lazily to {@code url}; the first command opens the connection. */
  public RedisProductCache(URI url) {
    this.redis = new JedisPooled(url);
  }

  @Override
  public Optional<Product> get(String id) {
    var fields = redis.hgetAll(key(id));
    if (fields.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        new Product(id, fields.get("name"), Long.parseLong(fields.get("price_cents"))));
  }

  @Override
  public void put(Product product) {
    String key = key(product.id());
    redis.hset(
        key, Map.of("name", product.name(), "price_cents", Long.toString(product.priceCents())));
    redis.expire(key, TTL_SECONDS);
  }

  @Override
  public void close() {
    redis.close();
  }

  private static String key(String id) {
    return "product:" + id;
  }
}
