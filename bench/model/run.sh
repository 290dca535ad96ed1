#!/usr/bin/env bash
# Model client throughput: a ~10 MB Responses stream of text deltas from a local HTTP server on 127.0.0.1, pushed
# through ModelClient.stream. Prints per run: delta events/s (wall clock), MB/s, CPU time of all threads (client and
# server) with events per CPU-second (meaningful when other work shares the cores), and allocated bytes. Target:
# 100,000 delta events/s.
#
#   bench/model/run.sh                 # 10 MB, 5 warm-up runs, 5 measured runs
#   MB=20 RUNS=9 bench/model/run.sh    # bigger stream, more runs
#
# The benchmark is a main class in the test sources (io.codexquarkus.model.bench.ModelStreamBenchmark); it runs
# through surefire so that it gets the test classpath offline, and only when -Dcodex.bench=model is set.
set -euo pipefail
cd "$(dirname "$0")/../.."
if [[ -z "${JAVA_HOME:-}" && -d /usr/lib/jvm/temurin-25-jdk-amd64 ]]; then
    export JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64
fi
./mvnw -B -o -q test \
    -Dtest=ModelStreamBenchmark \
    -Dsurefire.failIfNoSpecifiedTests=false \
    -Dcodex.bench=model \
    -Dbench.megabytes="${MB:-10}" \
    -Dbench.warmups="${WARMUPS:-5}" \
    -Dbench.runs="${RUNS:-5}" 2>&1 | grep -E '^(stream|warmup|run|median)|ERROR|FAIL' || true
