#!/usr/bin/env bash
# Runs the Fusebox end-to-end demo on this machine, on loopback only:
#   a local etcd + kube-apiserver, the CircuitBreakerPolicy CRD, the operator, the checkout policy
#   (examples/checkout-policy.yaml), its ConfigMap projected the way the kubelet projects a volume,
#   the sample service with the agent, and the external API stand-in, driven through four phases:
#   healthy, external API hung, policy edited in place, external API recovered.
# It builds what it needs, prints progress and a summary, exits 0 when every expected event
# happened, and stops everything it started, also on Ctrl-C. A run takes about two minutes.
#
# Usage: scripts/demo.sh [--no-build]
#   --no-build   reuse the jars from an earlier run instead of building
set -euo pipefail

readonly ROOT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
readonly CLASSPATH_FILE="${ROOT_DIR}/examples/demo/target/demo.classpath"
# Upper bound of one demo run; the demo itself ends far earlier.
readonly DEMO_TIMEOUT_SECONDS=600

build=true
for arg in "$@"; do
  case "${arg}" in
    --no-build) build=false ;;
    -h|--help) sed -n '2,11p' "$0"; exit 0 ;;
    *) echo "demo: unknown option '${arg}'; valid options: --no-build, --help" >&2; exit 2 ;;
  esac
done

cd "${ROOT_DIR}"

if ! scripts/provision-kube-binaries.sh --check >/dev/null 2>&1; then
  echo "demo: kube-apiserver and etcd are not provisioned; building them with scripts/provision-kube-binaries.sh (slow the first time)"
  scripts/provision-kube-binaries.sh
fi

if [[ "${build}" == true || ! -f "${CLASSPATH_FILE}" ]]; then
  echo "demo: building the operator, agent, sample service and demo (mvnw install -DskipTests)"
  started=${SECONDS}
  ./mvnw -B -q -pl examples/demo -am install -DskipTests
  ./mvnw -B -q -pl examples/demo dependency:build-classpath -Dmdep.outputFile="${CLASSPATH_FILE}"
  echo "demo: built in $((SECONDS - started)) s"
fi

classpath="${ROOT_DIR}/examples/demo/target/classes:$(cat "${CLASSPATH_FILE}")"

# The JVM's shutdown hook stops the API server, operator and services on SIGINT and SIGTERM;
# timeout bounds a run that hangs anyway.
exec timeout --signal=TERM --kill-after=30 "${DEMO_TIMEOUT_SECONDS}" \
  java -Dlogback.configurationFile=demo-logback.xml -cp "${classpath}" io.fusebox.demo.DemoMain
