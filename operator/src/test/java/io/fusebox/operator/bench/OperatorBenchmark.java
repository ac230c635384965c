package io.fusebox.operator.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.fusebox.api.v1alpha1.CircuitBreakerPolicy;
import io.fusebox.testing.CrdInstaller;
import io.fusebox.testing.KubeApiServerTest;
import io.fusebox.testing.KubeControlPlane;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Operator figures on the local API server of the test harness, with the operator running as its
 * own JVM from the executable jar. Run through {@code benchmarks/operator/run.sh}; the class name
 * does not end in {@code Test}, so ordinary builds skip it.
 */
@KubeApiServerTest(repositoryCrds = false)
class OperatorBenchmark {

  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

  private final List<String> report = new ArrayList<>();
  private Path out;

  @Test
  void measureOperator(KubeControlPlane controlPlane, KubernetesClient client) throws Exception {
    installPolicyCrd(client);
    Path out = Path.of("target", "operator-benchmark");
    Files.createDirectories(out);
    // A private copy, so a concurrent build that rewrites target/*.jar cannot break the process.
    Path jar =
        Files.copy(findJar(), out.resolve("fusebox.jar"), StandardCopyOption.REPLACE_EXISTING);
    this.out = out;
    record("jvm flags: " + String.join(" ", OperatorProcess.JVM_FLAGS));
    record("cores: " + Runtime.getRuntime().availableProcessors());

    prepareNamespace(client, "bench-latency");
    prepareNamespace(client, "bench-parallel");
    try (OperatorProcess operator =
        OperatorProcess.start(
            jar,
            controlPlane.kubeconfig(),
            "bench-latency,bench-parallel",
            freePort(),
            out.resolve("operator-1.log"))) {
      await().atMost(Duration.ofSeconds(60)).until(operator::isReady);
      measureLatency(client);
      measureParallel(client);
    }

    prepareNamespace(client, "bench-scale");
    createPolicies(client, "bench-scale", 1000);
    long launched = System.nanoTime();
    try (OperatorProcess operator =
        OperatorProcess.start(
            jar,
            controlPlane.kubeconfig(),
            "bench-scale",
            freePort(),
            out.resolve("operator-2.log"))) {
      await()
          .atMost(Duration.ofMinutes(5))
          .pollInterval(Duration.ofMillis(500))
          .until(() -> readyCount(client, "bench-scale") == 1000);
      record("1000 policies, cold start to all Ready: %d ms".formatted(millisSince(launched)));

      // Let the first wave settle, then sample memory.
      await().pollDelay(Duration.ofSeconds(10)).atMost(Duration.ofSeconds(11)).until(() -> true);
      String metrics = operator.metrics();
      double heap =
          PrometheusText.sum(metrics, "jvm_memory_used_bytes", l -> l.contains("area=\"heap\""));
      record(
          "1000 policies, memory: RSS %d MiB, heap used %.1f MiB"
              .formatted(operator.residentKib() / 1024, heap / (1024 * 1024)));

      measureResyncWrites(client, operator);
    }
  }

  /** Adds one result line and rewrites the results file, so a later failure keeps it. */
  private void record(String line) throws IOException {
    System.out.println(line);
    report.add(line);
    Files.write(out.resolve("results.txt"), report);
  }

  private void measureLatency(KubernetesClient client) throws Exception {
    Map<String, Long> seen = new ConcurrentHashMap<>();
    var informer =
        client
            .configMaps()
            .inNamespace("bench-latency")
            .inform(
                new ResourceEventHandler<>() {
                  @Override
                  public void onAdd(io.fabric8.kubernetes.api.model.ConfigMap configMap) {
                    seen.putIfAbsent(configMap.getMetadata().getName(), System.nanoTime());
                  }

                  @Override
                  public void onUpdate(
                      io.fabric8.kubernetes.api.model.ConfigMap before,
                      io.fabric8.kubernetes.api.model.ConfigMap after) {}

                  @Override
                  public void onDelete(
                      io.fabric8.kubernetes.api.model.ConfigMap configMap, boolean unknown) {}
                });
    List<Long> latencies = new ArrayList<>();
    try {
      // The first 20 policies warm up the operator JVM and are not counted.
      for (int i = -20; i < 100; i++) {
        String name = i < 0 ? "warmup" + i : "latency-" + i;
        long start = System.nanoTime();
        client.resource(policy("bench-latency", name)).create();
        await()
            .atMost(Duration.ofSeconds(30))
            .pollInterval(Duration.ofMillis(2))
            .until(() -> seen.containsKey(name + "-circuit-breakers"));
        if (i >= 0) {
          latencies.add((seen.get(name + "-circuit-breakers") - start) / 1_000_000);
        }
      }
    } finally {
      informer.close();
    }
    Files.write(out.resolve("latencies-ms.txt"), latencies.stream().map(String::valueOf).toList());
    Collections.sort(latencies);
    record(
        "create -> ConfigMap (100 sequential, after 20 warm-up): p50 %d ms, p99 %d ms, max %d ms"
            .formatted(latencies.get(49), latencies.get(98), latencies.get(99)));
  }

  private void measureParallel(KubernetesClient client) throws Exception {
    long start = System.nanoTime();
    createPolicies(client, "bench-parallel", 150);
    await()
        .atMost(Duration.ofMinutes(2))
        .pollInterval(Duration.ofMillis(100))
        .until(() -> readyCount(client, "bench-parallel") == 150);
    record("150 policies in parallel, create to all Ready: %d ms".formatted(millisSince(start)));
  }

