package io.fusebox.testing;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs a test class against a real local Kubernetes API server (etcd and kube-apiserver). One
 * server serves the whole test run; every test method gets its own namespace. Test methods and
 * lifecycle methods may declare parameters of type {@link
 * io.fabric8.kubernetes.client.KubernetesClient} (admin, default namespace set to the test's
 * namespace), {@link KubeTestEnvironment}, {@link KubeControlPlane}, or a {@link
 * java.nio.file.Path} annotated with {@link KubeconfigPath}.
 *
 * <p>When the binaries are missing the class is skipped, or fails when the environment variable
 * {@code FUSEBOX_REQUIRE_TOOLS} is {@code true}; {@code scripts/provision-kube-binaries.sh}
 * provides them.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(KubeApiServerExtension.class)
public @interface KubeApiServerTest {

  /**
   * Whether kube-controller-manager must run, for garbage collection of owned objects, namespace
   * deletion and default ServiceAccounts. Once started it keeps running for the rest of the run.
   */
  boolean controllerManager() default false;

  /**
   * Whether the class needs the CRDs in the repository's {@code crd/} directory. When installing
   * them failed, such a class fails with the API server's message; a class that sets this to false
   * still runs.
   */
  boolean repositoryCrds() default true;
}
