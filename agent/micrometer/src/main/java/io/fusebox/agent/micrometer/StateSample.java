package io.fusebox.agent.micrometer;

import io.fusebox.agent.engine.CircuitBreaker;
import io.fusebox.agent.engine.State;

/**
 * The breaker state that the one-hot state gauges of one scrape share, so that their values sum to
 * exactly 1 even when the breaker changes state in the middle of a scrape.
 *
 * <p>A scrape reads each state gauge of a breaker once. The sample therefore lasts until a gauge is
 * read a second time: that read belongs to the next scrape and takes a fresh sample. A scrape that
 * reads only some of the gauges (a filtered one) can leave a partial sample behind; the next full
 * scrape then may take its fresh sample part-way through.
 */
final class StateSample {
  private final CircuitBreaker breaker;

  // Guarded by this: the sampled state and the set of states (as ordinal bits) read since then.
  private State sampled;
  private int readSinceSample;

  StateSample(CircuitBreaker breaker) {
    this.breaker = breaker;
  }

  /** Returns 1 when the sampled state is {@code state}, else 0, sampling anew when due. */
  synchronized double valueFor(State state) {
    int bit = 1 << state.ordinal();
    if (sampled == null || (readSinceSample & bit) != 0) {
      sampled = breaker.state();
      readSinceSample = 0;
    }
    readSinceSample |= bit;
    return sampled == state ? 1 : 0;
  }
}
