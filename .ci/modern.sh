#!/usr/bin/env bash
# Drives the built `codex-quarkus mcp` with third-party MCP 2026-07-28 ("modern era") clients, versions pinned in
# .ci/modern/package-lock.json. First the TypeScript SDK's client pinned to 2026-07-28 (.ci/modern/approval_round.mjs):
# it must find the modern era through server/discover, list codex and codex-reply, and run a codex call whose `git init`
# needs an approval, answered through one input_required round: approved, the repository exists; denied, it does not.
# Then the MCP Inspector CLI with --protocol-era modern: tools/list, and a codex call that (the Inspector declaring the
# tasks extension, mcp_server.tasks = "auto") the server answers with a task the Inspector polls to completion; the
# result must be the mock model's answer. Every run goes through a wrapper that records the stdio wire both ways, so
# the checks also see what travelled: never a JSON-RPC request from the server, resultType on every result.
# The model is the project's mock model (.ci/mock_model.sh starts it) on a free loopback port, stopped on exit.
# Needs: the runner jar (./mvnw package), node + npm, python3, a JDK 25. Exits non-zero on any failure.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
started=$(date +%s)

. .ci/lib.sh
ci_begin modern
ci_runner_jar
ci_require node npm python3

work=$(mktemp -d "${TMPDIR:-/tmp}/codex-modern.XXXXXX")
model_pid=
cleanup() {
    if [ -n "$model_pid" ]; then
        kill "$model_pid" 2>/dev/null || true
        wait "$model_pid" 2>/dev/null || true
    fi
    rm -rf "$work"
}
trap cleanup EXIT

# 1. The pinned clients, installed from the committed lock file into target/ (reused while the lock is unchanged).
ci_npm_install modern modern-clients node_modules/@modelcontextprotocol/inspector/clients/launcher/build/index.js
inspector_pkg="$prefix/node_modules/@modelcontextprotocol/inspector"
client_version=$(node -p "require('$prefix/node_modules/@modelcontextprotocol/client/package.json').version")
[ "$client_version" = 2.4.0 ] || fail "expected @modelcontextprotocol/client 2.4.0, found $client_version"
inspector_version=$(node -p "require('$inspector_pkg/package.json').version")
[ "$inspector_version" = 2.12.0 ] || fail "expected @modelcontextprotocol/inspector 2.12.0, found $inspector_version"
check "@modelcontextprotocol/client $client_version and @modelcontextprotocol/inspector $inspector_version installed from .ci/modern/package-lock.json"

# 2. The mock model and a CODEX_HOME pointing at it; commands not known to be safe need an approval.
answer="Hello from the modern era's mock model"
. .ci/mock_model.sh
start_mock_model "$work/port" "$work/requests.jsonl" "$answer" || fail "mock model did not start"
port=$model_port
check "mock model listening on 127.0.0.1:$port"

export CODEX_HOME="$work/home"
mkdir -p "$CODEX_HOME" "$work/project"
cat >"$CODEX_HOME/config.toml" <<TOML
model = "mock-model"
model_provider = "mock"
approval_policy = "untrusted"
sandbox_mode = "read-only"

[model_providers.mock]
name = "mock"
base_url = "http://127.0.0.1:$port/v1"
wire_api = "responses"
request_max_retries = 0
stream_max_retries = 0
TOML
export CODEX_QUARKUS_JAR="$jar"
unset OPENAI_API_KEY

# The server behind a recorder: `wire.sh DIR [ARGS...]` runs `codex-quarkus mcp ARGS` with its stdin and stdout appended
# to DIR/in.jsonl and DIR/out.jsonl (a client that starts it twice, probe then real, appends to the same files).
cat >"$work/wire.sh" <<SH
#!/bin/sh
dir=\$1
shift
mkdir -p "\$dir"
tee -a "\$dir/in.jsonl" | "$root/deployment/codex-quarkus" mcp "\$@" | tee -a "\$dir/out.jsonl"
SH
chmod +x "$work/wire.sh"

# What every modern run's wire must show: only JSON-RPC from the server, never a request, resultType and serverInfo
# on every result. Prints a one-line summary.
wire_check() { # dir
    python3 - "$1" <<'PY'
import json, sys
d = sys.argv[1]
out = [json.loads(l) for l in open(d + "/out.jsonl") if l.strip()]
sent = [json.loads(l) for l in open(d + "/in.jsonl") if l.strip()]
problems = []
for m in out:
    if m.get("jsonrpc") != "2.0":
        problems.append("not JSON-RPC 2.0: %s" % json.dumps(m)[:300])
    if "method" in m and "id" in m:
        problems.append("the server wrote a request: %s" % json.dumps(m)[:300])
    if "result" in m:
        r = m["result"]
        if r.get("resultType") not in ("complete", "input_required", "task"):
            problems.append("a result without a known resultType: %s" % json.dumps(m)[:300])
        if (r.get("_meta") or {}).get("io.modelcontextprotocol/serverInfo", {}).get("name") != "codex-quarkus":
            problems.append("a result without _meta serverInfo: %s" % json.dumps(m)[:300])
if any(m.get("method") == "initialize" for m in sent):
    problems.append("the client fell back to initialize")
if problems:
    print("\n".join(problems[:10]), file=sys.stderr)
    sys.exit(1)
methods = {}
for m in sent:
    if "method" in m and "id" in m:
        methods[m["method"]] = methods.get(m["method"], 0) + 1
types = {}
for m in out:
    t = (m.get("result") or {}).get("resultType")
    if t:
        types[t] = types.get(t, 0) + 1
print("requests %s; results %s" % (", ".join("%s x%d" % kv for kv in sorted(methods.items())),
                                   ", ".join("%s x%d" % kv for kv in sorted(types.items()))))
PY
}

