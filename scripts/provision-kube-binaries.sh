#!/usr/bin/env bash
# Provisions kube-apiserver, etcd, kubectl and kube-controller-manager for one pinned
# Kubernetes version into the directory that fabric8 kube-api-test 7.5.2 reads:
#   ${KUBE_API_TEST_DIR:-$HOME/.kubeapitest}/k8s/<version>-<os>-<arch>/
# kube-api-test needs etcd, kube-apiserver and kubectl there; the Fusebox test harness also
# runs kube-controller-manager from the same directory.
#
# Order of attempts:
#   1. The binaries are already there and the stamp file matches this script's pins: done.
#   2. Only when FUSEBOX_KUBE_DOWNLOAD=true: the envtest archive that kube-api-test itself
#      downloads (etcd, kube-apiserver, kubectl). kube-controller-manager is not in that
#      archive, so it is still built with Go.
#   3. go build from the Go module proxy, through the wrapper modules in scripts/kube/.
#
# Usage: scripts/provision-kube-binaries.sh [--check]
#   --check   exit 0 when the binaries are provisioned and current, 1 otherwise; builds nothing.
set -euo pipefail

KUBE_VERSION="1.34.4"
ETCD_VERSION="3.6.16"

script_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
wrapper_dir="${script_dir}/kube"
test_dir="${KUBE_API_TEST_DIR:-${HOME}/.kubeapitest}"

log() {
  printf '[provision-kube-binaries] %s\n' "$*" >&2
}

fail() {
  log "ERROR: $*"
  exit 1
}

now_ms() {
  date +%s%3N
}

elapsed_seconds() {
  local start_ms=$1
  local end_ms
  end_ms=$(now_ms)
  awk -v d="$((end_ms - start_ms))" 'BEGIN { printf "%.1f", d / 1000 }'
}

# kube-api-test's OSInfo maps os.arch aarch64 to arm64, ppc64 to ppc64le and everything else
# to amd64, and uses the lower-case os.name, so the directory suffix is e.g. linux-amd64.
platform_arch() {
  case "$(uname -m)" in
    aarch64 | arm64) echo arm64 ;;
    ppc64le | ppc64) echo ppc64le ;;
    x86_64 | amd64) echo amd64 ;;
    *) fail "unsupported machine architecture $(uname -m): kube-api-test reads only amd64, arm64 or ppc64le binaries" ;;
  esac
}

platform_os() {
  uname -s | tr '[:upper:]' '[:lower:]'
}

go_arch() {
  case "$(uname -m)" in
    aarch64 | arm64) echo arm64 ;;
    ppc64le | ppc64) echo ppc64le ;;
    *) echo amd64 ;;
  esac
}

binary_dir="${test_dir}/k8s/${KUBE_VERSION}-$(platform_os)-$(platform_arch)"
stamp_file="${binary_dir}/.fusebox-provisioned"
required_binaries=(etcd kube-apiserver kubectl kube-controller-manager)

# The stamp records the pinned versions and a digest of the wrapper modules, so that a change
# to either triggers a rebuild.
expected_stamp() {
  local recipe_digest
  recipe_digest=$(cat "${wrapper_dir}"/k8s/go.mod "${wrapper_dir}"/k8s/go.sum \
    "${wrapper_dir}"/etcd/go.mod "${wrapper_dir}"/etcd/go.sum | sha256sum | cut -d' ' -f1)
  printf 'kubernetes=v%s\netcd=v%s\nrecipe-sha256=%s\n' \
    "${KUBE_VERSION}" "${ETCD_VERSION}" "${recipe_digest}"
}

binaries_present() {
  local name
  for name in "${required_binaries[@]}"; do
    [[ -x "${binary_dir}/${name}" ]] || return 1
  done
}

is_current() {
  binaries_present && [[ -f "${stamp_file}" ]] && [[ "$(cat "${stamp_file}")" == "$(expected_stamp)" ]]
}

# Checks that a binary reports the expected version, so a stale or foreign binary in the
# directory is caught before tests run against it.
verify_version() {
  local binary=$1 expected=$2
  local output
  # The whole output is captured before trimming: with pipefail, a `| head` that closes the
  # pipe early makes the binary die of SIGPIPE and the check fail at random.
  output=$("${binary}" --version 2>&1) || fail "${binary} --version failed: ${output}"
  output=$(printf '%s\n' "${output}" | sed -n '1,3p')
  [[ "${output}" == *"${expected}"* ]] ||
    fail "${binary} reports '${output}', expected version ${expected}; delete ${binary_dir} and rerun"
}

verify_all() {
  local dir=$1
  verify_version "${dir}/kube-apiserver" "v${KUBE_VERSION}"
  verify_version "${dir}/kube-controller-manager" "v${KUBE_VERSION}"
  verify_version "${dir}/etcd" "${ETCD_VERSION}"
  "${dir}/kubectl" version --client >/dev/null 2>&1 || fail "${dir}/kubectl does not run"
}

# Prints the highest minor Go version that the wrapper modules' go directives require
# (etcd v3.6.16 requires Go 1.26).
required_go_minor() {
  awk '/^go [0-9]/ { split($2, parts, "."); print parts[2] }' \
    "${wrapper_dir}/k8s/go.mod" "${wrapper_dir}/etcd/go.mod" | sort -n | tail -n 1
}

