package io.fusebox.agent.engine;

/**
 * Reads the HTTP status code of a call's returned value, so that the status-code rules of a {@link
 * BreakerConfig} can classify it. A breaker without an extractor treats every returned value as a
 * success.
 */
@FunctionalInterface
public interface StatusCodeExtractor {

  /** The value {@link #statusCode} returns for a result that carries no HTTP status. */
  int NO_STATUS = 0;

  /** An extractor that finds no status in any result. */
  StatusCodeExtractor NONE = result -> NO_STATUS;

  /**
   * Returns the HTTP status code carried by {@code result}, or {@link #NO_STATUS} when it has none.
   * {@code result} may be {@code null}.
   */
  int statusCode(Object result);
}
