package io.fusebox.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fusebox.agent.FuseboxAgent;
import io.fusebox.agent.engine.CircuitBreaker;
import io.fusebox.agent.engine.State;
import io.fusebox.agent.reload.ReloadStatus;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Faults around a running {@link FuseboxAgent}: the settings directory disappears and returns, the
 * settings file turns invalid, and a downstream on loopback hangs, resets connections or responds
 * slowly. Throughout, the probes must respond, the last good settings must stay active, and the
 * JVM's thread count must return to where it was.
 */
class AgentFaultTest {

  private static final Logger LOG = LoggerFactory.getLogger(AgentFaultTest.class);

  /** Settings with one breaker per downstream fault; {@code %d} is their failure threshold. */
  private static final String SETTINGS =
      """
      version: 1
      defaults:
        failure_threshold: %d
        recovery_timeout_seconds: 30
        timeout_seconds: 0.5
        success_threshold: 1
      services:
        downstream: {}
        hang: {}
        reset: {}
        slow: {}
      """;

  @Test
  void settingsDirectoryOutageKeepsLastGood(@TempDir Path tmp) throws Exception {
    ConfigMapVolume volume = new ConfigMapVolume(tmp.resolve("fusebox"));
    volume.publish(SETTINGS.formatted(7));
    try (FuseboxAgent agent = startAgent(volume)) {
      Probes probes = new Probes(agent.healthPort());
      await().atMost(Duration.ofSeconds(10)).until(() -> threshold(agent) == 7);
      warm(probes);
      int threadsBefore = liveThreads();
      List<String> namesBefore = threadNames();

      volume.remove();
      for (int i = 0; i < 30; i++) {
        assertThat(probes.status("/health/live")).isEqualTo(200);
        assertThat(probes.status("/health/ready")).isEqualTo(200);
        assertThat(threshold(agent)).isEqualTo(7);
        Thread.sleep(100);
      }
      volume.publish(SETTINGS.formatted(8));
      long returned = System.nanoTime();
      await().atMost(Duration.ofSeconds(10)).until(() -> threshold(agent) == 8);
      long appliedMillis = Duration.ofNanos(System.nanoTime() - returned).toMillis();

      volume.publish("version: 1\nservices: [broken\n");
      await().atMost(Duration.ofSeconds(10)).until(() -> agent.reloader().status().failures() == 1);
      assertThat(threshold(agent)).isEqualTo(8);
      assertThat(probes.status("/health/ready")).isEqualTo(200);

      for (int i = 0; i < 100; i++) {
        volume.publish(SETTINGS.formatted(10 + i));
      }
      await().atMost(Duration.ofSeconds(10)).until(() -> threshold(agent) == 109);
      ReloadStatus status = agent.reloader().status();
      assertThat(status.lastError()).isEmpty();
      await()
          .atMost(Duration.ofSeconds(5))
          .untilAsserted(
              () ->
                  assertThat(liveThreads())
                      .as("threads before %s, after %s", namesBefore, threadNames())
                      .isLessThanOrEqualTo(threadsBefore));
      LOG.info(
          "Directory outage: returned file applied in {} ms; threads {} -> {}; slowest probe {}"
              + " ms",
          appliedMillis,
          threadsBefore,
          liveThreads(),
          probes.maxMillis());
    }
  }

  @Test
  void downstreamFaultsLeakNoThreads(@TempDir Path tmp) throws Exception {
    ConfigMapVolume volume = new ConfigMapVolume(tmp.resolve("fusebox"));
    volume.publish(SETTINGS.formatted(5));
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    try (FuseboxAgent agent = startAgent(volume);
        FaultyDownstream downstream = FaultyDownstream.start()) {
      Probes probes = new Probes(agent.healthPort());
      await().atMost(Duration.ofSeconds(10)).until(() -> threshold(agent) == 5);
      // Warm the HTTP client and the breaker's scheduler, so their threads count as before.
      downstream.mode = "slow";
      callAll(agent.breaker("downstream"), http, downstream.port(), 1);
      warm(probes);
      int threadsBefore = liveThreads();

      for (String mode : List.of("hang", "reset", "slow")) {
        downstream.mode = mode;
        CircuitBreaker breaker = agent.breaker(mode);
        long started = System.nanoTime();
        List<String> outcomes = callAll(breaker, http, downstream.port(), 100);
        long elapsedMillis = Duration.ofNanos(System.nanoTime() - started).toMillis();
        assertThat(probes.status("/health/live")).isEqualTo(200);
        assertThat(probes.status("/health/ready")).isEqualTo(200);
        long rejected = outcomes.stream().filter(o -> o.equals("rejected")).count();
        LOG.info(
            "Downstream {}: 100 calls in {} ms, breaker {}, {} rejected, outcomes {}",
            mode,
            elapsedMillis,
            breaker.state(),
            rejected,
            summarize(outcomes));
        if (!mode.equals("slow")) {
          assertThat(breaker.state()).isEqualTo(State.OPEN);
          // Calls start every 20 ms and the breaker opens after its fifth failure. Most of the
          // later calls are therefore rejected at once instead of waiting for the downstream.
          assertThat(rejected).isGreaterThanOrEqualTo(50);
        }
      }
      downstream.releaseHungConnections();
      await()
          .atMost(Duration.ofSeconds(10))
          .untilAsserted(() -> assertThat(liveThreads()).isLessThanOrEqualTo(threadsBefore + 4));
      LOG.info(
          "Downstream faults: threads {} -> {}; slowest probe {} ms",
          threadsBefore,
          liveThreads(),
          probes.maxMillis());
    }
  }

