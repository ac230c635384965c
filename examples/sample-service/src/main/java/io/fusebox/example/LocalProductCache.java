package io.fusebox.example;

import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/** The in-process cache used when {@code REDIS_URL} is unset: a map without expiry. */
public final class LocalProductCache implements ProductCache {

  private final ConcurrentMap<String, Product> products = new ConcurrentHashMap<>();

  @Override
  public Optional<Product> get(String id) {
    return Optional.ofNullable(products.get(id));
  }

  @Override
  public void put(Product product) {
    products.put(product.id(), product);
  }

  /** Removes every entry, so the next reads go to the database. */
  public void clear() {
    products.clear();
  }
}
