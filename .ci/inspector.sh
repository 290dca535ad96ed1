#!/usr/bin/env bash
# Drives the built `codex-quarkus mcp` with the MCP Inspector CLI, a third-party MCP client (version pinned in
# .ci/inspector/package-lock.json): `tools/list` must equal the golden file, and one `tools/call` of `codex` must come
# back with the mock model's answer and a structuredContent the client validated against the tool's outputSchema.
# Then the TypeScript SDK client (.ci/inspector/long_call.mjs, SDK pinned in the same lock file) with a 3 s request
# timeout reset on progress must survive a model that is silent for 6 s thanks to the keep-alive progress
# (mcp_server.progress_heartbeat_ms=1000), and must time out with the keep-alive off (=0): the check can fail.
# Then the same SDK client answers approval forms (.ci/inspector/approval_form.mjs) with each decision and checks
# what ran. The model is the project's mock model (.ci/mock_model.sh starts it) on a free loopback port, stopped on exit.
# Needs: the runner jar (./mvnw package), node + npm, python3, a JDK 25. Exits non-zero on any failure.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
started=$(date +%s)

. .ci/lib.sh
ci_begin inspector
ci_runner_jar
ci_require node npm python3

work=$(mktemp -d "${TMPDIR:-/tmp}/codex-inspector.XXXXXX")
model_pid=
cleanup() {
    if [ -n "$model_pid" ]; then
        kill "$model_pid" 2>/dev/null || true
        wait "$model_pid" 2>/dev/null || true
    fi
    rm -rf "$work"
}
trap cleanup EXIT

# 1. The pinned inspector, installed from the committed lock file into target/ (reused while the lock is unchanged).
ci_npm_install inspector inspector-cli node_modules/@modelcontextprotocol/inspector-cli/build/index.js
cli="$prefix/node_modules/@modelcontextprotocol/inspector-cli/build/index.js"
version=$(node -p "require('$prefix/node_modules/@modelcontextprotocol/inspector-cli/package.json').version")
[ "$version" = 1.0.3 ] || fail "expected @modelcontextprotocol/inspector-cli 1.0.3, found $version"
check "@modelcontextprotocol/inspector-cli $version installed from .ci/inspector/package-lock.json"

# 2. The mock model and a CODEX_HOME pointing at it.
answer="Hello from the inspector's mock model"
. .ci/mock_model.sh
start_mock_model "$work/port" "$work/requests.jsonl" "$answer" || fail "mock model did not start"
port=$model_port
check "mock model listening on 127.0.0.1:$port"

export CODEX_HOME="$work/home"
mkdir -p "$CODEX_HOME" "$work/project"
cat >"$CODEX_HOME/config.toml" <<TOML
model = "mock-model"
model_provider = "mock"
approval_policy = "never"
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

# The CLI reads its own package.json through "../package.json" relative to its working directory: run it from a
# directory whose parent holds one (its install prefix).
mkdir -p "$prefix/run"
inspect() {
    (cd "$prefix/run" && timeout 120 node "$cli" "$root/deployment/codex-quarkus" mcp "$@")
}

# 3. tools/list equals the golden file.
inspect --method tools/list >"$work/tools.json" 2>"$work/tools.err" \
    || { cat "$work/tools.err" >&2; fail "tools/list through the inspector failed"; }
python3 - "$work/tools.json" src/test/resources/golden/mcp/tools-list.json <<'PY' || fail "tools/list differs from the golden file"
import json, sys
got, want = (json.load(open(p)) for p in sys.argv[1:3])
if got != want:
    print(json.dumps(got, indent=1)[:4000], file=sys.stderr)
    sys.exit(1)
PY
check "tools/list: $(python3 -c 'import json,sys; print(", ".join(t["name"] for t in json.load(open(sys.argv[1]))["tools"]))' "$work/tools.json") equal src/test/resources/golden/mcp/tools-list.json"

# 4. One codex call: the model's answer, structuredContent {threadId, content}, no isError, one model request.
call_started=$(date +%s%N)
inspect --method tools/call --tool-name codex --tool-arg "prompt=Say hello to the inspector" \
    --tool-arg "cwd=$work/project" >"$work/call.json" 2>"$work/call.err" \
    || { cat "$work/call.err" >&2; fail "tools/call codex through the inspector failed"; }
