#!/usr/bin/env bash
# Measures the agent's delivery figures: symlink swap to settings in effect (200 swaps), probe
# latency while 200 workers are blocked, and, when the local Kubernetes binaries exist,
# ConfigMap update to settings in effect through the API watch (50 updates). Everything runs on
# loopback and stops by itself. Prints Markdown table rows for docs/benchmarks.md.
set -euo pipefail
cd "$(dirname "$0")/.."

./mvnw -B -q -pl agent/kubernetes -am install -DskipTests
./mvnw -B -q -pl agent/micrometer exec:java \
  -Dexec.mainClass=io.fusebox.agent.ReloadLatencyBenchmark -Dexec.classpathScope=test \
  | grep '^|'
./mvnw -B -pl agent/kubernetes test -Dtest=ApiWatchLatencyTest -Dsurefire.failIfNoSpecifiedTests=false \
  | grep '^| ConfigMap' || echo "API-watch figure skipped: see the surefire report of ApiWatchLatencyTest"
