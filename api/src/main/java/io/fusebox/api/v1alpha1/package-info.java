/**
 * Java model of the {@code CircuitBreakerPolicy} custom resource ({@code fusebox.io/v1alpha1}).
 *
 * <p>The annotations on these classes are the admission-time validation: the fabric8 CRD generator
 * turns them into the OpenAPI schema and CEL rules of the generated CRD in {@code crd/}. Field
 * names map to the keys of the settings file {@code circuit-breaker.yaml}: the operator converts
 * {@code failureThreshold} to {@code failure_threshold} and a duration such as {@code
 * recoveryTimeout: 30s} to {@code recovery_timeout_seconds: 30}.
 */
package io.fusebox.api.v1alpha1;