  /** Starts {@code count} calls 20 ms apart and returns each call's outcome. */
  private static List<String> callAll(CircuitBreaker breaker, HttpClient http, int port, int count)
      throws Exception {
    ExecutorService callers = Executors.newFixedThreadPool(10);
    try {
      List<CompletableFuture<String>> results = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        results.add(
            CompletableFuture.supplyAsync(() -> null, callers)
                .thenCompose(
                    ignored ->
                        breaker.callAsync(
                            () ->
                                http.sendAsync(
                                        HttpRequest.newBuilder(
                                                URI.create("http://127.0.0.1:" + port + "/"))
                                            .build(),
                                        HttpResponse.BodyHandlers.ofString())
                                    .thenApply(r -> "status " + r.statusCode()),
                            error -> outcomeOf(error))));
        Thread.sleep(20);
      }
      List<String> outcomes = new ArrayList<>();
      for (CompletableFuture<String> result : results) {
        outcomes.add(result.get(10, TimeUnit.SECONDS));
      }
      return outcomes;
    } finally {
      callers.shutdownNow();
    }
  }

  private static String outcomeOf(Throwable error) {
    String name = error.getClass().getSimpleName();
    return name.equals("CallNotPermittedException") ? "rejected" : name;
  }

  private static Map<String, Long> summarize(List<String> outcomes) {
    Map<String, Long> counts = new TreeMap<>();
    outcomes.forEach(o -> counts.merge(o, 1L, Long::sum));
    return counts;
  }

  private static FuseboxAgent startAgent(ConfigMapVolume volume) {
    return FuseboxAgent.start(
        Map.of(
            "FUSEBOX_SETTINGS_PATH", volume.file().toString(),
            "FUSEBOX_HEALTH_ADDRESS", "127.0.0.1",
            "FUSEBOX_HEALTH_PORT", "0",
            "FUSEBOX_REREAD_SECONDS", "1",
            "FUSEBOX_DRAIN_DELAY_SECONDS", "0"));
  }

  private static int threshold(FuseboxAgent agent) {
    return agent.breaker("downstream").config().failureThreshold();
  }

  /** Starts the health server's worker threads, which start on demand up to a fixed pool. */
  private static void warm(Probes probes) {
    for (int i = 0; i < 20; i++) {
      assertThat(probes.status("/health/live")).isEqualTo(200);
    }
    probes.resetMax();
  }

  private static List<String> threadNames() {
    return LiveThreads.names();
  }

  /**
   * Returns the live threads except the JDK HTTP clients' own and the fake downstream's, which
   * start on first use and idle out on their own schedule, and Awaitility's poller.
   */
  private static int liveThreads() {
    return LiveThreads.countExcept("HttpClient-", "faulty-downstream", "awaitility");
  }

  /** An HTTP server on loopback that hangs, resets every connection, or responds after 100 ms. */
  static final class FaultyDownstream implements AutoCloseable {
    private final ServerSocket server;
    private final List<Socket> hung = new CopyOnWriteArrayList<>();
    private final ExecutorService workers =
        Executors.newCachedThreadPool(r -> new Thread(r, "faulty-downstream-worker"));
    volatile String mode = "slow";

    private FaultyDownstream(ServerSocket server) {
      this.server = server;
    }

    static FaultyDownstream start() throws IOException {
      FaultyDownstream downstream =
          new FaultyDownstream(new ServerSocket(0, 100, InetAddress.getLoopbackAddress()));
      Thread acceptor = new Thread(downstream::acceptLoop, "faulty-downstream");
      acceptor.setDaemon(true);
      acceptor.start();
      return downstream;
    }

    int port() {
      return server.getLocalPort();
    }

    private void acceptLoop() {
      while (!server.isClosed()) {
        try {
          Socket socket = server.accept();
          workers.execute(() -> serve(socket));
        } catch (IOException e) {
          return;
        }
      }
    }

    private void serve(Socket socket) {
      try {
        switch (mode) {
          case "hang" -> hung.add(socket);
          case "reset" -> {
            socket.setSoLinger(true, 0);
            socket.close();
          }
          default -> {
            InputStream in = socket.getInputStream();
            in.read(new byte[8192]);
            Thread.sleep(100);
            OutputStream out = socket.getOutputStream();
            out.write(
                "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok"
                    .getBytes(StandardCharsets.US_ASCII));
            socket.close();
          }
        }
      } catch (IOException e) {
        // The client gave up first.
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }

    void releaseHungConnections() throws IOException {
      for (Socket socket : hung) {
        socket.close();
      }
      hung.clear();
    }

    @Override
    public void close() throws IOException {
      releaseHungConnections();
      server.close();
      workers.shutdownNow();
    }
  }
}
