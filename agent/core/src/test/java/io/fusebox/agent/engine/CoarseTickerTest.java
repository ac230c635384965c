package io.fusebox.agent.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

class CoarseTickerTest {

  @Test
  void readReturnsLastRefresh() {
    FakeTicker source = new FakeTicker();
    CoarseTicker coarse = CoarseTicker.manual(source);
    long first = coarse.read();

    source.advance(Duration.ofMillis(5));
    long beforeRefresh = coarse.read();
    coarse.refresh();

    assertThat(beforeRefresh).isEqualTo(first);
    assertThat(coarse.read()).isEqualTo(first + Duration.ofMillis(5).toNanos());
  }

  @Test
  void breakerTimesCallsWithCoarseReadings() throws Exception {
    FakeTicker source = new FakeTicker();
    CoarseTicker coarse = CoarseTicker.manual(source);
    CircuitBreaker breaker =
        CircuitBreakerRegistry.builder()
            .ticker(coarse)
            .jitterSeed(1)
            .build()
            .getOrCreate(
                "payments",
                BreakerConfig.builder()
                    .callTimeout(Duration.ofSeconds(1))
                    .failureThreshold(1)
                    .recoveryTimeout(Duration.ofSeconds(10))
                    .build());

    breaker.call(
        () -> {
          source.advance(Duration.ofSeconds(2));
          coarse.refresh();
          return "late";
        });
    source.advance(Duration.ofSeconds(11));
    State beforeRefresh = breaker.state();
    coarse.refresh();

    assertThat(beforeRefresh).isEqualTo(State.OPEN);
    assertThat(breaker.state()).isEqualTo(State.HALF_OPEN);
  }

  @Test
  void startedTickerAdvancesAndStops() {
    CoarseTicker coarse = CoarseTicker.start(Duration.ofMillis(1));
    long first = coarse.read();

    Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> coarse.read() > first);
    coarse.close();

    assertThat(coarse.isRunning()).isFalse();
  }

  @Test
  void closedTickerReadsItsSource() {
    FakeTicker source = new FakeTicker();
    CoarseTicker coarse = CoarseTicker.manual(source);
    source.advance(Duration.ofMillis(3));
    long cached = coarse.read();

    coarse.close();
    source.advance(Duration.ofMillis(2));

    assertThat(coarse.read()).isEqualTo(source.read());
    assertThat(coarse.read()).isGreaterThan(cached);
  }

  @Test
  void nonPositiveResolutionIsRejected() {
    assertThatThrownBy(() -> CoarseTicker.start(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("resolution must be positive, was PT0S; use for example PT0.001S");
  }
}