call_ms=$(( ($(date +%s%N) - call_started) / 1000000 ))
python3 - "$work/call.json" "$work/requests.jsonl" "$answer" <<'PY' || fail "tools/call codex answered wrongly"
import json, re, sys
result = json.load(open(sys.argv[1]))
requests = [json.loads(line)["body"] for line in open(sys.argv[2])]
answer = sys.argv[3]
problems = []
if result.get("isError"):
    problems.append("isError is set")
if result.get("content") != [{"type": "text", "text": answer}]:
    problems.append("content is %r" % (result.get("content"),))
structured = result.get("structuredContent") or {}
if structured.get("content") != answer:
    problems.append("structuredContent.content is %r" % (structured.get("content"),))
if not re.fullmatch(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", structured.get("threadId", "")):
    problems.append("structuredContent.threadId is %r" % (structured.get("threadId"),))
if len(requests) != 1:
    problems.append("the model got %d requests, expected 1" % len(requests))
elif requests[0].get("model") != "mock-model" or "Say hello to the inspector" not in json.dumps(requests[0]):
    problems.append("the model request lacks the model or the prompt")
if problems:
    print(json.dumps(result, indent=1)[:4000], file=sys.stderr)
    print("\n".join(problems), file=sys.stderr)
    sys.exit(1)
PY
thread=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["structuredContent"]["threadId"])' "$work/call.json")
check "tools/call codex: \"$answer\", structuredContent.threadId $thread, 1 model request (${call_ms} ms incl. server start)"

# 5. Long calls: the TypeScript SDK client, timeout 3 s reset on progress, a model silent for 6 s.
sdk_version=$(node -p "require('$prefix/node_modules/@modelcontextprotocol/sdk/package.json').version")
[ "$sdk_version" = 1.32.2 ] || fail "expected @modelcontextprotocol/sdk 1.32.2, found $sdk_version"
cp .ci/inspector/long_call.mjs "$prefix/long_call.mjs"
long_call() {
    timeout 120 node "$prefix/long_call.mjs" --timeout 3000 --cwd "$work/project" \
        --prompt "Think it over [mock: hold 6000 ms]" -- "$root/deployment/codex-quarkus" mcp \
        -c "mcp_server.progress_heartbeat_ms=$1"
}
long_call 1000 >"$work/long.json" 2>"$work/long.err" \
    || { cat "$work/long.json" "$work/long.err" >&2; fail "the SDK client's 6 s call with a 1 s heartbeat failed"; }
python3 - "$work/long.json" "$answer" <<'PY' || fail "the SDK client's long call answered wrongly"
import json, sys
outcome = json.loads(open(sys.argv[1]).read())
problems = []
if outcome.get("isError") or outcome.get("text") != sys.argv[2]:
    problems.append("the answer is %r (isError %r)" % (outcome.get("text"), outcome.get("isError")))
values = [p["progress"] for p in outcome["progress"]]
if values != sorted(set(values)):
    problems.append("progress values do not strictly increase: %r" % values)
if not any("waiting for the model" in (p.get("message") or "") for p in outcome["progress"]):
    problems.append("no keep-alive says it waits for the model")
if outcome["callMs"] < 6000:
    problems.append("the call took %d ms, less than the model's 6 s silence" % outcome["callMs"])
gaps = [b["atMs"] - a["atMs"] for a, b in zip(outcome["progress"], outcome["progress"][1:])]
if gaps and max(gaps) >= 3000:
    problems.append("a %d ms gap between two progress notifications: the client's timeout was not kept alive" % max(gaps))
if problems:
    print(json.dumps(outcome, indent=1)[:4000], file=sys.stderr)
    print("\n".join(problems), file=sys.stderr)
    sys.exit(1)
