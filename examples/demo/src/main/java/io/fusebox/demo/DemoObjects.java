package io.fusebox.demo;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.fusebox.agent.engine.CircuitBreaker;
import io.fusebox.agent.engine.CircuitBreakerRegistry;
import io.fusebox.api.v1alpha1.BreakerSpec;
import io.fusebox.api.v1alpha1.CircuitBreakerPolicy;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** Reading, printing and editing the Kubernetes objects of the demo. */
final class DemoObjects {

  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

  private DemoObjects() {}

  /** Prints the objects the operator generated for the policy and the policy's conditions. */
  static void print(DemoConsole console, KubernetesClient client, String namespace, String policy) {
    List<HasMetadata> generated = new ArrayList<>();
    generated.addAll(client.configMaps().inNamespace(namespace).list().getItems());
    generated.addAll(
        client.policy().v1().podDisruptionBudget().inNamespace(namespace).list().getItems());
    generated.addAll(
        client
            .autoscaling()
            .v2()
            .horizontalPodAutoscalers()
            .inNamespace(namespace)
            .list()
            .getItems());
    for (HasMetadata object : generated) {
      boolean owned =
          object.getMetadata().getOwnerReferences().stream()
              .anyMatch(owner -> owner.getKind().equals("CircuitBreakerPolicy"));
      if (owned) {
        console.info(
            "generated "
                + object.getKind()
                + " "
                + namespace
                + "/"
                + object.getMetadata().getName());
      }
      if (owned && object instanceof ConfigMap configMap) {
        configMap
            .getData()
            .forEach(
                (key, value) -> {
                  console.info("  " + key + ":");
                  console.block(value.strip());
                });
      }
    }
    CircuitBreakerPolicy stored =
        client.resources(CircuitBreakerPolicy.class).inNamespace(namespace).withName(policy).get();
    if (stored.getStatus() != null && stored.getStatus().getConditions() != null) {
      for (Condition condition : stored.getStatus().getConditions()) {
        console.info(
            "condition "
                + condition.getType()
                + "="
                + condition.getStatus()
                + " ("
                + condition.getReason()
                + ")");
      }
    }
  }

  /**
   * Edits the policy's {@code external-api} breaker and returns the new generation.
   *
   * @param recoveryTimeout a duration such as {@code 10s}
   */
  static long editExternalApi(
      KubernetesClient client,
      String namespace,
      String policy,
      int failureThreshold,
      String recoveryTimeout) {
    CircuitBreakerPolicy edited =
        client
            .resources(CircuitBreakerPolicy.class)
            .inNamespace(namespace)
            .withName(policy)
            .edit(
                current -> {
                  BreakerSpec breaker =
                      current.getSpec().getBreakers().stream()
                          .filter(candidate -> candidate.getName().equals("external-api"))
                          .findFirst()
                          .orElseThrow();
                  breaker.setFailureThreshold(failureThreshold);
                  breaker.setRecoveryTimeout(recoveryTimeout);
                  return current;
                });
    return edited.getMetadata().getGeneration();
  }

  /** Returns the breakers and their thresholds in one line. */
  static String describe(CircuitBreakerRegistry breakers) {
    return breakers.all().stream()
        .sorted(Comparator.comparing(CircuitBreaker::name))
        .map(
            breaker ->
                breaker.name()
                    + "(failureThreshold="
                    + breaker.config().failureThreshold()
                    + ", timeout="
                    + breaker.config().callTimeout().toMillis()
                    + "ms)")
        .collect(Collectors.joining(", "));
  }

  /**
   * Prints the agent's readiness and the metric lines of the {@code external_api} breaker's current
   * state and of the active settings file, read from its health server on loopback.
   */
  static void printAgentEndpoints(DemoConsole console, int healthPort) throws InterruptedException {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    String base = "http://127.0.0.1:" + healthPort;
    try {
      HttpResponse<String> ready = get(http, base + "/health/ready");
      console.info(
          "GET /health/ready -> "
              + ready.statusCode()
              + " (an open optional breaker keeps the pod ready)");
      HttpResponse<String> metrics = get(http, base + "/metrics");
      metrics
          .body()
          .lines()
          .filter(
              line ->
                  (line.startsWith("fusebox_circuit_breaker_state{")
                          && line.contains("breaker=\"external_api\"")
                          && !line.endsWith(" 0.0"))
                      || line.startsWith("fusebox_config_info{")
                      || (line.startsWith("fusebox_circuit_breaker_not_permitted_calls_total{")
                          && line.contains("external_api")))
          .forEach(line -> console.info("/metrics: " + line));
    } catch (IOException e) {
      console.error("Failed to read the agent's endpoints on port " + healthPort + ": " + e);
    }
  }

  private static HttpResponse<String> get(HttpClient http, String url)
      throws IOException, InterruptedException {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).GET().build();
    return http.send(request, HttpResponse.BodyHandlers.ofString());
  }

  /** Parses multi-document Kubernetes YAML into typed objects. */
  static List<HasMetadata> parse(String yaml) {
    List<HasMetadata> objects = new ArrayList<>();
    try (MappingIterator<Object> documents =
        new YAMLMapper().readerFor(Object.class).readValues(yaml)) {
      while (documents.hasNext()) {
        Object document = documents.next();
        if (document instanceof Map<?, ?> map && !map.isEmpty()) {
          KubernetesResource resource = SERIALIZATION.convertValue(map, KubernetesResource.class);
          if (resource instanceof HasMetadata object) {
            objects.add(object);
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("invalid YAML: " + e.getMessage(), e);
    }
    return objects;
  }

  static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException("failed to read " + file, e);
    }
  }

  static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    }
  }
}
