package io.fusebox.testing;

import java.nio.file.Path;

/**
 * What a {@link KubeApiServerTest} method runs against.
 *
 * @param namespace the namespace created for this test method and deleted after it
 * @param kubeconfig the admin kubeconfig file; its context namespace is {@code default}
 * @param controlPlane the shared control plane, for restarts and ServiceAccount clients
 */
public record KubeTestEnvironment(
    String namespace, Path kubeconfig, KubeControlPlane controlPlane) {}
