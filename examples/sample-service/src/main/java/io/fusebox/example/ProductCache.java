package io.fusebox.example;

import java.util.Optional;

/** A cache of products in front of the database. */
public interface ProductCache {

  /** Returns the cached product, or empty on a miss. */
  Optional<Product> get(String id) throws Exception;

  /** Stores {@code product} under its id. */
  void put(Product product) throws Exception;
}
