#!/usr/bin/env bash
# Checks the CycloneDX SBOMs that `./mvnw package` writes (cyclonedx-maven-plugin, parent pom):
# every shipped module must have target/bom.json and target/bom.xml with at least one component.
# Prints one line per module: path, spec version, component count. Exits 1 on a missing file.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
status=0
for module in settings api agent/core agent/micrometer agent/kubernetes operator \
  examples/sample-service; do
  for ext in json xml; do
    if [[ ! -s "$root/$module/target/bom.$ext" ]]; then
      echo "missing: $module/target/bom.$ext (run ./mvnw -pl $module -am package)" >&2
      status=1
    fi
  done
  if [[ -s "$root/$module/target/bom.json" ]]; then
    python3 - "$root/$module/target/bom.json" "$module" <<'PY'
import json, sys
bom = json.load(open(sys.argv[1]))
components = bom.get("components", [])
print(f"{sys.argv[2]}/target/bom.json: CycloneDX {bom.get('specVersion')}, "
      f"{len(components)} components")
if not components:
    sys.exit(1)
PY
  fi
done
exit "$status"
