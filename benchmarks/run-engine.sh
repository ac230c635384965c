#!/usr/bin/env bash
# Builds the JMH uber-jar, runs the breaker-engine benchmarks at 1 and 2 threads with allocation
# profiling, and rewrites the "## Breaker engine (JMH)" section of docs/benchmarks.md with the
# results, the exact commands, the machine and its load. Other sections of that file are kept.
#
# Usage: benchmarks/run-engine.sh [extra JMH options]   (run from anywhere; takes about 6 minutes)
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
jmh_options=(-f 1 -wi 3 -i 5 -w 1s -r 1s -prof gc "$@")
results="benchmarks/target/engine-results"
mkdir -p "$results"

./mvnw -B -q -pl benchmarks -am install -DskipTests

load_before="$(cut -d' ' -f1-3 /proc/loadavg)"
for threads in 1 2; do
  java -jar benchmarks/target/benchmarks.jar EngineBenchmark "${jmh_options[@]}" -t "$threads" \
    -rf json -rff "$results/t$threads.json"
done
load_after="$(cut -d' ' -f1-3 /proc/loadavg)"

python3 benchmarks/engine_report.py \
  --results "$results/t1.json" "$results/t2.json" \
  --command "java -jar benchmarks/target/benchmarks.jar EngineBenchmark ${jmh_options[*]} -t {1,2}" \
  --load "$load_before before, $load_after after" \
  --doc docs/benchmarks.md
echo "Wrote the engine section of docs/benchmarks.md"
