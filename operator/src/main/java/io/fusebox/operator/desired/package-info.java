/**
 * Desired-state builders: pure functions from a {@code CircuitBreakerPolicy} (and the observed
 * target workload) to the Kubernetes objects the operator applies. {@code fusebox render} and the
 * reconciler call the same code. Nothing here talks to a cluster; the build's import control
 * forbids the fabric8 client and JOSDK in this package.
 */
package io.fusebox.operator.desired;
