package io.fusebox.agent.engine;

import java.time.Duration;
import java.util.OptionalDouble;

/**
 * A read-only view of one breaker at one instant, for metrics and status endpoints.
 *
 * @param name the breaker name
 * @param state the reported state
 * @param config the active config
 * @param window the aggregates of the closed-state window; while open or half-open, the window of
 *     the closed episode that tripped
 * @param failureRate failure percentage of the window, empty while the window contains fewer calls
 *     than the minimum number of calls
 * @param slowCallRate slow-call percentage of the window, empty under the same rule
 * @param consecutiveFailures failures since the last success in the closed window; 0 while open or
 *     half-open, because opening clears the count
 * @param notPermittedCalls calls rejected since the breaker was created, including the calls that
 *     {@link Mode#SHADOW} let through but would have rejected
 * @param shadowRejectedCalls the part of {@code notPermittedCalls} that SHADOW let through
 * @param transitions state transitions since the breaker was created
 * @param attempts consecutive openings since the last close, which drive the backoff
 * @param remainingOpenTime time until trial calls are admitted; zero unless open
 * @param trialsRemaining trial permits left in the current half-open episode; zero otherwise
 */
public record BreakerSnapshot(
    String name,
    State state,
    BreakerConfig config,
    WindowCounts window,
    OptionalDouble failureRate,
    OptionalDouble slowCallRate,
    int consecutiveFailures,
    long notPermittedCalls,
    long shadowRejectedCalls,
    long transitions,
    int attempts,
    Duration remainingOpenTime,
    int trialsRemaining) {}
