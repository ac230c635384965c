package io.fusebox.agent.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.ConfigMapListBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.fabric8.mockwebserver.http.Response;
import io.fabric8.mockwebserver.http.WebSocket;
import io.fabric8.mockwebserver.http.WebSocketListener;
import io.fusebox.agent.engine.CircuitBreakerRegistry;
import io.fusebox.agent.reload.ReloadResult;
import io.fusebox.agent.reload.SettingsReloader;
import io.fusebox.settings.EnvironmentDefaults;
import java.net.InetAddress;
import java.time.Duration;
import java.util.HashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * A watch that the server ends with {@code 410 Gone} makes the informer list again, and the content
 * of that list is applied. The fabric8 mock server replaces the API server here, because a real one
 * answers 410 only after etcd compaction.
 */
class GoneWatchRelistTest {
  private static final String NAMESPACE = "shop";
  private static final String PATH = "/api/v1/namespaces/" + NAMESPACE + "/configmaps";
  private static final KubernetesSerialization JSON = new KubernetesSerialization();

  private final AtomicInteger lists = new AtomicInteger();
  private final AtomicInteger watches = new AtomicInteger();

  private static ConfigMap configMap(int threshold, String resourceVersion) {
    return new ConfigMapBuilder(ConfigMapWatchSourceTest.configMap(NAMESPACE, threshold))
        .editMetadata()
        .withResourceVersion(resourceVersion)
        .endMetadata()
        .build();
  }

  /** Lists v1 first and v2 afterwards; ends the first watch with 410, keeps later ones open. */
  private final class GoneDispatcher extends Dispatcher {
    @Override
    public MockResponse dispatch(RecordedRequest request) {
      String path = request.getPath();
      if (!path.startsWith(PATH)) {
        return new MockResponse().setResponseCode(404);
      }
      if (path.contains("watch=true")) {
        boolean first = watches.incrementAndGet() == 1;
        return new MockResponse()
            .withWebSocketUpgrade(first ? new GoneWatchListener() : new WebSocketListener() {});
      }
      boolean firstList = lists.incrementAndGet() == 1;
      ConfigMap item = firstList ? configMap(3, "1") : configMap(7, "2");
      String body =
          JSON.asJson(
              new ConfigMapListBuilder()
                  .withNewMetadata()
                  .withResourceVersion(item.getMetadata().getResourceVersion())
                  .endMetadata()
                  .withItems(item)
                  .build());
      return new MockResponse().setResponseCode(200).setBody(body);
    }
  }

  private static final class GoneWatchListener extends WebSocketListener {
    @Override
    public void onOpen(WebSocket webSocket, Response response) {
      webSocket.send(
          "{\"type\":\"ERROR\",\"object\":{\"kind\":\"Status\",\"apiVersion\":\"v1\","
              + "\"status\":\"Failure\",\"message\":\"too old resource version: 1 (2)\","
              + "\"reason\":\"Expired\",\"code\":410}}");
    }
  }

  @Test
  void goneWatchTriggersRelist() throws Exception {
    KubernetesMockServer server =
        new KubernetesMockServer(
            new Context(), new MockWebServer(), new HashMap<>(), new GoneDispatcher(), false);
    server.init(InetAddress.getLoopbackAddress(), 0);
    CircuitBreakerRegistry breakers = CircuitBreakerRegistry.ofDefaults();
    MutableClock clock = new MutableClock();
    SettingsReloader reloader = new SettingsReloader(breakers, EnvironmentDefaults.NONE, clock);
    LinkedBlockingQueue<ReloadResult> results = new LinkedBlockingQueue<>();
    reloader.addListener((result, status) -> results.add(result));

    try (KubernetesClient client = server.createClient();
        ConfigMapWatchSource source =
            new ConfigMapWatchSource(
                client,
                NAMESPACE,
                ConfigMapWatchSourceTest.NAME,
                "circuit-breaker.yaml",
                reloader,
                Duration.ofMinutes(5),
                (task, period) -> () -> {},
                clock)) {
      source.start();

      assertThat(results.poll(30, TimeUnit.SECONDS)).isEqualTo(ReloadResult.APPLIED);
      assertThat(results.poll(30, TimeUnit.SECONDS)).isEqualTo(ReloadResult.APPLIED);
      assertThat(breakers.find("payments").orElseThrow().config().failureThreshold()).isEqualTo(7);
      assertThat(lists.get()).isGreaterThanOrEqualTo(2);
      assertThat(watches.get()).isGreaterThanOrEqualTo(1);
      assertThat(source.restarts()).isZero();
    } finally {
      server.destroy();
    }
  }
}
