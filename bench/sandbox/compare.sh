#!/bin/sh
# The sandbox helper's cost for `true`, before and after a change, beside upstream Codex's `codex sandbox -- true`,
# interleaved in one run (run i of every variant before run i+1 of any).
#
#   bench/sandbox/compare.sh BEFORE_CHECKOUT [RUNS]     (default 21 runs per variant, after 2 warm-up rounds)
#
# BEFORE_CHECKOUT is a packaged checkout of the earlier commit (for example `git worktree add ../before REV` then
# `./mvnw -q package -DskipTests` there); this checkout must be packaged too. Variants:
#   plain      true
#   before     the earlier helper exactly as its shell tool starts it (slim jar + AOT cache, from its `sandbox doctor`)
#   after      this checkout's helper, the same way
#   upstream   codex 0.153.4 `codex sandbox -- true` (native musl binary from npm, default read-only policy),
#              installed into bench/.cache by bench/codex_bench.py
# Policy for ours: workspace-write without network (the layers with the most set-up). Overhead = variant - plain.
set -euf

before=$(cd "${1:?usage: compare.sh BEFORE_CHECKOUT [RUNS]}" && pwd)
runs=${2:-21}
root=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d /var/tmp/sandbox-compare.XXXXXX)
trap 'rm -rf "$work"' EXIT
cd "$work"
export CODEX_HOME="$work/codex-home"
mkdir -p "$CODEX_HOME"
upstream=$(cd "$root" && python3 -c 'import sys; sys.path.insert(0, "bench"); import codex_bench
print(codex_bench.upstream_binary("0.153.4"))')

helper_of() { # the helper command a checkout's shell tool runs, once its AOT cache is trained
    launcher=$1/deployment/codex-quarkus
    i=0
    until doctor=$("$launcher" sandbox doctor) && printf '%s\n' "$doctor" | grep -q '^helper cache:.*(ready)'; do
        "$launcher" sandbox linux --full-auto -- true >/dev/null 2>&1 || true
        i=$((i + 1))
        if [ $i -ge 30 ]; then
            echo "the helper's AOT cache of $1 was not trained within a minute" >&2
            exit 1
        fi
        sleep 2
    done
    printf '%s\n' "$doctor" | sed -n 's/^helper: *//p'
}
helper_before=$(helper_of "$before")
helper_after=$(helper_of "$root")
args="--sandbox-policy-cwd $work --sandbox-policy {\"mode\":\"workspace-write\"} -- true"

names="plain before after upstream"
run_variant() {
    case $1 in
        plain) true ;;
        before) $helper_before $args ;;
        after) $helper_after $args ;;
        upstream) "$upstream" sandbox -- true ;;
    esac
}
for name in $names; do : >"$work/$name.times"; done
round=0
while [ $round -lt $((runs + 2)) ]; do
    for name in $names; do
        start=$(date +%s%N)
        run_variant "$name" >/dev/null 2>"$work/err" || { echo "$name failed:" >&2; cat "$work/err" >&2; exit 1; }
        end=$(date +%s%N)
        [ $round -lt 2 ] || echo $(((end - start) / 1000)) >>"$work/$name.times"
    done
    round=$((round + 1))
done

echo "host: $(uname -srm), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg); $runs runs, interleaved"
echo "before: $(cd "$before" && git log --oneline -1 2>/dev/null || echo "$before")"
echo "after:  $(cd "$root" && git log --oneline -1 2>/dev/null || echo "$root")"
plain=$(sort -n "$work/plain.times" | awk '{ t[NR] = $1 } END { print t[int((NR + 1) / 2)] }')
for name in $names; do
    sort -n "$work/$name.times" | awk -v name="$name" -v plain="$plain" '
        { t[NR] = $1 }
        END {
            m = t[int((NR + 1) / 2)]
            printf "%-9s median %7.1f ms  min %7.1f  max %7.1f  overhead %7.1f ms\n", name, m / 1000, t[1] / 1000, t[NR] / 1000, (m - plain) / 1000
        }'
done
