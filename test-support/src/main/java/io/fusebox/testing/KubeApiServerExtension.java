package io.fusebox.testing;

import io.fabric8.kubeapitest.KubeAPIServerConfigBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.platform.commons.support.AnnotationSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * JUnit 5 extension behind {@link KubeApiServerTest}: starts one shared control plane per test run,
 * installs the repository CRDs, creates a namespace before each test method and deletes it after,
 * and resolves the parameters listed on {@link KubeApiServerTest}.
 */
public final class KubeApiServerExtension
    implements BeforeAllCallback, BeforeEachCallback, AfterEachCallback, ParameterResolver {

  /** Environment variable that turns missing binaries from a skip into a failure (CI sets it). */
  public static final String REQUIRE_TOOLS_ENV = "FUSEBOX_REQUIRE_TOOLS";

  private static final Logger LOG = LoggerFactory.getLogger(KubeApiServerExtension.class);
  private static final ExtensionContext.Namespace STORE =
      ExtensionContext.Namespace.create(KubeApiServerExtension.class);
  private static final String TEST_KEY = "test";
  private static final int MAX_NAMESPACE_LENGTH = 63;
  private static final AtomicInteger NAMESPACE_COUNTER = new AtomicInteger();

  @Override
  public void beforeAll(ExtensionContext context) {
    KubeControlPlane controlPlane = controlPlane(context);
    Optional<KubeApiServerTest> annotation =
        AnnotationSupport.findAnnotation(context.getRequiredTestClass(), KubeApiServerTest.class);
    if (annotation.map(KubeApiServerTest::repositoryCrds).orElse(true)) {
      Optional<RuntimeException> crdFailure = shared(context).repositoryCrdFailure();
      if (crdFailure.isPresent()) {
        throw new IllegalStateException(
            "Installing the CRDs from crd/ failed, so this class cannot run; fix the CRD or set"
                + " @KubeApiServerTest(repositoryCrds = false): "
                + crdFailure.get().getMessage(),
            crdFailure.get());
      }
    }
    if (annotation.map(KubeApiServerTest::controllerManager).orElse(false)) {
      if (!controlPlane.binaries().hasControllerManager()) {
        missingTool("kube-controller-manager not found in " + controlPlane.binaries().directory());
      }
      controlPlane.startControllerManager();
    }
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    KubeControlPlane controlPlane = controlPlane(context);
    String namespace = namespaceName(context);
    KubernetesClient client = controlPlane.newClient(namespace);
    client
        .namespaces()
        .resource(
            new NamespaceBuilder().withNewMetadata().withName(namespace).endMetadata().build())
        .create();
    LOG.debug("Created namespace {} for {}", namespace, context.getDisplayName());
    context
        .getStore(STORE)
        .put(
            TEST_KEY,
            new PerTest(
                client,
                new KubeTestEnvironment(namespace, controlPlane.kubeconfig(), controlPlane)));
  }

  @Override
  public void afterEach(ExtensionContext context) {
    PerTest perTest = context.getStore(STORE).remove(TEST_KEY, PerTest.class);
    if (perTest != null) {
      perTest.close();
    }
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    Class<?> type = parameter.getParameter().getType();
    return type == KubernetesClient.class
        || type == KubeTestEnvironment.class
        || type == KubeControlPlane.class
        || (type == Path.class && parameter.isAnnotated(KubeconfigPath.class));
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    Class<?> type = parameter.getParameter().getType();
    KubeControlPlane controlPlane = controlPlane(context);
    if (type == KubeControlPlane.class) {
      return controlPlane;
    }
    if (type == Path.class) {
      return controlPlane.kubeconfig();
    }
    PerTest perTest = context.getStore(STORE).get(TEST_KEY, PerTest.class);
    if (perTest == null) {
      throw new ParameterResolutionException(
          type.getSimpleName()
              + " is available only in test methods and @BeforeEach/@AfterEach methods, because it"
              + " belongs to the test's namespace; declare it there instead of in "
              + parameter.getDeclaringExecutable());
    }
    return type == KubernetesClient.class ? perTest.client() : perTest.environment();
  }

  private static SharedControlPlane shared(ExtensionContext context) {
    return context
        .getRoot()
        .getStore(STORE)
        .getOrComputeIfAbsent(
            SharedControlPlane.class, k -> new SharedControlPlane(), SharedControlPlane.class);
  }

  private static KubeControlPlane controlPlane(ExtensionContext context) {
    SharedControlPlane shared = shared(context);
    Optional<KubeControlPlane> running = shared.current();
    if (running.isPresent()) {
      return running.get();
    }
    Optional<KubeBinaries> binaries = KubeBinaries.locate();
    if (binaries.isEmpty()) {
      missingTool("etcd, kube-apiserver and kubectl not found under " + testDirectory() + "/k8s");
    }
    return shared.obtain(binaries.get());
  }

  /** Skips the test, or fails it when {@value #REQUIRE_TOOLS_ENV} is {@code true}. */
  private static void missingTool(String problem) {
    String message =
        problem
            + "; run "
            + KubeBinaries.PROVISION_SCRIPT
            + " to provision the Kubernetes binaries";
    if ("true".equalsIgnoreCase(System.getenv(REQUIRE_TOOLS_ENV))) {
      throw new IllegalStateException(message + " (" + REQUIRE_TOOLS_ENV + "=true)");
    }
    Assumptions.abort(message);
  }

  private static String testDirectory() {
    String dir = System.getenv(KubeAPIServerConfigBuilder.KUBE_API_TEST_DIR);
    return dir == null || dir.isBlank() ? "~/" + KubeAPIServerConfigBuilder.DIRECTORY_NAME : dir;
  }

  /** Builds a DNS-1123 label from the test method name plus a counter that makes it unique. */
  static String namespaceName(ExtensionContext context) {
    String method = context.getTestMethod().map(m -> m.getName()).orElse("test");
    String slug = method.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
    slug = slug.replaceAll("[^a-z0-9-]+", "-").replaceAll("^-+|-+$", "");
    String suffix = "-" + NAMESPACE_COUNTER.incrementAndGet();
    int maxSlug = MAX_NAMESPACE_LENGTH - suffix.length() - 2;
    if (slug.length() > maxSlug) {
      slug = slug.substring(0, maxSlug).replaceAll("-+$", "");
    }
    return "t-" + slug + suffix;
  }

  /** The client and environment of one test method; closing deletes the namespace. */
  private record PerTest(KubernetesClient client, KubeTestEnvironment environment) {

    void close() {
      try {
        client.namespaces().withName(environment.namespace()).delete();
      } finally {
        client.close();
      }
    }
  }
}
