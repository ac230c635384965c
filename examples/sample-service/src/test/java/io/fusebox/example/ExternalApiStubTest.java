package io.fusebox.example;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The external API stand-in and its control endpoint, over loopback HTTP. */
class ExternalApiStubTest {

  private final HttpClient http = HttpClient.newHttpClient();
  private ExternalApiStub stub;

  @BeforeEach
  void startStub() throws Exception {
    stub = ExternalApiStub.start(0, 0);
  }

  @AfterEach
  void stopStub() {
    stub.close();
  }

  @Test
  void healthyModeReturnsRecommendations() throws Exception {
    HttpResponse<String> response = get(stub.apiUrl() + "?product=p-1", Duration.ofSeconds(5));

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEqualTo("[\"p-2\",\"p-3\",\"p-5\"]");
  }

  @Test
  void controlEndpointSwitchesToFailing() throws Exception {
    HttpResponse<String> switched = post(stub.controlUrl() + "?mode=failing");

    assertThat(switched.statusCode()).isEqualTo(200);
    assertThat(switched.body()).contains("\"mode\":\"failing\"");
    assertThat(get(stub.apiUrl(), Duration.ofSeconds(5)).statusCode()).isEqualTo(500);
  }

  @Test
  void controlEndpointRejectsUnknownMode() throws Exception {
    HttpResponse<String> response = post(stub.controlUrl() + "?mode=flaky");

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.body()).contains("invalid mode 'flaky'");
    assertThat(stub.behaviour()).isEqualTo(ExternalApiStub.Behaviour.HEALTHY);
  }

  @Test
  void hungModeNeverAnswers() throws Exception {
    stub.switchTo(ExternalApiStub.Behaviour.HUNG);

    assertThatThrownBy(() -> get(stub.apiUrl(), Duration.ofMillis(300)))
        .isInstanceOf(HttpTimeoutException.class);
  }

  @Test
  void downModeRefusesConnections() throws Exception {
    stub.switchTo(ExternalApiStub.Behaviour.DOWN);

    assertThatThrownBy(() -> get(stub.apiUrl(), Duration.ofSeconds(5)))
        .isInstanceOf(ConnectException.class);
    stub.switchTo(ExternalApiStub.Behaviour.HEALTHY);
    assertThat(get(stub.apiUrl(), Duration.ofSeconds(5)).statusCode()).isEqualTo(200);
  }

  private HttpResponse<String> get(String url, Duration timeout) throws Exception {
    HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(timeout).GET().build();
    return http.send(request, HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> post(String url) throws Exception {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(url))
            .timeout(Duration.ofSeconds(5))
            .POST(HttpRequest.BodyPublishers.noBody())
            .build();
    return http.send(request, HttpResponse.BodyHandlers.ofString());
  }
}
