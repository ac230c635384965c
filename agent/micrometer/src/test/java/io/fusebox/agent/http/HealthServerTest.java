package io.fusebox.agent.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.fusebox.agent.engine.CircuitBreaker;
import io.fusebox.agent.engine.CircuitBreakerRegistry;
import io.fusebox.agent.engine.FakeTicker;
import io.fusebox.agent.micrometer.FuseboxMetrics;
import io.fusebox.agent.reload.SettingsReloader;
import io.fusebox.settings.EnvironmentDefaults;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class HealthServerTest {
  static final String FILE =
      """
      version: 1
      services:
        cache:
          failure_threshold: 1
        database:
          failure_threshold: 1
          readiness: true
      """;

  private final FakeTicker ticker = new FakeTicker();
  private final CircuitBreakerRegistry breakers =
      CircuitBreakerRegistry.builder().ticker(ticker).jitterSeed(1).build();
  private final SettingsReloader reloader =
      new SettingsReloader(
          breakers, EnvironmentDefaults.NONE, Clock.fixed(Instant.EPOCH, ZoneOffset.UTC));
  private final PrometheusMeterRegistry prometheus =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final HttpClient client =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private HealthServer server;

  @BeforeEach
  void startServer() throws IOException {
    new FuseboxMetrics(breakers, reloader, null).bindTo(prometheus);
    server =
        HealthServer.builder(breakers)
            .reloader(reloader)
            .prometheus(prometheus)
            .address(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
            .drainDelay(Duration.ZERO)
            .build()
            .start();
  }

  @AfterEach
  void stopServer() {
    server.close();
  }

  private void load(String yaml) {
    reloader.apply("circuit-breaker.yaml", yaml.getBytes(StandardCharsets.UTF_8));
  }

  private HttpResponse<String> request(String method, String path) throws Exception {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
            .method(method, HttpRequest.BodyPublishers.noBody())
            .timeout(Duration.ofSeconds(5))
            .build();
    return client.send(request, HttpResponse.BodyHandlers.ofString());
  }

  private void open(String name) {
    CircuitBreaker breaker = breakers.find(name).orElseThrow();
    breaker.onFailure(breaker.acquireToken(), 1, new IllegalStateException("test failure"));
  }

  @Test
  void notReadyBeforeInitialSettings() throws Exception {
    HttpResponse<String> ready = request("GET", "/health/ready");
    HttpResponse<String> live = request("GET", "/health/live");

    assertThat(ready.statusCode()).isEqualTo(503);
    assertThat(ready.body()).isEqualTo("not ready: initial settings not loaded\n");
    assertThat(live.statusCode()).isEqualTo(200);
  }

  /** An open breaker shows in the body and metrics, never in the probes. */
  @Test
  void openBreakerKeepsProbesUp() throws Exception {
    load(FILE);
    open("cache");

    assertThat(request("GET", "/health/live").statusCode()).isEqualTo(200);
    assertThat(request("GET", "/health/ready").statusCode()).isEqualTo(200);
    HttpResponse<String> breakersDocument = request("GET", "/breakers");
    assertThat(breakersDocument.statusCode()).isEqualTo(200);
    assertThat(breakersDocument.headers().firstValue("Content-Type")).contains("application/json");
    assertThat(breakersDocument.body()).contains("{\"name\":\"cache\",\"state\":\"open\"");
    assertThat(request("GET", "/metrics").body())
        .contains("fusebox_circuit_breaker_state{breaker=\"cache\",state=\"open\"} 1.0");
  }

  @Test
  void readinessBreakerOpenMakesNotReady() throws Exception {
    load(FILE);
    open("database");

    HttpResponse<String> ready = request("GET", "/health/ready");

    assertThat(ready.statusCode()).isEqualTo(503);
    assertThat(ready.body()).isEqualTo("not ready: breaker database is open\n");
    assertThat(request("GET", "/health/live").statusCode()).isEqualTo(200);
  }

  /** Every pod reads the same invalid file: all stay ready, the failure shows in a metric. */
  @Test
  void failedReloadKeepsReady() throws Exception {
    load(FILE);
    load("version: 1\nservices: {cache: {failure_threshold: 0}}\n");

    assertThat(request("GET", "/health/ready").statusCode()).isEqualTo(200);
    assertThat(request("GET", "/metrics").body())
        .contains("fusebox_config_reloads_total{result=\"failure\"} 1");
    assertThat(request("GET", "/breakers").body())
        .contains("\"last_result\":\"REJECTED\"")
        .contains("services.cache.failure_threshold is out of range (was 0)");
  }

  @Test
  void metricsUsePrometheusTextType() throws Exception {
    load(FILE);

    HttpResponse<String> metrics = request("GET", "/metrics");

    assertThat(metrics.statusCode()).isEqualTo(200);
    assertThat(metrics.headers().firstValue("Content-Type"))
        .contains("text/plain; version=0.0.4; charset=utf-8");
    assertThat(metrics.body()).contains("# TYPE fusebox_circuit_breaker_state gauge");
  }

  @Test
  void otherMethodsGet405() throws Exception {
    HttpResponse<String> post = request("POST", "/health/live");
    HttpResponse<String> delete = request("DELETE", "/breakers");

    assertThat(post.statusCode()).isEqualTo(405);
    assertThat(post.headers().firstValue("Allow")).contains("GET, HEAD");
    assertThat(delete.statusCode()).isEqualTo(405);
  }

  @Test
  void tooManyHeadersGet431() throws Exception {
    load(FILE);
    HttpRequest.Builder many =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/health/live"))
            .timeout(Duration.ofSeconds(5));
    HttpRequest.Builder few =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/health/live"))
            .timeout(Duration.ofSeconds(5));
    for (int i = 0; i <= HealthServer.MAX_HEADER_LINES; i++) {
      many.header("X-Extra-" + i, "v");
    }
    for (int i = 0; i < 10; i++) {
      few.header("X-Extra-" + i, "v");
    }

    HttpResponse<String> rejected = client.send(many.build(), HttpResponse.BodyHandlers.ofString());
    HttpResponse<String> answered = client.send(few.build(), HttpResponse.BodyHandlers.ofString());

    assertThat(rejected.statusCode()).isEqualTo(431);
    assertThat(rejected.body()).doesNotContain("X-Extra");
    assertThat(answered.statusCode()).isEqualTo(200);
  }

  @Test
  void unknownHttpVersionGets400() throws Exception {
    String answer;
    try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), server.port())) {
      socket.setSoTimeout(5_000);
      OutputStream out = socket.getOutputStream();
      out.write(
          "GET /health/live HTTP/9.9\r\nHost: x\r\nConnection: close\r\n\r\n"
              .getBytes(StandardCharsets.UTF_8));
      out.flush();
      socket.shutdownOutput();
      InputStream in = socket.getInputStream();
      answer = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }

    assertThat(answer).startsWith("HTTP/1.1 400 ");
    assertThat(answer).contains("use HTTP/1.1").doesNotContain("9.9");
  }

  @Test
  void unknownPathGets404WithoutEcho() throws Exception {
    HttpResponse<String> response = request("GET", "/health/%3Cscript%3Ealert");

    assertThat(response.statusCode()).isEqualTo(404);
    assertThat(response.body()).isEqualTo("not found\n");
  }

  @Test
  void headAnswersWithoutBody() throws Exception {
    HttpResponse<String> response = request("HEAD", "/health/live");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEmpty();
  }

  @Test
  void shutdownTurnsReadinessFirst() throws Exception {
    load(FILE);

    server.beginShutdown();

    HttpResponse<String> ready = request("GET", "/health/ready");
    assertThat(ready.statusCode()).isEqualTo(503);
    assertThat(ready.body()).isEqualTo("not ready: shutting down\n");
    assertThat(request("GET", "/health/live").statusCode()).isEqualTo(200);
  }
}
