package io.fusebox.demo;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.fusebox.agent.FuseboxAgent;
import io.fusebox.agent.engine.CircuitBreaker;
import io.fusebox.agent.engine.CircuitBreakerListener;
import io.fusebox.agent.engine.CircuitBreakerRegistry;
import io.fusebox.agent.engine.State;
import io.fusebox.agent.reload.SettingsReloader;
import io.fusebox.api.v1alpha1.CircuitBreakerPolicy;
import io.fusebox.example.ExternalApiStub;
import io.fusebox.example.SampleService;
import io.fusebox.example.SampleServiceConfig;
import io.fusebox.operator.runtime.FuseboxOperator;
import io.fusebox.operator.runtime.OperatorSettings;
import io.fusebox.testing.CrdInstaller;
import io.fusebox.testing.KubeBinaries;
import io.fusebox.testing.KubeControlPlane;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;

/**
 * The end-to-end demo: a local kube-apiserver, the CRD, the operator, the checkout policy, the
 * generated ConfigMap projected as the kubelet does, the sample service with the agent, and the
 * external API stand-in, driven by loopback load through four phases (healthy, API hung, policy
 * edited, API recovered). Every resource it starts is closed by {@link #close()}.
 */
final class Demo implements AutoCloseable {

  static final String NAMESPACE = "shop";
  static final String POLICY = "checkout";
  static final String CONFIG_MAP = "checkout-circuit-breakers";
  static final String SETTINGS_KEY = "circuit-breaker.yaml";
  static final String EXTERNAL_API = "external_api";

  /** Load-generator workers; enough to keep the request threads busy on two cores. */
  static final int WORKERS = 8;

  private final DemoConsole console;
  private final Deque<AutoCloseable> resources = new ArrayDeque<>();
  private final List<String> transitions = new CopyOnWriteArrayList<>();
  private final AtomicLong rejections = new AtomicLong();
  private final Path root;

  Demo(PrintStream out) {
    this.console = new DemoConsole(out);
    this.root =
        CrdInstaller.repositoryRoot()
            .orElseThrow(() -> new IllegalStateException("run the demo inside the repository"));
  }

  /** Runs every step; a failed step ends the run and is reported in the summary. */
  DemoSummary run() {
    DemoSteps steps = new DemoSteps();
    try {
      runSteps(steps);
    } catch (Exception e) {
      steps.failure = e.getClass().getSimpleName() + ": " + e.getMessage();
      console.error("Demo step failed: " + steps.failure);
    }
    DemoSummary summary =
        new DemoSummary(
            List.copyOf(transitions),
            steps.reloadApplied,
            steps.stateKept,
            steps.recovered,
            steps.failure == null ? "" : steps.failure);
    console.summary(summary);
    return summary;
  }

