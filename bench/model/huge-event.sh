#!/usr/bin/env bash
# One huge SSE event through the model client: a Responses stream whose output_item.done carries a 30 MiB message,
# served from 127.0.0.1 in 8 KiB writes. Prints the time from request to response.completed per run and the median.
#
#   bench/model/huge-event.sh              # 30 MiB, 5 runs
#   MB=4 RUNS=3 bench/model/huge-event.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
if [[ -z "${JAVA_HOME:-}" && -d /usr/lib/jvm/temurin-25-jdk-amd64 ]]; then
    export JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64
fi
./mvnw -B -o -q test \
    -Dtest=HugeEventBenchmark \
    -Dsurefire.failIfNoSpecifiedTests=false \
    -Dcodex.bench=huge-event \
    -Dbench.megabytes="${MB:-30}" \
    -Dbench.runs="${RUNS:-5}" 2>&1 | grep -E '^(stream|run|median)|ERROR|FAIL' || true
