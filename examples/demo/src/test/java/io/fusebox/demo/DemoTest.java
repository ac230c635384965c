package io.fusebox.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.fusebox.testing.KubeBinaries;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Runs the whole demo (API server, operator, agent, sample service, load) and checks its summary:
 * the external API breaker opened, the edited policy was applied in place with the open state kept,
 * and the breaker closed again after the API recovered.
 */
class DemoTest {

  @Test
  @Timeout(value = 5, unit = TimeUnit.MINUTES)
  void demoShowsTripReloadAndRecovery() {
    requireKubeBinaries();
    ByteArrayOutputStream output = new ByteArrayOutputStream();
    DemoSummary summary;
    long started = System.nanoTime();
    try (Demo demo = new Demo(new PrintStream(output, true, StandardCharsets.UTF_8))) {
      summary = demo.run();
    }
    Duration elapsed = Duration.ofNanos(System.nanoTime() - started);
    String printed = output.toString(StandardCharsets.UTF_8);

    assertThat(summary.failure()).as(printed).isEmpty();
    assertThat(summary.transitions())
        .as(printed)
        .contains(
            "external_api: CLOSED -> OPEN",
            "external_api: OPEN -> HALF_OPEN",
            "external_api: HALF_OPEN -> CLOSED");
    assertThat(summary.reloadApplied()).as(printed).isTrue();
    assertThat(summary.stateKeptAcrossReload()).as(printed).isTrue();
    assertThat(summary.recovered()).as(printed).isTrue();
    assertThat(summary.succeeded()).isTrue();
    assertThat(printed).contains("generated ConfigMap shop/checkout-circuit-breakers");
    assertThat(printed).contains("result:              PASSED");
    assertThat(elapsed).isLessThan(Duration.ofMinutes(4));
  }

  private static void requireKubeBinaries() {
    if (KubeBinaries.locate().isPresent()) {
      return;
    }
    String message = "kube-apiserver and etcd not found; run " + KubeBinaries.PROVISION_SCRIPT;
    if ("true".equals(System.getenv("FUSEBOX_REQUIRE_TOOLS"))) {
      fail(message + " (FUSEBOX_REQUIRE_TOOLS=true makes a missing tool an error)");
    }
    assumeTrue(false, message);
  }
}
