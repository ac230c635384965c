package io.fusebox.example;

/** A request that cannot be served because a critical dependency failed; maps to HTTP 503. */
public final class ServiceUnavailableException extends Exception {

  /** Creates the exception with the failed dependency's breaker name in the message. */
  public ServiceUnavailableException(String breaker, Throwable cause) {
    super(breaker + " unavailable: " + cause.getMessage(), cause);
  }
}
