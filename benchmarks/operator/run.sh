#!/usr/bin/env bash
# Measures the operator on a local kube-apiserver + etcd (the test harness in test-support):
# create-to-ConfigMap latency, 150 policies in parallel, 1,000 policies from a cold start,
# memory with 1,000 policies, and write requests made by ten resyncs of unchanged policies.
# The operator runs as its own JVM from the executable jar, with the flags listed in
# OperatorProcess.JVM_FLAGS. Results: operator/target/operator-benchmark/results.txt.
#
# Usage: benchmarks/operator/run.sh [extra Maven arguments]
# Needs the Kubernetes binaries from scripts/provision-kube-binaries.sh. Everything runs on
# 127.0.0.1 and stops by itself; the benchmark takes a few minutes.
set -euo pipefail
cd "$(dirname "$0")/../.."

./mvnw -B -q -pl operator -am install -DskipTests
./mvnw -B -pl operator test -Dtest=OperatorBenchmark -Dsurefire.failIfNoSpecifiedTests=false "$@"
cat operator/target/operator-benchmark/results.txt