# 3. The TypeScript SDK client pinned to 2026-07-28: discover, tools/list, approvals as input_required rounds.
cp .ci/modern/approval_round.mjs "$prefix/approval_round.mjs"
mkdir -p "$work/approvals"
timeout 300 node "$prefix/approval_round.mjs" --dir "$work/approvals" -- "$work/wire.sh" "$work/wire-sdk" \
    >"$work/approvals.json" 2>"$work/approvals.err" \
    || { cat "$work/approvals.json" "$work/approvals.err" >&2; fail "the SDK client's modern calls failed"; }
python3 - "$work/approvals.json" <<'PY' || fail "the SDK client's modern session went wrong"
import json, sys
o = json.loads(open(sys.argv[1]).read())
problems = []
if o.get("era") != "modern":
    problems.append("the client's era is %r, not modern" % o.get("era"))
d = o.get("discover") or {}
if "2026-07-28" not in (d.get("supportedVersions") or []):
    problems.append("server/discover does not list 2026-07-28: %r" % d)
if ((d.get("_meta") or {}).get("io.modelcontextprotocol/serverInfo") or {}).get("name") != "codex-quarkus":
    problems.append("server/discover names no serverInfo codex-quarkus")
if o.get("tools") != ["codex", "codex-reply"]:
    problems.append("tools/list gave %r" % o.get("tools"))
if problems:
    print(json.dumps(o, indent=1)[:4000], file=sys.stderr)
    print("\n".join(problems), file=sys.stderr)
    sys.exit(1)
PY
check "SDK $client_version pinned 2026-07-28: era $(python3 -c '
import json, sys
o = json.load(open(sys.argv[1]))
print("%s, discover %s, tools %s" % (o["era"], o["discover"]["supportedVersions"], ", ".join(o["tools"])))
' "$work/approvals.json")"
python3 - "$work/approvals.json" <<'PY' || fail "the approvals through input_required went wrong"
import json, sys
o = json.loads(open(sys.argv[1]).read())
cases = {c["name"]: c for c in o["cases"]}
problems = []
for name in ("approved", "denied"):
    c = cases.get(name)
    if c is None:
        problems.append("%s: no result" % name)
        continue
    if c["asked"] != 1:
        problems.append("%s: asked %d times, expected one input_required round" % (name, c["asked"]))
    if "git init" not in (c.get("message") or ""):
        problems.append("%s: the question does not name the command: %r" % (name, c.get("message")))
    if c["isError"]:
        problems.append("%s: isError" % name)
a, d = cases.get("approved"), cases.get("denied")
if a and not (a["ran"] and "Initialized empty Git repository" in (a["text"] or "")):
    problems.append("approved: git init did not run (.git %s, text %r)" % (a["ran"], a["text"]))
if d and (d["ran"] or "rejected" not in (d["text"] or "")):
    problems.append("denied: git init ran or the model was not told (.git %s, text %r)" % (d["ran"], d["text"]))
if problems:
    print(json.dumps(o, indent=1)[:4000], file=sys.stderr)
    print("\n".join(problems), file=sys.stderr)
    sys.exit(1)
PY
check "SDK $client_version approvals as input_required: $(python3 -c '
import json, sys
o = json.load(open(sys.argv[1]))
print(", ".join("%s -> %s" % (c["name"], ".git made" if c["ran"] else "no .git") for c in o["cases"]))
' "$work/approvals.json")"
summary=$(wire_check "$work/wire-sdk") || fail "the SDK client's wire broke a 2026-07-28 rule"
check "SDK wire: $summary"

# 4. The Inspector CLI in its modern era. It passes only the variables given with -e to the server, and keeps its
# catalog and client config under HOME: both point into the work directory.
inspect() {
    (cd "$work" && HOME="$work/inspector-home" MCP_CATALOG_PATH="$work/inspector-home/mcp.json" \
        MCP_CLIENT_CONFIG_PATH="$work/inspector-home/client.json" \
        timeout 180 node "$inspector_pkg/clients/launcher/build/index.js" --cli --protocol-era modern --format json \
        -e "CODEX_HOME=$CODEX_HOME" -e "CODEX_QUARKUS_JAR=$CODEX_QUARKUS_JAR" "$@")
}
mkdir -p "$work/inspector-home"
inspect --method tools/list "$work/wire.sh" "$work/wire-list" >"$work/tools.json" 2>"$work/tools.err" \
    || { cat "$work/tools.json" "$work/tools.err" >&2; fail "tools/list through the modern inspector failed"; }