  private void runSteps(DemoSteps steps) throws Exception {
    console.step("Starting a local Kubernetes API server (etcd + kube-apiserver on 127.0.0.1)");
    KubeBinaries binaries =
        KubeBinaries.locate()
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        "kube-apiserver and etcd not found; run " + KubeBinaries.PROVISION_SCRIPT));
    KubeControlPlane controlPlane = track(KubeControlPlane.start(binaries, List.of()));
    KubernetesClient admin = track(controlPlane.newClient(NAMESPACE));
    console.info(
        "API server " + controlPlane.apiServerUrl() + ", Kubernetes " + binaries.version());

    console.step("Installing the CircuitBreakerPolicy CRD from crd/");
    CrdInstaller.install(admin, root.resolve("crd/circuitbreakerpolicies.fusebox.io-v1.yml"));
    admin
        .resource(
            new NamespaceBuilder().withNewMetadata().withName(NAMESPACE).endMetadata().build())
        .serverSideApply();
    Deployment target = targetDeployment();
    admin.resource(target).fieldManager("fusebox-demo").serverSideApply();
    console.info(
        "Created namespace shop and Deployment shop/checkout from examples/sample-service.yaml");

    console.step("Starting the operator (watching namespace shop)");
    OperatorSettings settings =
        OperatorSettings.defaults()
            .withNamespaces(Set.of(NAMESPACE))
            .withRecheckIntervals(Duration.ofSeconds(10), Duration.ofSeconds(10))
            .withReconcileThreads(2);
    track(
        FuseboxOperator.start(
            controlPlane.adminConfig(NAMESPACE), settings, Clock.systemUTC(), () -> {}));

    console.step("Applying examples/checkout-policy.yaml");
    CircuitBreakerPolicy policy =
        new KubernetesSerialization()
            .unmarshal(
                Files.readString(root.resolve("examples/checkout-policy.yaml")),
                CircuitBreakerPolicy.class);
    admin.resource(policy).fieldManager("fusebox-demo").serverSideApply();
    awaitTrue(
        "the operator to write ConfigMap " + CONFIG_MAP,
        Duration.ofSeconds(60),
        () -> admin.configMaps().inNamespace(NAMESPACE).withName(CONFIG_MAP).get() != null);
    DemoObjects.print(console, admin, NAMESPACE, POLICY);

    console.step("Projecting the ConfigMap into a directory the way the kubelet does");
    Path settingsDir = Files.createTempDirectory("fusebox-demo-settings-");
    resources.push(() -> DemoObjects.deleteTree(settingsDir));
    DemoProjection projection =
        track(
            DemoProjection.start(
                admin,
                NAMESPACE,
                CONFIG_MAP,
                settingsDir,
                content -> console.info("kubelet-style swap of ..data in " + settingsDir)));
    awaitTrue(
        "the first projection",
        Duration.ofSeconds(20),
        () -> Files.exists(projection.file(SETTINGS_KEY)));

    console.step("Starting the external API stand-in and the sample service with the agent");
    ExternalApiStub stub = track(ExternalApiStub.start(0, 0));
    FuseboxAgent agent =
        track(
            FuseboxAgent.start(
                Map.of(
                    "FUSEBOX_SETTINGS_PATH", projection.file(SETTINGS_KEY).toString(),
                    "FUSEBOX_HEALTH_ADDRESS", "127.0.0.1",
                    "FUSEBOX_HEALTH_PORT", "0",
                    "FUSEBOX_REREAD_SECONDS", "5",
                    "FUSEBOX_DRAIN_DELAY_SECONDS", "0")));
    SettingsReloader reloader = agent.reloader();
    CircuitBreakerRegistry breakers = agent.registry();
    reloader.addListener(
        (result, status) ->
            console.event(
                "agent reload "
                    + result
                    + " (hash "
                    + status.activeHash().orElse("-")
                    + ", generation "
                    + (status.activeGeneration().isPresent()
                        ? status.activeGeneration().getAsLong()
                        : "-")
                    + ")"));
    SampleServiceConfig serviceConfig =
        SampleServiceConfig.fromEnvironment(
            Map.of("BIND_ADDRESS", "127.0.0.1", "PORT", "0", "EXTERNAL_API_URL", stub.apiUrl()));
    SampleService service = track(SampleService.start(serviceConfig, breakers));
    for (CircuitBreaker breaker : breakers.all()) {
      breaker.addListener(listener());
    }
    console.info(
        "Sample service on http://127.0.0.1:"
            + service.address().getPort()
            + ", external API stand-in "
            + stub.apiUrl()
            + ", agent health and metrics on port "
            + agent.healthPort()
            + ", breakers "
            + DemoObjects.describe(breakers));
    DemoLoad load =
        track(new DemoLoad(URI.create("http://127.0.0.1:" + service.address().getPort()), WORKERS));
    CircuitBreaker external = breakers.find(EXTERNAL_API).orElseThrow();

    console.step("Phase 1: every dependency healthy");
    phase(load, "healthy", Duration.ofSeconds(4));

    console.step("Phase 2: the external API hangs (call timeout 5 s)");
    stub.switchTo(ExternalApiStub.Behaviour.HUNG);
    phase(load, "external API hung", Duration.ofSeconds(12));
    awaitTrue("external_api to open", Duration.ofSeconds(10), () -> external.state() == State.OPEN);
    DemoObjects.printAgentEndpoints(console, agent.healthPort());

    console.step(
        "Phase 3: edit the policy in place (external-api failureThreshold 3 -> 5, recoveryTimeout 60s -> 10s)");
    long generation = DemoObjects.editExternalApi(admin, NAMESPACE, POLICY, 5, "10s");
    awaitTrue(
        "the agent to apply generation " + generation,
        Duration.ofSeconds(60),
        () -> reloader.status().activeGeneration().orElse(-1) == generation);
    steps.reloadApplied = external.config().failureThreshold() == 5;
    steps.stateKept = external.state() == State.OPEN;
    console.info(
        "external_api now failureThreshold="
            + external.config().failureThreshold()
            + ", recoveryTimeout="
            + external.config().recoveryTimeout().toSeconds()
            + "s, state "
            + external.state()
            + (steps.stateKept ? " (kept across the reload)" : " (state changed by the reload)"));
    phase(load, "after policy edit", Duration.ofSeconds(3));

    console.step("Phase 4: the external API recovers");
    stub.switchTo(ExternalApiStub.Behaviour.HEALTHY);
    long recoveryDeadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
    while (external.state() != State.CLOSED && System.nanoTime() < recoveryDeadline) {
      phase(load, "recovering", Duration.ofSeconds(3));
    }
    steps.recovered = external.state() == State.CLOSED;
    phase(load, "recovered", Duration.ofSeconds(3));
  }

  private void phase(DemoLoad load, String name, Duration duration) throws InterruptedException {
    long rejectedBefore = rejections.get();
    DemoLoad.Result result = load.run(name, duration);
    console.phase(
        result.describe() + " | rejected by breakers " + (rejections.get() - rejectedBefore));
  }

  private CircuitBreakerListener listener() {
    return new CircuitBreakerListener() {
      @Override
      public void onStateTransition(CircuitBreaker breaker, State from, State to) {
        String line = breaker.name() + ": " + from + " -> " + to;
        transitions.add(line);
        console.event("transition " + line);
      }

      @Override
      public void onNotPermitted(CircuitBreaker breaker, boolean shadow) {
        rejections.incrementAndGet();
      }
    };
  }

  private Deployment targetDeployment() {
    String yaml = DemoObjects.read(root.resolve("examples/sample-service.yaml"));
    for (HasMetadata object : DemoObjects.parse(yaml)) {
      if (object instanceof Deployment deployment) {
        return deployment;
      }
    }
    throw new IllegalStateException("examples/sample-service.yaml has no Deployment");
  }

  private static void awaitTrue(String description, Duration timeout, BooleanSupplier condition)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(
            "timed out after " + timeout.toSeconds() + " s waiting for " + description);
      }
      Thread.sleep(200);
    }
  }

  private <T extends AutoCloseable> T track(T resource) {
    resources.push(resource);
    return resource;
  }

  /** Closes everything the demo started, newest first; safe to call more than once. */
  @Override
  public synchronized void close() {
    while (!resources.isEmpty()) {
      AutoCloseable resource = resources.pop();
      try {
        resource.close();
      } catch (Exception e) {
        console.error(
            "Failed to stop " + resource.getClass().getSimpleName() + ": " + e.getMessage());
      }
    }
  }

  /** Mutable results of the steps, read into the summary. */
  private static final class DemoSteps {
    boolean reloadApplied;
    boolean stateKept;
    boolean recovered;
    String failure;
  }
}