  private void measureResyncWrites(KubernetesClient client, OperatorProcess operator)
      throws Exception {
    Map<String, Double> before = PrometheusText.writeRequests(apiServerMetrics(client));
    double reconciles =
        PrometheusText.sum(
            operator.metrics(), "operator_sdk_reconciliations_started_total", l -> true);
    for (int i = 0; i < 10; i++) {
      String touch = Integer.toString(i);
      client
          .apps()
          .deployments()
          .inNamespace("bench-scale")
          .withName("checkout")
          .edit(
              d -> {
                d.getMetadata().getLabels().put("resync", touch);
                return d;
              });
      double expected = reconciles + 1000.0 * (i + 1);
      await()
          .atMost(Duration.ofMinutes(2))
          .pollInterval(Duration.ofMillis(200))
          .until(
              () ->
                  PrometheusText.sum(
                          operator.metrics(),
                          "operator_sdk_reconciliations_started_total",
                          l -> true)
                      >= expected);
    }
    Map<String, Double> after = PrometheusText.writeRequests(apiServerMetrics(client));
    Map<String, Double> diff = new HashMap<>();
    after.forEach(
        (key, value) -> {
          double delta = value - before.getOrDefault(key, 0.0);
          if (delta > 0) {
            diff.put(key, delta);
          }
        });
    record(
        "ten resyncs of 1000 unchanged policies (10 Deployment label edits by the benchmark):"
            + " write requests by verb and resource "
            + diff);
  }

  private static String apiServerMetrics(KubernetesClient client) throws Exception {
    var http = client.getHttpClient();
    HttpRequest request =
        http.newHttpRequestBuilder()
            .uri(client.getConfiguration().getMasterUrl().replaceAll("/$", "") + "/metrics")
            .build();
    return http.sendAsync(request, String.class).get(30, TimeUnit.SECONDS).body();
  }

  private static void createPolicies(KubernetesClient client, String namespace, int count)
      throws InterruptedException {
    ExecutorService pool = Executors.newFixedThreadPool(16);
    try {
      IntStream.range(0, count)
          .forEach(
              i -> pool.submit(() -> client.resource(policy(namespace, "policy-" + i)).create()));
    } finally {
      pool.shutdown();
      assertThat(pool.awaitTermination(5, TimeUnit.MINUTES)).isTrue();
    }
  }

  private static long readyCount(KubernetesClient client, String namespace) {
    return client
        .resources(CircuitBreakerPolicy.class)
        .inNamespace(namespace)
        .list()
        .getItems()
        .stream()
        .filter(p -> p.getStatus() != null)
        .filter(p -> p.getMetadata().getGeneration().equals(p.getStatus().getObservedGeneration()))
        .filter(
            p ->
                p.getStatus().getConditions().stream()
                    .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus())))
        .count();
  }

  private static CircuitBreakerPolicy policy(String namespace, String name) {
    String yaml =
        """
        apiVersion: fusebox.io/v1alpha1
        kind: CircuitBreakerPolicy
        metadata: {name: %s, namespace: %s}
        spec:
          targetRef: {kind: Deployment, name: checkout}
          defaults: {failureThreshold: 5, recoveryTimeout: 30s, timeout: 10s, successThreshold: 3}
          breakers:
          - name: database
          - name: external-api
            failureThreshold: 3
            recoveryTimeout: 60s
          - name: redis
        """
            .formatted(name, namespace);
    return SERIALIZATION.unmarshal(yaml, CircuitBreakerPolicy.class);
  }

  private static void prepareNamespace(KubernetesClient client, String namespace) {
    client
        .namespaces()
        .resource(
            new NamespaceBuilder().withNewMetadata().withName(namespace).endMetadata().build())
        .serverSideApply();
    client
        .apps()
        .deployments()
        .inNamespace(namespace)
        .resource(
            new DeploymentBuilder()
                .withNewMetadata()
                .withName("checkout")
                .addToLabels("app", "checkout")
                .endMetadata()
                .withNewSpec()
                .withReplicas(2)
                .withNewSelector()
                .addToMatchLabels("app", "checkout")
                .endSelector()
                .withNewTemplate()
                .withNewMetadata()
                .addToLabels("app", "checkout")
                .endMetadata()
                .withNewSpec()
                .addNewContainer()
                .withName("app")
                .withImage("registry.invalid/app:1")
                .endContainer()
                .endSpec()
                .endTemplate()
                .endSpec()
                .build())
        .serverSideApply();
  }

  private static void installPolicyCrd(KubernetesClient client) {
    Path crd =
        java.util.Optional.ofNullable(System.getProperty("fusebox.test.policy-crd"))
            .map(Path::of)
            .orElseGet(
                () ->
                    CrdInstaller.repositoryRoot()
                        .orElseThrow()
                        .resolve("crd")
                        .resolve(CircuitBreakerPolicy.CRD_NAME + "-v1.yml"));
    CrdInstaller.install(client, crd);
  }

  private static Path findJar() throws IOException {
    try (var files = Files.list(Path.of("target"))) {
      return files
          .filter(p -> p.getFileName().toString().endsWith("-all.jar"))
          .findFirst()
          .orElseThrow(
              () ->
                  new IllegalStateException(
                      "operator/target/*-all.jar not found; run ./mvnw -pl operator -am package"
                          + " -DskipTests first (benchmarks/operator/run.sh does)"));
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  private static long millisSince(long start) {
    return (System.nanoTime() - start) / 1_000_000;
  }
}
