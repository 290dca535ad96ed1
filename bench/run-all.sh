#!/bin/sh
# Runs every side-by-side benchmark (codex-quarkus against @openai/codex 0.153.4 and 0.80.0, same run, same mock
# model) and keeps the report in bench/out/report-<timestamp>.md. Needs the packaged jar (./mvnw -q package
# -DskipTests), JDK 25, python3, git and npm (the upstream CLIs are installed into bench/.cache/ on first use).
#
#   bench/run-all.sh [RUNS]     (default 7 runs per target and workload, after one warm-up)
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
runs=${1:-7}
mkdir -p "$root/bench/out"
report="$root/bench/out/report-$(date +%Y%m%d-%H%M%S).md"
python3 "$root/bench/codex_bench.py" --runs "$runs" all | tee "$report"
echo "report: $report"
