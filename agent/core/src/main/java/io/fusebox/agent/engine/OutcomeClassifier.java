package io.fusebox.agent.engine;

import java.util.List;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * Applies the classification rules of a {@link BreakerConfig} in the settings-file order.
 * Exceptions: an ignored exception is ignored. With no failure exceptions listed, every other
 * exception is a failure. Otherwise a listed exception is a failure and an unlisted one is ignored.
 * Status codes: ignored codes first, then failure codes, any other code is a success. A class
 * matches a listed name when the class, a superclass or an implemented interface has that name.
 * {@link CompletionException} and {@link ExecutionException} are unwrapped first.
 */
final class OutcomeClassifier {

  private final Set<String> failureExceptions;
  private final Set<String> ignoredExceptions;
  private final int[] failureCodeRanges;
  private final int[] ignoredCodeRanges;

  OutcomeClassifier(BreakerConfig config) {
    failureExceptions = Set.copyOf(config.failureExceptions);
    ignoredExceptions = Set.copyOf(config.ignoredExceptions);
    failureCodeRanges = flatten(config.failureStatusCodes);
    ignoredCodeRanges = flatten(config.ignoredStatusCodes);
  }

  Outcome classifyThrowable(Throwable error) {
    Throwable cause = unwrap(error);
    if (!ignoredExceptions.isEmpty() && matches(cause.getClass(), ignoredExceptions)) {
      return Outcome.IGNORED;
    }
    if (failureExceptions.isEmpty()) {
      return Outcome.FAILURE;
    }
    return matches(cause.getClass(), failureExceptions) ? Outcome.FAILURE : Outcome.IGNORED;
  }

  Outcome classifyStatusCode(int statusCode) {
    if (statusCode == StatusCodeExtractor.NO_STATUS) {
      return Outcome.SUCCESS;
    }
    if (inRanges(ignoredCodeRanges, statusCode)) {
      return Outcome.IGNORED;
    }
    return inRanges(failureCodeRanges, statusCode) ? Outcome.FAILURE : Outcome.SUCCESS;
  }

  /**
   * Classifies an exception raised by a call that ran for {@code durationNanos}: a call that ran
   * for at least the call timeout, or raised {@link CallTimeoutException}, is a timeout; an
   * interrupt or cancellation before the timeout is a cancellation.
   */
  static Outcome classifyCall(BreakerConfig config, Throwable error, long durationNanos) {
    Throwable cause = unwrap(error);
    boolean pastTimeout = config.callTimeoutNanos > 0 && durationNanos >= config.callTimeoutNanos;
    if (cause instanceof CallTimeoutException) {
      return Outcome.TIMEOUT;
    }
    if (cause instanceof CancellationException || cause instanceof InterruptedException) {
      return pastTimeout ? Outcome.TIMEOUT : Outcome.CANCELLED;
    }
    return pastTimeout ? Outcome.TIMEOUT : config.classifyThrowable(cause);
  }

  /** Classifies a returned HTTP status; a call that ran for at least the timeout is a timeout. */
  static Outcome classifyCall(BreakerConfig config, int statusCode, long durationNanos) {
    if (config.callTimeoutNanos > 0 && durationNanos >= config.callTimeoutNanos) {
      return Outcome.TIMEOUT;
    }
    return config.classifyStatusCode(statusCode);
  }

  static Throwable unwrap(Throwable error) {
    Throwable current = error;
    while ((current instanceof CompletionException || current instanceof ExecutionException)
        && current.getCause() != null) {
      current = current.getCause();
    }
    return current;
  }

  private static boolean matches(Class<?> type, Set<String> names) {
    for (Class<?> c = type; c != null; c = c.getSuperclass()) {
      if (names.contains(c.getName()) || interfaceMatches(c, names)) {
        return true;
      }
    }
    return false;
  }

  private static boolean interfaceMatches(Class<?> type, Set<String> names) {
    for (Class<?> i : type.getInterfaces()) {
      if (names.contains(i.getName()) || interfaceMatches(i, names)) {
        return true;
      }
    }
    return false;
  }

  private static boolean inRanges(int[] ranges, int code) {
    for (int i = 0; i < ranges.length; i += 2) {
      if (code >= ranges[i] && code <= ranges[i + 1]) {
        return true;
      }
    }
    return false;
  }

  private static int[] flatten(List<StatusCodeRange> ranges) {
    int[] result = new int[ranges.size() * 2];
    for (int i = 0; i < ranges.size(); i++) {
      result[2 * i] = ranges.get(i).first();
      result[2 * i + 1] = ranges.get(i).last();
    }
    return result;
  }
}
