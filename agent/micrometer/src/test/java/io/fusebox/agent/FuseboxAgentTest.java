package io.fusebox.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fusebox.agent.engine.CoarseTicker;
import io.fusebox.agent.engine.SystemTicker;
import io.fusebox.agent.engine.Ticker;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FuseboxAgentTest {
  @TempDir Path temp;

  private Map<String, String> environment(Path settings) {
    return Map.of(
        "FUSEBOX_SETTINGS_PATH", settings.toString(),
        "FUSEBOX_HEALTH_PORT", "0",
        "FUSEBOX_HEALTH_ADDRESS", "127.0.0.1",
        "FUSEBOX_DRAIN_DELAY_SECONDS", "0",
        "CIRCUIT_BREAKER_SUCCESS_THRESHOLD", "4");
  }

  @Test
  void agentStartsFromEnvironment() throws Exception {
    Path settings = temp.resolve("circuit-breaker.yaml");
    Files.writeString(
        settings, "version: 1\nservices:\n  external_api:\n    failure_threshold: 3\n");

    try (FuseboxAgent agent = FuseboxAgent.start(environment(settings))) {
      HttpResponse<String> ready =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(
                          URI.create("http://127.0.0.1:" + agent.healthPort() + "/health/ready"))
                      .timeout(Duration.ofSeconds(5))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());

      assertThat(agent.breaker("external-api").config().failureThreshold()).isEqualTo(3);
      assertThat(agent.breaker("external_api").config().successThreshold()).isEqualTo(4);
      assertThat(agent.registry().find("external_api")).isPresent();
      assertThat(ready.statusCode()).isEqualTo(200);
      assertThat(agent.source().hotReloadAvailable()).isFalse();
      assertThat(agent.meterRegistry().scrape())
          .contains("fusebox_config_hot_reload_available 0.0");
    }
  }

  @Test
  void environmentDefaultsApplyBeforeFile() {
    Path missing = temp.resolve("absent").resolve("circuit-breaker.yaml");

    try (FuseboxAgent agent = FuseboxAgent.start(environment(missing))) {
      assertThat(agent.breaker("cache").config().successThreshold()).isEqualTo(4);
      assertThat(agent.reloader().status().initialLoaded()).isFalse();
    }
  }

  @Test
  void breakersUseCachedClockByDefault() {
    Path missing = temp.resolve("absent").resolve("circuit-breaker.yaml");

    try (FuseboxAgent agent = FuseboxAgent.start(environment(missing))) {
      assertThat(agent.breaker("cache").ticker()).isInstanceOf(CoarseTicker.class);
    }
  }

  @Test
  void zeroResolutionUsesSystemClock() {
    Map<String, String> environment =
        new HashMap<>(environment(temp.resolve("absent").resolve("circuit-breaker.yaml")));
    environment.put("FUSEBOX_CLOCK_RESOLUTION_MS", "0");

    try (FuseboxAgent agent = FuseboxAgent.start(environment)) {
      assertThat(agent.breaker("cache").ticker()).isSameAs(SystemTicker.INSTANCE);
    }
  }

  @Test
  void closedAgentBreakersReadSystemClock() {
    FuseboxAgent agent =
        FuseboxAgent.start(environment(temp.resolve("absent").resolve("circuit-breaker.yaml")));
    Ticker ticker = agent.breaker("cache").ticker();

    agent.close();
    long before = System.nanoTime();

    // A cached reading would be older than the clock read just before it.
    assertThat(ticker.read()).isGreaterThanOrEqualTo(before);
  }

  @Test
  void invalidClockResolutionNamesItsValue() {
    Map<String, String> environment =
        Map.of(
            "FUSEBOX_CLOCK_RESOLUTION_MS", "1ms",
            "FUSEBOX_HEALTH_PORT", "0",
            "FUSEBOX_SETTINGS_PATH", temp.toString());

    assertThatThrownBy(() -> FuseboxAgent.start(environment))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "environment: FUSEBOX_CLOCK_RESOLUTION_MS is invalid (was 1ms); use an integer from 0"
                + " to 1000");
  }

  @Test
  void invalidVariableNamesItsValue() {
    Map<String, String> environment =
        Map.of("FUSEBOX_HEALTH_PORT", "http", "FUSEBOX_SETTINGS_PATH", temp.toString());

    assertThatThrownBy(() -> FuseboxAgent.start(environment))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "environment: FUSEBOX_HEALTH_PORT is invalid (was http); use an integer from 0 to"
                + " 65535");
  }

  @Test
  void healthAddressWithPortIsRejected() {
    Map<String, String> environment =
        Map.of(
            "FUSEBOX_HEALTH_ADDRESS", "127.0.0.1:9090",
            "FUSEBOX_HEALTH_PORT", "0",
            "FUSEBOX_SETTINGS_PATH", temp.toString());

    assertThatThrownBy(() -> FuseboxAgent.start(environment))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "environment: FUSEBOX_HEALTH_ADDRESS is invalid (was 127.0.0.1:9090); use a host name"
                + " or IP address without a port, such as 127.0.0.1, and set the port with"
                + " FUSEBOX_HEALTH_PORT");
  }

  @Test
  void ipv6HealthAddressIsAccepted() throws Exception {
    Map<String, String> environment =
        Map.of("FUSEBOX_HEALTH_ADDRESS", "::1", "FUSEBOX_HEALTH_PORT", "0");

    AgentOptions options = AgentOptions.fromEnvironment(environment);

    assertThat(options.healthAddress().getAddress().isLoopbackAddress()).isTrue();
    assertThat(options.healthAddress().isUnresolved()).isFalse();
  }

  @Test
  void apiWatchWithoutModuleIsRejected() {
    Map<String, String> environment =
        Map.of(
            "FUSEBOX_API_WATCH", "on",
            "FUSEBOX_HEALTH_PORT", "0",
            "FUSEBOX_HEALTH_ADDRESS", "127.0.0.1");

    assertThatThrownBy(() -> FuseboxAgent.start(environment))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("add the io.fusebox:fusebox-agent-kubernetes dependency");
  }
}