require_go() {
  local required
  required=$(required_go_minor)
  if ! command -v go >/dev/null 2>&1; then
    fail "go not found on PATH. Install Go 1.${required} or newer and rerun, or set FUSEBOX_KUBE_DOWNLOAD=true on a machine with internet access."
  fi
  local version minor
  version=$(go env GOVERSION)
  minor=$(sed -E 's/^go1\.([0-9]+).*/\1/' <<<"${version}")
  if [[ ! "${minor}" =~ ^[0-9]+$ ]] || ((minor < required)); then
    fail "${version} is too old: the wrapper modules in ${wrapper_dir} require Go 1.${required} or newer; install it and rerun"
  fi
}

go_build() {
  local module_dir=$1 output=$2
  shift 2
  local version_package="k8s.io/component-base/version"
  local ldflags="-s -w -X ${version_package}.gitVersion=v${KUBE_VERSION}"
  ldflags+=" -X ${version_package}.gitMajor=${KUBE_VERSION%%.*}"
  ldflags+=" -X ${version_package}.gitMinor=$(cut -d. -f2 <<<"${KUBE_VERSION}")"
  ldflags+=" -X ${version_package}.gitTreeState=clean"
  (
    cd "${module_dir}"
    CGO_ENABLED=0 GOOS=linux GOARCH="$(go_arch)" GOFLAGS="${GOFLAGS:-} -mod=mod" \
      nice go build -trimpath -ldflags="${ldflags}" -o "${output}" "$@"
  )
}

try_download() {
  local staging=$1
  local url="https://github.com/kubernetes-sigs/controller-tools/releases/download/envtest-v${KUBE_VERSION}/envtest-v${KUBE_VERSION}-$(platform_os)-$(platform_arch).tar.gz"
  if ! command -v curl >/dev/null 2>&1; then
    log "curl not found; skipping the envtest download"
    return 1
  fi
  log "checking whether the envtest archive is reachable (5 s timeout)"
  if ! curl -fsS --max-time 5 --range 0-0 -o /dev/null "${url}"; then
    log "envtest archive not reachable; building with Go instead"
    return 1
  fi
  local start
  start=$(now_ms)
  local archive="${staging}/envtest.tar.gz"
  curl -fsSL --max-time 600 -o "${archive}" "${url}" || return 1
  tar -xzf "${archive}" -C "${staging}"
  local name
  for name in etcd kube-apiserver kubectl; do
    find "${staging}" -type f -name "${name}" -exec mv {} "${staging}/${name}" \;
  done
  log "downloaded etcd, kube-apiserver and kubectl in $(elapsed_seconds "${start}") s"
}

# Global so that the EXIT trap can still read it after provision() returns.
staging=""

provision() {
  staging=$(mktemp -d "${test_dir}/k8s/.staging.XXXXXX")
  trap 'rm -rf "${staging}"' EXIT

  local downloaded=false
  if [[ "${FUSEBOX_KUBE_DOWNLOAD:-false}" == "true" ]] && try_download "${staging}"; then
    downloaded=true
  fi

  require_go
  log "using $(go env GOVERSION); module cache $(go env GOMODCACHE), build cache $(go env GOCACHE)"
  local start
  if [[ "${downloaded}" != "true" ]]; then
    start=$(now_ms)
    go_build "${wrapper_dir}/k8s" "${staging}/" \
      k8s.io/kubernetes/cmd/kube-apiserver k8s.io/kubernetes/cmd/kubectl \
      k8s.io/kubernetes/cmd/kube-controller-manager
    log "built kube-apiserver, kubectl and kube-controller-manager v${KUBE_VERSION} in $(elapsed_seconds "${start}") s"
    start=$(now_ms)
    go_build "${wrapper_dir}/etcd" "${staging}/etcd" go.etcd.io/etcd/server/v3
    log "built etcd v${ETCD_VERSION} in $(elapsed_seconds "${start}") s"
  else
    start=$(now_ms)
    go_build "${wrapper_dir}/k8s" "${staging}/" k8s.io/kubernetes/cmd/kube-controller-manager
    log "built kube-controller-manager v${KUBE_VERSION} in $(elapsed_seconds "${start}") s"
  fi

  verify_all "${staging}"
  mkdir -p "${binary_dir}"
  local name
  for name in "${required_binaries[@]}"; do
    mv -f "${staging}/${name}" "${binary_dir}/${name}"
  done
  expected_stamp >"${stamp_file}"
}

main() {
  local total_start
  total_start=$(now_ms)
  if [[ "${1:-}" == "--check" ]]; then
    if is_current; then
      log "binaries for Kubernetes v${KUBE_VERSION} are current in ${binary_dir}"
      exit 0
    fi
    log "binaries for Kubernetes v${KUBE_VERSION} are missing or stale in ${binary_dir}"
    exit 1
  elif [[ -n "${1:-}" ]]; then
    fail "unknown argument '$1'; the only option is --check"
  fi

  mkdir -p "${test_dir}/k8s"
  # Serialises concurrent runs, for example two Maven modules provisioning at once.
  exec 9>"${test_dir}/k8s/.fusebox-provision.lock"
  flock 9

  if is_current; then
    verify_all "${binary_dir}"
    log "cached: Kubernetes v${KUBE_VERSION} and etcd v${ETCD_VERSION} are current in ${binary_dir} (checked in $(elapsed_seconds "${total_start}") s)"
    exit 0
  fi
  if [[ -f "${stamp_file}" ]]; then
    log "stamp in ${stamp_file} does not match the pinned versions; rebuilding"
  fi
  log "provisioning Kubernetes v${KUBE_VERSION} and etcd v${ETCD_VERSION} into ${binary_dir}"
  provision
  log "done in $(elapsed_seconds "${total_start}") s"
}

main "$@"
