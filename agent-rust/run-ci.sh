#!/usr/bin/env bash
# Checks the Rust agent and the Rust sample service: formatting, clippy with warnings as
# errors, and the test suites (which include every conformance scenario). Crates come from
# crates.io; pass --offline to use only the local cargo cache.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# One target directory for both crates, so shared dependencies compile once.
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$here/target}"
extra=("$@")

for crate in "$here" "$here/../examples/rust-service"; do
  echo "== $(basename "$crate")"
  (
    cd "$crate"
    cargo fmt --check
    cargo clippy "${extra[@]}" --all-targets -- -D warnings
    cargo test "${extra[@]}"
  )
done
(
  cd "$here"
  echo "== fusebox-agent with feature api-watch"
  cargo clippy "${extra[@]}" --features api-watch --all-targets -- -D warnings
  # The API-watch integration test starts etcd and kube-apiserver on 127.0.0.1 (about 15 s).
  cargo test "${extra[@]}" --features api-watch --lib --test api_watch_server
)
