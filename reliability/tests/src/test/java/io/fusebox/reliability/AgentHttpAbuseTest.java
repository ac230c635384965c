package io.fusebox.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fusebox.agent.FuseboxAgent;
import io.fusebox.agent.reload.ReloadStatus;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Raw bytes on a loopback socket to the agent's health server: oversized, malformed and unexpected
 * requests. Each must get a 4xx answer or a closed connection within {@link #ANSWER_MILLIS}, must
 * not echo the marker it carried, and must leave breakers and reload status unchanged.
 */
class AgentHttpAbuseTest {

  private static final Logger LOG = LoggerFactory.getLogger(AgentHttpAbuseTest.class);

  /** Maximum time for an answer to a bad request. */
  private static final int ANSWER_MILLIS = 2_000;

  /** A string the requests carry; no answer may contain it. */
  private static final String MARKER = "zq7MARKERzq7";

  private FuseboxAgent agent;

  @BeforeEach
  void startAgent(@TempDir Path tmp) throws IOException {
    ConfigMapVolume volume = new ConfigMapVolume(tmp.resolve("fusebox"));
    volume.publish(
        """
        version: 1
        services:
          database: {failure_threshold: 5, readiness: true}
        """);
    agent =
        FuseboxAgent.start(
            Map.of(
                "FUSEBOX_SETTINGS_PATH", volume.file().toString(),
                "FUSEBOX_HEALTH_ADDRESS", "127.0.0.1",
                "FUSEBOX_HEALTH_PORT", "0",
                "FUSEBOX_DRAIN_DELAY_SECONDS", "0"));
    await().until(() -> agent.reloader().status().initialLoaded());
  }

  @AfterEach
  void stopAgent() {
    agent.close();
  }

  static Stream<Arguments> badRequests() {
    String longPath = "/" + MARKER + "a".repeat(200_000);
    String manyHeaders =
        Stream.generate(() -> "X-" + MARKER + ": v\r\n").limit(5_000).reduce("", String::concat);
    return Stream.of(
        Arguments.of("unknown path", "GET /" + MARKER + " HTTP/1.1\r\nHost: x\r\n\r\n"),
        Arguments.of(
            "POST to ready",
            "POST /health/ready HTTP/1.1\r\nHost: x\r\n" + "Content-Length: 12\r\n\r\n" + MARKER),
        Arguments.of("DELETE breakers", "DELETE /breakers HTTP/1.1\r\nHost: x\r\n\r\n"),
        Arguments.of(
            "PUT metrics",
            "PUT /metrics HTTP/1.1\r\nHost: x\r\nContent-Length: 12\r\n\r\n" + MARKER),
        Arguments.of("unknown method", MARKER + " /health/live HTTP/1.1\r\nHost: x\r\n\r\n"),
        Arguments.of("garbage line", MARKER + "\r\n\r\n"),
        Arguments.of("binary", "\u0000\u0001\u00ff\u0016\u0003\u0001" + MARKER + "\r\n\r\n"),
        Arguments.of("bad version", "GET /health/live HTTP/9.9" + MARKER + "\r\n\r\n"),
        Arguments.of(
            "8 MiB header",
            "GET /health/live HTTP/1.1\r\nX-" + MARKER + ": " + "h".repeat(8 << 20) + "\r\n\r\n"),
        Arguments.of("path traversal", "GET /../../etc/" + MARKER + " HTTP/1.1\r\nHost: x\r\n\r\n"),
        Arguments.of("oversized path", "GET " + longPath + " HTTP/1.1\r\nHost: x\r\n\r\n"),
        Arguments.of("5000 headers", "GET /health/live HTTP/1.1\r\n" + manyHeaders + "\r\n"),
        Arguments.of(
            "bad content length",
            "POST /breakers HTTP/1.1\r\nHost: x\r\n" + "Content-Length: -5\r\n\r\n" + MARKER),
        Arguments.of(
            "chunked and length",
            "POST /breakers HTTP/1.1\r\nHost: x\r\n"
                + "Content-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\nzzzz"
                + MARKER),
        Arguments.of(
            "huge body",
            "POST /metrics HTTP/1.1\r\nHost: x\r\nContent-Length: 50000000"
                + "\r\n\r\n"
                + MARKER
                + "b".repeat(1_000_000)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badRequests")
  void badRequestGetsFastRejection(String name, String request) throws Exception {
    String before = stateOf(agent);
    long started = System.nanoTime();
    String answer = exchange(request);
    long millis = (System.nanoTime() - started) / 1_000_000;
    String statusLine = answer.lines().findFirst().orElse("(connection closed, no answer)");
    LOG.info("{}: {} in {} ms", name, statusLine, millis);

    assertThat(millis).isLessThan(ANSWER_MILLIS);
    assertThat(answer).doesNotContain(MARKER);
    // An empty response means the JDK server closed the connection without a status line.
    if (!answer.isEmpty()) {
      assertThat(statusLine).matches("HTTP/1\\.1 4\\d\\d .*");
    }
    assertThat(stateOf(agent)).isEqualTo(before);
    assertThat(new Probes(agent.healthPort()).status("/health/live")).isEqualTo(200);
  }

  /** Sends {@code request} and returns what the server wrote before closing or going quiet. */
  private String exchange(String request) throws IOException {
    try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), agent.healthPort())) {
      socket.setSoTimeout(ANSWER_MILLIS);
      OutputStream out = socket.getOutputStream();
      try {
        out.write(request.getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
        socket.shutdownOutput();
      } catch (IOException e) {
        // The server closed the connection while the request was still being sent.
      }
      ByteArrayOutputStream answer = new ByteArrayOutputStream();
      InputStream in = socket.getInputStream();
      byte[] buffer = new byte[8192];
      try {
        for (int n; (n = in.read(buffer)) >= 0; ) {
          answer.write(buffer, 0, n);
        }
      } catch (SocketTimeoutException e) {
        // A kept-alive connection: what arrived so far is the answer.
      } catch (IOException e) {
        // Reset by the server after a rejected request.
      }
      return answer.toString(StandardCharsets.ISO_8859_1);
    }
  }

  /** Returns the breakers and reload status as text, for before/after comparison. */
  private static String stateOf(FuseboxAgent agent) {
    List<String> parts = new ArrayList<>();
    agent.registry().forEach(b -> parts.add(b.name() + "=" + b.state() + "/" + b.config()));
    ReloadStatus status = agent.reloader().status();
    parts.add(
        Arrays.asList(
                status.activeHash(), status.successes(), status.failures(), status.initialLoaded())
            .toString());
    return String.join(";", parts);
  }
}
