#!/bin/sh
# Sandbox overhead: the median wall time of `true` run plainly and through the Linux sandbox.
#
#   bench/sandbox/overhead.sh [RUNS]      (default 15 runs per variant, after 2 warm-up runs)
#
# Needs the packaged jar (./mvnw package -DskipTests). Variants:
#   plain          true
#   helper+aot     the helper exactly as the shell tool starts it (SandboxManager): slim jar + AOT cache
#   helper         the helper from the application jar without a cache (the first commands after a new build)
#   arg0           deployment/codex-quarkus linked as codex-linux-sandbox (the launcher's arg0 dispatch)
#   cli            codex-quarkus sandbox linux --full-auto -- true (boots Quarkus, then starts the helper)
# The helper command is the one `codex-quarkus sandbox doctor` prints, so the bench measures what ships.
# Uses hyperfine when it is installed, else a shell loop timed with date +%s%N.
set -euf

runs=${1:-15}
root=$(cd "$(dirname "$0")/../.." && pwd)
launcher=$root/deployment/codex-quarkus
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
export CODEX_HOME="$work/codex-home"
policy='{"mode":"workspace-write"}'

doctor=$("$launcher" sandbox doctor) || {
    echo "sandbox unavailable on this host:" >&2
    echo "$doctor" >&2
    exit 4
}
cache=$(printf '%s\n' "$doctor" | sed -n 's/^helper cache: *\([^ ]*\).*/\1/p')
if [ -n "$cache" ] && ! printf '%s\n' "$doctor" | grep -q '^helper cache:.*(ready)'; then
    # the first sandboxed command builds the slim jar and trains the cache in the background; wait until ready
    "$launcher" sandbox linux --full-auto -- true
    i=0
    until doctor=$("$launcher" sandbox doctor) && printf '%s\n' "$doctor" | grep -q '^helper cache:.*(ready)'; do
        i=$((i + 1))
        if [ $i -ge 30 ]; then
            echo "the helper's AOT cache was not trained within a minute" >&2
            exit 1
        fi
        sleep 2
    done
fi
helper_aot=$(printf '%s\n' "$doctor" | sed -n 's/^helper: *//p')
helper=$(printf '%s\n' "$doctor" | sed -n 's/^helper, cold: *//p')
if [ -z "$helper" ]; then
    helper=$helper_aot
    echo "note: no AOT cache for the helper (running from a classes directory?); helper = helper+aot" >&2
fi
mkdir -p bin
ln -s "$launcher" bin/codex-linux-sandbox

args="--sandbox-policy-cwd $work --sandbox-policy $policy -- true"

quote() { # each argument single-quoted, for hyperfine's shell-words parsing
    for arg in "$@"; do
        printf "'%s' " "$(printf '%s' "$arg" | sed "s/'/'\\\\''/g")"
    done
}

measure() { # name, then the command as separate words (the paths involved have no spaces)
    name=$1
    shift
    if command -v hyperfine >/dev/null 2>&1; then
        hyperfine -N --warmup 2 --runs "$runs" --export-json "$work/h.json" "$(quote "$@")" >/dev/null 2>&1 || {
            echo "$name failed: $*" >&2
            exit 1
        }
        python3 -c 'import json, sys
r = json.load(open(sys.argv[1]))["results"][0]
print("%-11s median %7.1f ms  min %7.1f  max %7.1f  (hyperfine, %d runs)" % (sys.argv[2],
      r["median"] * 1000, r["min"] * 1000, r["max"] * 1000, len(r["times"])))' "$work/h.json" "$name"
        return
    fi
    i=0
    while [ $i -lt 2 ]; do $* >/dev/null 2>&1 || true; i=$((i + 1)); done
    : >"$work/times"
    i=0
    while [ $i -lt "$runs" ]; do
        start=$(date +%s%N)
        $* >/dev/null 2>&1 || { echo "$name failed: $*" >&2; exit 1; }
        end=$(date +%s%N)
        echo $(((end - start) / 1000)) >>"$work/times"
        i=$((i + 1))
    done
    sort -n "$work/times" | awk -v name="$name" -v n="$runs" '
        { t[NR] = $1 }
        END {
            m = (n % 2) ? t[(n + 1) / 2] : (t[n / 2] + t[n / 2 + 1]) / 2
            printf "%-11s median %7.1f ms  min %7.1f  max %7.1f  (%d runs)\n", name, m / 1000, t[1] / 1000, t[n] / 1000, n
        }'
}

echo "host: $(uname -srm), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "helper: $helper_aot $args"
measure plain true
measure helper+aot $helper_aot $args
measure helper $helper $args
measure arg0 bin/codex-linux-sandbox $args
measure cli "$launcher" sandbox linux --full-auto -- true
