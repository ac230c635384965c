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

logs=.cache/test-logs
mkdir -p "$logs"

step "Building and testing the Java modules"
./mvnw -B -ntp verify 2>&1 | tee "$logs/maven.log"

step "Checking and testing the Rust agent"
agent-rust/run-ci.sh 2>&1 | tee "$logs/rust.log"

# One closing line over both runners: Surefire's per-module totals ("Tests run: N, Failures: F,
# Errors: E, Skipped: S" without " -- in") and cargo's "test result: ok. P passed; F failed;
# I ignored" lines. Both runners already stopped the script above on any failure.
read -r java_run java_failed java_skipped < <(
  awk '/Tests run: [0-9]+, Failures: [0-9]+, Errors: [0-9]+, Skipped: [0-9]+$/ {
         gsub(",", ""); run += $4; failed += $6 + $8; skipped += $10 }
       END { print run + 0, failed + 0, skipped + 0 }' "$logs/maven.log")
read -r rust_passed rust_failed rust_ignored < <(
  awk '/^test result: / { gsub(";", ""); passed += $4; failed += $6; ignored += $8 }
       END { print passed + 0, failed + 0, ignored + 0 }' "$logs/rust.log")
step "All tests passed"
passed=$((java_run - java_failed - java_skipped + rust_passed))
printf 'Tests: %d passed, %d failed, %d skipped\n' \
  "$passed" "$((java_failed + rust_failed))" "$((java_skipped + rust_ignored))"