names=$(python3 -c '
import json, sys
o = json.load(open(sys.argv[1]))
r = o.get("result", o)
print(",".join(t["name"] for t in r["tools"]))
' "$work/tools.json") || { cat "$work/tools.json" >&2; fail "the modern inspector's tools/list is unreadable"; }
[ "$names" = "codex,codex-reply" ] || fail "the modern inspector listed $names"
check "inspector $inspector_version --protocol-era modern tools/list: $names"

call_started=$(date +%s%N)
inspect --method tools/call --tool-name codex \
    --tool-args-json "{\"prompt\":\"Say hello to the modern inspector\",\"cwd\":\"$work/project\"}" \
    "$work/wire.sh" "$work/wire-call" >"$work/call.json" 2>"$work/call.err" \
    || { cat "$work/call.json" "$work/call.err" >&2; fail "tools/call codex through the modern inspector failed"; }
call_ms=$(( ($(date +%s%N) - call_started) / 1000000 ))
task_summary=$(python3 - "$work/call.json" "$work/wire-call" "$answer" <<'PY'

import json, sys
o = json.load(open(sys.argv[1]))
wire, answer = sys.argv[2], sys.argv[3]
r = o.get("result", o)
problems = []
if r.get("isError"):
    problems.append("isError is set")
if r.get("content") != [{"type": "text", "text": answer}]:
    problems.append("content is %r" % (r.get("content"),))
if (r.get("structuredContent") or {}).get("content") != answer:
    problems.append("structuredContent.content is %r" % ((r.get("structuredContent") or {}).get("content"),))
out = [json.loads(l) for l in open(wire + "/out.jsonl") if l.strip()]
sent = [json.loads(l) for l in open(wire + "/in.jsonl") if l.strip()]
calls = [m for m in sent if m.get("method") == "tools/call"]
caps = calls[0]["params"]["_meta"].get("io.modelcontextprotocol/clientCapabilities", {}) if calls else {}
if "io.modelcontextprotocol/tasks" not in (caps.get("extensions") or {}):
    problems.append("the inspector did not declare the tasks extension: %r" % caps)
tasks = [m["result"] for m in out if (m.get("result") or {}).get("resultType") == "task"]
if len(tasks) != 1:
    problems.append("expected the codex call answered with one task, saw %d task results" % len(tasks))
gets = [m for m in sent if m.get("method") == "tasks/get"]
if not gets:
    problems.append("the inspector never polled tasks/get")
completed = [m["result"] for m in out if (m.get("result") or {}).get("status") == "completed"]
if not completed:
    problems.append("no tasks/get answered completed")
if problems:
    print(json.dumps(o, indent=1)[:3000], file=sys.stderr)
    print("\n".join(problems), file=sys.stderr)
    sys.exit(1)
print("task %s, %d tasks/get polls" % (tasks[0]["taskId"], len(gets)))
PY
) || fail "the modern inspector's codex call answered wrongly"
summary=$(wire_check "$work/wire-call") || fail "the modern inspector's wire broke a 2026-07-28 rule"
check "inspector --protocol-era modern tools/call codex: \"$answer\" through $task_summary (${call_ms} ms incl. server start); $summary"

# An approval the Inspector cannot answer (it declares no elicitation): denied at once with a reason the model is
# told, no hang, nothing run.
mkdir -p "$work/unaskable"
inspect --method tools/call --tool-name codex \
    --tool-args-json "{\"prompt\":\"Make a repository. [mock: shell 1 git init]\",\"cwd\":\"$work/unaskable\"}" \
    "$work/wire.sh" "$work/wire-unaskable" >"$work/unaskable.json" 2>"$work/unaskable.err" \
    || { cat "$work/unaskable.json" "$work/unaskable.err" >&2; fail "the modern inspector's unanswerable approval failed"; }
python3 - "$work/unaskable.json" <<'PY' || fail "an approval the modern inspector cannot answer was not a denial"
import json, sys
o = json.load(open(sys.argv[1]))
r = o.get("result", o)
text = "".join(c.get("text", "") for c in r.get("content") or [])
if r.get("isError") or "rejected" not in text:
    print(json.dumps(o, indent=1)[:3000], file=sys.stderr)
    sys.exit(1)
PY
[ ! -e "$work/unaskable/.git" ] || fail "git init ran although nobody approved it"
summary=$(wire_check "$work/wire-unaskable") || fail "the modern inspector's wire broke a 2026-07-28 rule"
check "inspector --protocol-era modern, approval it cannot answer: denied, no .git; $summary"

echo "modern: done in $(( $(date +%s) - started )) s"
echo "modern: $passed passed, 0 failed"