PY
long_summary=$(python3 -c '
import json, sys
o = json.load(open(sys.argv[1]))
print("%d progress notifications in a %d ms call, longest gap %d ms, last \"%s\"" % (len(o["progress"]), o["callMs"],
      max(b["atMs"] - a["atMs"] for a, b in zip(o["progress"], o["progress"][1:])), o["progress"][-1]["message"]))
' "$work/long.json")
check "SDK 1.32.2, timeout 3000 ms + resetTimeoutOnProgress, model silent 6 s, heartbeat 1 s: answered; $long_summary"

if long_call 0 >"$work/short.json" 2>"$work/short.err"; then
    cat "$work/short.json" >&2
    fail "with the keep-alive off the 3 s timeout did not fire: this check cannot tell a working heartbeat from none"
fi
python3 - "$work/short.json" <<'PY' || fail "with the keep-alive off the call failed for another reason than its timeout"
import json, sys
outcome = json.loads(open(sys.argv[1]).read())
if outcome.get("code") != -32001:
    print(json.dumps(outcome, indent=1)[:4000], file=sys.stderr)
    sys.exit(1)
PY
check "the same call with mcp_server.progress_heartbeat_ms=0: $(python3 -c '
import json, sys
o = json.load(open(sys.argv[1]))
print("%s, %d ms into the call (%d progress notifications)" % (o["error"], o["callMs"], len(o["progress"])))
' "$work/short.json")"

# 6. The approval form, answered through the SDK client: each choice of the decision enum, the form's defaults, a bare
# accept and a decline carrying a decision, each in its own directory with `touch made.txt` run by the mock model.
cp .ci/inspector/approval_form.mjs "$prefix/approval_form.mjs"
mkdir -p "$work/approvals"
timeout 300 node "$prefix/approval_form.mjs" --dir "$work/approvals" -- "$root/deployment/codex-quarkus" mcp \
    >"$work/approvals.json" 2>"$work/approvals.err" \
    || { cat "$work/approvals.json" "$work/approvals.err" >&2; fail "the SDK client's approval calls failed"; }
python3 - "$work/approvals.json" <<'PY' || fail "the approval form was answered wrongly"
import json, sys
outcome = json.loads(open(sys.argv[1]).read())
cases = {c["name"]: c for c in outcome["cases"]}
problems = []
def expect(name, condition, what):
    if not condition:
        problems.append("%s: %s (%s)" % (name, what, json.dumps(cases.get(name))[:1500]))
for name in ("approved", "approved_for_session", "denied", "abort", "defaults", "bare_accept", "decline_wins"):
    expect(name, name in cases, "no result")
if problems:
    print("\n".join(problems), file=sys.stderr)
    sys.exit(1)
form = cases["approved"]["schema"]
decision = form["properties"].get("decision", {})
expect("approved", [(o["const"], o["title"]) for o in decision.get("oneOf", [])] == [
    ("approved", "Approve once"), ("approved_for_session", "Approve for this session"), ("denied", "Deny"),
    ("abort", "Deny and stop the turn")], "decision is not the titled oneOf of the four choices")
expect("approved", decision.get("default") == "approved", "decision does not default to approve once")
expect("approved", form["properties"].get("command", {}).get("default") == "touch made.txt", "no prefilled command")
expect("approved", form["properties"].get("cwd", {}).get("default", "").endswith("/approved"), "no prefilled cwd")
expect("approved", not form.get("required"), "the form requires a field, so an empty accept would be invalid")
message = cases["approved"]["message"] or ""
expect("approved", "\n" not in message and "`touch made.txt`" in message and "/approved`" in message
       and "Reason:" in message, "the message does not say in one line what runs, where and why")
for name in ("approved", "defaults", "bare_accept"):
    c = cases[name]
    expect(name, c["asked"] == 1 and c["ran"] and not c["isError"], "the command did not run once after one question")
    expect(name, "exit_code" in (c["text"] or ""), "the model was not given the command's output")
c = cases["approved_for_session"]
expect("approved_for_session", c["asked"] == 1, "asked %d times for two identical commands" % c["asked"])
expect("approved_for_session", c["ran"] and c["events"].count("exec_command_end") == 2, "the commands did not both run")
for name in ("denied", "decline_wins"):
    c = cases[name]
    expect(name, not c["ran"] and not c["isError"], "the command ran or the call failed")
    expect(name, "rejected" in (c["text"] or ""), "the model was not told the command was rejected")
c = cases["abort"]
expect("abort", not c["ran"] and c["isError"] and "turn_aborted" in c["events"], "the turn was not aborted")
if problems:
    print("\n".join(problems), file=sys.stderr)
    sys.exit(1)
PY
check "SDK 1.32.2 approval form (titled oneOf, default approve once, prefilled command/cwd): $(python3 -c '
import json, sys
o = json.load(open(sys.argv[1]))
print(", ".join("%s -> %s%s" % (c["name"], "ran" if c["ran"] else "not run", " (aborted)" if "turn_aborted" in c["events"] else "")
                for c in o["cases"]))
' "$work/approvals.json")"

echo "inspector: done in $(( $(date +%s) - started )) s"
echo "inspector: $passed passed, 0 failed"
