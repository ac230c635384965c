package io.fusebox.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.fusebox.agent.engine.CircuitBreakerRegistry;
import io.fusebox.agent.reload.ReloadResult;
import io.fusebox.agent.reload.SettingsReloader;
import io.fusebox.settings.EnvironmentDefaults;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * 10,000 breakers in one registry, configured by one settings file with a count window of 100 and a
 * failure rate rule, each with 100 recorded calls. Logs the heap per breaker (an estimate: heap
 * used after GC, before and after) and the time to parse and apply the file.
 */
class BreakerMemoryTest {

  private static final Logger LOG = LoggerFactory.getLogger(BreakerMemoryTest.class);
  private static final int BREAKERS = 10_000;

  @Test
  void tenThousandBreakersFitBudget() throws Exception {
    // The shared rules sit in defaults, because a settings file may hold at most 1 MiB.
    StringBuilder file =
        new StringBuilder(
            "version: 1\ndefaults: {failure_rate_threshold: 50, sliding_window_size: 100,"
                + " minimum_number_of_calls: 20}\nservices:\n");
    for (int i = 0; i < BREAKERS; i++) {
      file.append("  dep_")
          .append(i)
          .append(": {failure_threshold: ")
          .append(5 + i % 5)
          .append("}\n");
    }
    byte[] content = file.toString().getBytes(StandardCharsets.UTF_8);
    long before = usedHeapAfterGc();
    CircuitBreakerRegistry registry = CircuitBreakerRegistry.ofDefaults();
    SettingsReloader reloader =
        new SettingsReloader(registry, EnvironmentDefaults.NONE, Clock.systemUTC());
    long started = System.nanoTime();
    assertThat(reloader.apply("memory-test", content))
        .as("reload of 10,000 breakers: %s", reloader.status().lastError())
        .isEqualTo(ReloadResult.APPLIED);
    long applyMillis = (System.nanoTime() - started) / 1_000_000;
    for (int i = 0; i < BREAKERS; i++) {
      var breaker = registry.getOrCreate("dep_" + i);
      for (int call = 0; call < 100; call++) {
        breaker.call(() -> "ok");
      }
    }
    long after = usedHeapAfterGc();
    long perBreaker = (after - before) / BREAKERS;
    started = System.nanoTime();
    assertThat(reloader.apply("memory-test", content)).isEqualTo(ReloadResult.UNCHANGED);
    long unchangedMicros = (System.nanoTime() - started) / 1_000;
    LOG.info(
        "{} breakers: {} bytes of heap per breaker (file and registry included), file of {} KiB"
            + " applied in {} ms, identical file checked in {} us",
        BREAKERS,
        perBreaker,
        content.length / 1024,
        applyMillis,
        unchangedMicros);
    assertThat(registry.all()).hasSize(BREAKERS);
    // NOTE: a bound from the design goal of a few KiB per breaker, not a measured limit.
    assertThat(perBreaker).isLessThan(16 * 1024);
  }

  private static long usedHeapAfterGc() throws InterruptedException {
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    for (int i = 0; i < 3; i++) {
      System.gc();
      Thread.sleep(100);
    }
    return memory.getHeapMemoryUsage().getUsed();
  }
}
