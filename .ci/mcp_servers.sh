#!/usr/bin/env bash
# The session's MCP server pool ([mcp_servers], tools/mcp) against a third-party server: the npm
# @modelcontextprotocol/server-everything (pinned in .ci/mcp_servers/package-lock.json), once over stdio and once over
# Streamable HTTP, each configured by the README's own example (the TOML blocks after the `ci: mcp_servers` markers,
# the HTTP port replaced by a free one). .ci/mcp_servers/PoolDriver.java (run with the runner jar on the class path)
# loads the config as a session does, starts the pool, calls one tool, checks a filtered tool is not offered, closes
# the pool and checks that no process it started is left. Then, end to end, `codex-quarkus exec` with each README
# example in its config.toml: the mock model (.ci/mock_model.sh) calls one of the server's tools, once over the
# Responses API (stdio server) and once over Chat Completions (HTTP server), and the tool's output must come back in the
# model's next request (the mock's final answer quotes it). Needs: the runner jar, node + npm, python3, a JDK 25.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
. .ci/lib.sh
ci_begin mcp_servers
ci_runner_jar
ci_require node npm
java=${JAVA_HOME:+$JAVA_HOME/bin/}java
"$java" -version 2>&1 | grep -q 'version "2[5-9]' || java=$(ls -d /usr/lib/jvm/*25*/bin/java 2>/dev/null | head -n 1)
[ -x "$java" ] || fail "no JDK 25 java found"

work=$(mktemp -d "${TMPDIR:-/tmp}/codex-mcp-servers.XXXXXX")
http_pid=
model_pid=
cleanup() {
    [ -z "$model_pid" ] || kill "$model_pid" 2>/dev/null || true
    if [ -n "$http_pid" ]; then
        kill "$http_pid" 2>/dev/null || true
        wait "$http_pid" 2>/dev/null || true
    fi
    rm -rf "$work"
}
trap cleanup EXIT

# 1. The pinned server, installed from the committed lock file into target/ (reused while the lock is unchanged).
ci_npm_install mcp_servers mcp-servers node_modules/@modelcontextprotocol/server-everything/dist/index.js
pkg="$prefix/node_modules/@modelcontextprotocol/server-everything"
version=$(node -p "require('$pkg/package.json').version")
[ "$version" = 2026.8.31 ] || fail "expected @modelcontextprotocol/server-everything 2026.8.31, found $version"
check "@modelcontextprotocol/server-everything $version installed from .ci/mcp_servers/package-lock.json"

# the README's TOML block after the marker <!-- ci: mcp_servers NAME -->
readme_block() {
    awk -v marker="<!-- ci: mcp_servers $1 -->" '
        $0 == marker { found = 1; next }
        found && /^```toml/ { inside = 1; next }
        inside && /^```/ { exit }
        inside { print }' README.md
}
drive() {
    "$java" -Djava.util.logging.manager=org.jboss.logmanager.LogManager -cp "$jar" \
        "$root/.ci/mcp_servers/PoolDriver.java" "$@" 2>"$work/driver.err" | sed 's/^/mcp_servers:   /'
    local rc=${PIPESTATUS[0]}
    [ "$rc" = 0 ] || { cat "$work/driver.err" >&2; return 1; }
}

# the mock model, for the exec runs below
. .ci/mock_model.sh
start_mock_model "$work/model.port" "$work/requests.jsonl" || fail "the mock model did not start"
# exec_through NAME WIRE PROMPT: `codex-quarkus exec PROMPT` in the working directory, with CODEX_HOME=$work/NAME
# whose config.toml is the README's example plus the mock model on WIRE; stdout to $work/NAME/out, stderr to .../err
exec_through() {
    local home=$work/$1
    {
        printf 'model = "mock-model"\nmodel_provider = "mock"\n'
        cat "$home/config.toml"
        printf '\n[model_providers.mock]\nname = "mock"\nbase_url = "http://127.0.0.1:%s/v1"\nwire_api = "%s"\n' \
            "$model_port" "$2"
    } >"$home/exec.toml"
    mkdir -p "$home/exec-home"
    cp "$home/exec.toml" "$home/exec-home/config.toml"
    CODEX_HOME=$home/exec-home NO_COLOR=1 timeout 120 "$root/deployment/codex-quarkus" exec --skip-git-repo-check "$3" \
        </dev/null >"$home/out" 2>"$home/err" || { cat "$home/err" >&2; return 1; }
}

