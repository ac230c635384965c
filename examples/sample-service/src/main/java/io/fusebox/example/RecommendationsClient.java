package io.fusebox.example;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Client of the external recommendations API ({@code EXTERNAL_API_URL}): {@code GET
 * <url>?product=<id>} returns a JSON array of product ids. The breaker enforces the call timeout;
 * {@link #BACKSTOP_TIMEOUT} only frees the connection of a request the breaker gave up on.
 */
public final class RecommendationsClient {

  /** Request timeout of the HTTP client, well above any breaker call timeout. */
  static final Duration BACKSTOP_TIMEOUT = Duration.ofSeconds(30);

  private static final TypeReference<List<String>> IDS = new TypeReference<>() {};

  private final URI baseUrl;
  private final HttpClient http;
  private final ObjectMapper json = new ObjectMapper();

  /** Creates a client of {@code baseUrl}. */
  public RecommendationsClient(URI baseUrl) {
    this.baseUrl = baseUrl;
    this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  }

  /**
   * Starts a request for the recommendations of product {@code id}. The future fails with an {@link
   * ExternalApiException} on a status other than 200 and with an {@link IOException} when the
   * connection fails.
   */
  public CompletableFuture<List<String>> recommendations(String id) {
    URI uri = URI.create(baseUrl + "?product=" + URLEncoder.encode(id, StandardCharsets.UTF_8));
    HttpRequest request = HttpRequest.newBuilder(uri).timeout(BACKSTOP_TIMEOUT).GET().build();
    return http.sendAsync(request, HttpResponse.BodyHandlers.ofString())
        .thenApply(response -> parse(uri, response));
  }

  private List<String> parse(URI uri, HttpResponse<String> response) {
    if (response.statusCode() != 200) {
      throw new ExternalApiException(uri, response.statusCode());
    }
    try {
      return json.readValue(response.body(), IDS);
    } catch (IOException e) {
      throw new UncheckedIOException("invalid JSON from " + uri + ": " + e.getMessage(), e);
    }
  }

  /** A response of the external API with a status other than 200. */
  public static final class ExternalApiException extends RuntimeException {

    private final int statusCode;

    ExternalApiException(URI uri, int statusCode) {
      super("GET " + uri + " returned HTTP " + statusCode);
      this.statusCode = statusCode;
    }

    /** Returns the HTTP status code of the response. */
    public int statusCode() {
      return statusCode;
    }
  }
}
