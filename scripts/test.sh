#!/usr/bin/env bash
# Runs every Fusebox test on a fresh machine: installs the external tools the tests use
# (promtool, helm), provisions the local Kubernetes API server binaries, then runs the Maven
# build with all tests and the Rust agent's checks. Exits non-zero on the first failure.
set -euo pipefail
cd "$(dirname "$0")/.."

started=$(date +%s)
step() { printf '\n==> %s (%ds)\n' "$1" "$(( $(date +%s) - started ))"; }

# Tests that need an external tool fail instead of skipping when it is missing.
export FUSEBOX_REQUIRE_TOOLS=true

step "Installing test tools"
scripts/install-tools.sh
export PATH="$PWD/.cache/tools/bin:$PATH"

step "Provisioning kube-apiserver, etcd and kube-controller-manager"
scripts/provision-kube-binaries.sh

step "Building and testing the Java modules"
./mvnw -B -ntp verify

step "Checking and testing the Rust agent"
agent-rust/run-ci.sh

step "All tests passed"