# 2. stdio, as the README writes it: npx finds the pinned package installed in the working directory's node_modules.
mkdir -p "$work/stdio"
readme_block stdio >"$work/stdio/config.toml"
grep -q '^command = "npx"' "$work/stdio/config.toml" || fail "README: no stdio [mcp_servers] example found"
(cd "$prefix" && drive "$work/stdio" "$prefix" everything echo '{"message":"hi from the pool"}' \
    'Echo: hi from the pool' trigger-long-running-operation) || fail "stdio server-everything"
check "stdio: the README's [mcp_servers.everything] started, listed, called and stopped with no process left"
(cd "$prefix" && exec_through stdio responses \
    "Echo through the server. [mock: call mcp__everything echo message=hi-from-exec]") || fail "exec with the stdio server"
grep -q 'Echo: hi-from-exec' "$work/stdio/out" || fail "exec: the echo tool's output did not reach the model: $(cat "$work/stdio/out")"
grep -q 'tool everything.echo(' "$work/stdio/err" || fail "exec: no tool line for everything.echo on stderr"
left=$(pgrep -f 'server-everything' || true)
[ -z "$left" ] || fail "exec left server processes: $(ps -o pid=,args= -p "$(echo $left | tr ' ' ,)")"
check "exec (Responses): the model called mcp__everything.echo over stdio, read its output; no server process left"

# 3. Streamable HTTP, as the README writes it, on a free loopback port.
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
PORT=$port node "$pkg/dist/index.js" streamableHttp >"$work/http.log" 2>&1 &
http_pid=$!
for _ in $(seq 1 100); do
    grep -q "listening on port $port" "$work/http.log" && break
    kill -0 "$http_pid" 2>/dev/null || { cat "$work/http.log" >&2; fail "server-everything streamableHttp exited"; }
    sleep 0.1
done
grep -q "listening on port $port" "$work/http.log" || fail "server-everything streamableHttp did not listen in 10 s"
mkdir -p "$work/http"
readme_block http | sed "s#127.0.0.1:3001#127.0.0.1:$port#" >"$work/http/config.toml"
grep -q "^url = \"http://127.0.0.1:$port/mcp\"" "$work/http/config.toml" || fail "README: no HTTP [mcp_servers] example found"
EVERYTHING_TOKEN=ci-token drive "$work/http" "$work" everything-http get-sum '{"a":2,"b":3}' 'The sum of 2 and 3 is 5.' \
    echo || fail "Streamable HTTP server-everything"
grep -q "Received session termination request" "$work/http.log" || fail "the pool did not end its HTTP session on close"
check "Streamable HTTP: the README's [mcp_servers.everything-http] started, listed, called and its session ended"
ended=$(grep -c "Received session termination request" "$work/http.log")
EVERYTHING_TOKEN=ci-token exec_through http chat \
    "Add through the server. [mock: call mcp__everything_http get_sum a=2 b=3]" || fail "exec with the HTTP server"
grep -q 'The sum of 2 and 3 is 5.' "$work/http/out" || fail "exec: get-sum's output did not reach the model: $(cat "$work/http/out")"
grep -q 'tool everything-http.get-sum(' "$work/http/err" || fail "exec: no tool line for everything-http.get-sum on stderr"
[ "$(grep -c "Received session termination request" "$work/http.log")" -gt "$ended" ] \
    || fail "exec did not end its HTTP session"
check "exec (Chat Completions): the model called mcp__everything_http__get_sum over HTTP, read its output; session ended"
echo "mcp_servers: $passed passed"
