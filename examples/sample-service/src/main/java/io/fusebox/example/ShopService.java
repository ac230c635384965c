package io.fusebox.example;

import io.fusebox.agent.engine.CircuitBreaker;
import io.fusebox.agent.engine.CircuitBreakerRegistry;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The shop backend's read path, with one breaker per dependency:
 *
 * <ul>
 *   <li>{@code redis} (the cache): tried first; a failure or rejection counts as a miss;
 *   <li>{@code database}: critical; when it fails or its breaker is open and the product is not
 *       cached, the request fails with {@link ServiceUnavailableException};
 *   <li>{@code external_api} (recommendations): optional; a failure, timeout or rejection degrades
 *       the response to no recommendations.
 * </ul>
 *
 * Breaker names are the file names of the settings file ({@code external-api} in the policy).
 */
public final class ShopService {

  /** Breaker of the database. */
  public static final String DATABASE = "database";

  /** Breaker of the cache; the example policy names it after the Redis deployment. */
  public static final String CACHE = "redis";

  /** Breaker of the external recommendations API. */
  public static final String EXTERNAL_API = "external_api";

  private static final Logger LOG = LoggerFactory.getLogger(ShopService.class);

  private final ProductCache cache;
  private final ProductDatabase database;
  private final RecommendationsClient recommendations;
  private final CircuitBreaker cacheBreaker;
  private final CircuitBreaker databaseBreaker;
  private final CircuitBreaker externalBreaker;

  /** Creates the service with breakers from {@code breakers}. */
  public ShopService(
      CircuitBreakerRegistry breakers,
      ProductCache cache,
      ProductDatabase database,
      RecommendationsClient recommendations) {
    this.cache = cache;
    this.database = database;
    this.recommendations = recommendations;
    this.cacheBreaker = breakers.getOrCreate(CACHE);
    this.databaseBreaker = breakers.getOrCreate(DATABASE);
    this.externalBreaker = breakers.getOrCreate(EXTERNAL_API);
  }

  /**
   * Returns product {@code id} with its recommendations, or empty when no such product exists.
   *
   * @throws ServiceUnavailableException when the product is not cached and the database failed or
   *     its breaker rejected the call
   */
  public Optional<ProductView> product(String id) throws ServiceUnavailableException {
    CompletableFuture<List<String>> related = startRecommendations(id);
    Optional<Product> cached = cacheBreaker.call(() -> cache.get(id), this::cacheMiss);
    String source = "cache";
    Product product;
    if (cached.isPresent()) {
      product = cached.get();
    } else {
      Optional<Product> stored;
      try {
        stored = databaseBreaker.call(() -> database.find(id));
      } catch (Exception e) {
        related.cancel(true);
        throw new ServiceUnavailableException(DATABASE, e);
      }
      if (stored.isEmpty()) {
        related.cancel(true);
        return Optional.empty();
      }
      product = stored.get();
      source = "database";
      cacheBreaker.run(() -> putQuietly(product), error -> {});
    }
    List<String> ids = related.join();
    boolean degraded = ids == null;
    return Optional.of(new ProductView(product, source, degraded ? List.of() : ids, degraded));
  }

  /** Starts the optional enrichment; the future completes with null when it was degraded. */
  private CompletableFuture<List<String>> startRecommendations(String id) {
    return externalBreaker.callAsync(
        () -> recommendations.recommendations(id),
        error -> {
          LOG.debug("Recommendations for {} degraded: {}", id, error.toString());
          return null;
        });
  }

  private Optional<Product> cacheMiss(Throwable error) {
    LOG.debug("Cache read failed, reading the database: {}", error.toString());
    return Optional.empty();
  }

  private void putQuietly(Product product) {
    try {
      cache.put(product);
    } catch (Exception e) {
      throw new IllegalStateException("cache write failed for " + product.id(), e);
    }
  }
}
