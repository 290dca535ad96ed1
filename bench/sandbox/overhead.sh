#!/bin/sh
# Sandbox overhead: the median wall time of `true` run plainly and through the Linux sandbox.
#
#   bench/sandbox/overhead.sh [RUNS]      (default 15 runs per variant, after 2 warm-up runs)
#
# Needs the packaged jar (./mvnw package -DskipTests). Variants:
#   plain          true
#   helper+aot     the helper exactly as the shell tool starts it (SandboxManager), with its AOT cache
#   helper         the same without the AOT cache (what the first commands after a new build get)
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
helper=$(printf '%s\n' "$doctor" | sed -n 's/^helper: *//p')
cache=$(printf '%s\n' "$doctor" | sed -n 's/^helper cache: *\([^ ]*\).*/\1/p')
if [ -n "$cache" ] && [ ! -f "$cache.jdk" ]; then
    # the first sandboxed command starts training the cache in the background; wait for it (60 s at most)
    "$launcher" sandbox linux --full-auto -- true
    i=0
    while [ ! -f "$cache.jdk" ] && [ $i -lt 120 ]; do sleep 0.5; i=$((i + 1)); done
fi
if [ -n "$cache" ] && [ -f "$cache.jdk" ]; then
    java=${helper%% *}
    rest=${helper#* }
    helper_aot="$java -XX:AOTCache=$cache $rest"
else
    helper_aot=$helper
    echo "note: no AOT cache for the helper; helper+aot = helper" >&2
fi
mkdir -p bin
ln -s "$launcher" bin/codex-linux-sandbox

args="--sandbox-policy-cwd $work --sandbox-policy $policy -- true"

measure() { # name, command (word-split on spaces: the paths involved have none)
    name=$1
    shift
    if command -v hyperfine >/dev/null 2>&1; then
        # hyperfine -N splits its command like a shell: quote each word (the policy JSON has double quotes)
        quoted=$(python3 -c 'import shlex, sys; print(shlex.join(sys.argv[1:]))' "$@")
        median=$(hyperfine -N --warmup 2 --runs "$runs" --export-json "$work/h.json" "$quoted" >/dev/null 2>&1 &&
            python3 -c 'import json,sys; print("%.1f" % (json.load(open(sys.argv[1]))["results"][0]["median"]*1000))' "$work/h.json")
        printf '%-11s median %7s ms  (hyperfine, %s runs)\n' "$name" "$median" "$runs"
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
