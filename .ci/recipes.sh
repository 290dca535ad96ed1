#!/usr/bin/env bash
# Runs the README's recipes once, as written there, against the mock model (.ci/mock_model.sh, both wire APIs):
# API key, ChatGPT login (up to the printed URL), a custom provider with query params and headers, a local model
# (--oss and an [model_providers.ollama] entry), the MCP client JSON blocks (started as a client would start them),
# and the troubleshooting commands. HOME is a temporary directory, so ~/.codex is too. Needs the runner jar, python3,
# a JDK 25.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
work=$(mktemp -d)
model_pid=
cleanup() {
    [ -z "$model_pid" ] || kill "$model_pid" 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT
passed=0
fail() {
    echo "recipes: FAIL: $*" >&2
    exit 1
}
ok() {
    passed=$((passed + 1))
    echo "recipes: ok: $*"
}

export HOME=$work/home
unset CODEX_HOME OPENAI_API_KEY OPENAI_BASE_URL CODEX_OSS_BASE_URL CODEX_OSS_PORT
mkdir -p "$HOME/bin" "$work/repo"
ln -s "$root/deployment/codex-quarkus" "$HOME/bin/codex-quarkus"
export PATH=$HOME/bin:$PATH
export NO_COLOR=1
cd "$work/repo"

. "$root/.ci/mock_model.sh"
start_mock_model "$work/port" "$work/requests.jsonl" "recipe ok ({wire})" || fail "the mock model did not start"
base=http://127.0.0.1:$model_port/v1
# the last request as one JSON line, spaced as the checks below spell it, header names in lower case
last_request() {
    tail -n 1 "$work/requests.jsonl" | python3 -c 'import json, sys
r = json.load(sys.stdin)
r["headers"] = {k.lower(): v for k, v in r["headers"].items()}
print(json.dumps(r))'
}

# --- OpenAI API key (OPENAI_BASE_URL points the built-in provider at the mock) ---
out=$(OPENAI_BASE_URL=$base OPENAI_API_KEY=sk-recipe-env codex-quarkus exec --skip-git-repo-check "hi" 2>/dev/null)
[ "$out" = "recipe ok (responses)" ] || fail "API key from the environment: $out"
last_request | grep -q '"authorization": "Bearer sk-recipe-env"' || fail "OPENAI_API_KEY was not sent"
ok "exec with OPENAI_API_KEY"
printf 'sk-recipe-stored\n' | codex-quarkus login --with-api-key >/dev/null 2>&1 || fail "login --with-api-key"
codex-quarkus login status >/dev/null 2>&1 || fail "login status after --with-api-key"
[ -f "$HOME/.codex/auth.json" ] || fail "auth.json is not in ~/.codex"
out=$(OPENAI_BASE_URL=$base codex-quarkus exec --skip-git-repo-check "hi" 2>/dev/null)
last_request | grep -q '"authorization": "Bearer sk-recipe-stored"' || fail "the stored key was not sent"
ok "login --with-api-key, login status, exec with the stored key (~/.codex/auth.json)"
codex-quarkus logout >/dev/null 2>&1
if codex-quarkus login status >/dev/null 2>&1; then fail "still logged in after logout"; fi
ok "logout"

# --- ChatGPT login: prints the sign-in URL and waits for the browser's callback on 127.0.0.1:1455 ---
(BROWSER=true timeout 8 codex-quarkus login >"$work/login.out" 2>&1 || true)
grep -q 'https://auth.openai.com/oauth/authorize?' "$work/login.out" || fail "ChatGPT login printed no URL: $(cat "$work/login.out")"
ok "login (ChatGPT) prints the sign-in URL and waits"

# --- a custom provider: the README's block, base_url moved to the mock ---
mkdir -p "$HOME/.codex"
cat >"$HOME/.codex/config.toml" <<TOML
model = "my-model"
model_provider = "gateway"

[model_providers.gateway]
name = "Team gateway"
base_url = "$base"
env_key = "GATEWAY_API_KEY"
wire_api = "chat"
query_params = { api-version = "2025-04-01-preview" }
http_headers = { "X-Team" = "platform" }
env_http_headers = { "X-Request-Source" = "GATEWAY_SOURCE" }
TOML
out=$(GATEWAY_API_KEY=gw-secret GATEWAY_SOURCE=recipes codex-quarkus exec --skip-git-repo-check "hi" 2>/dev/null)
[ "$out" = "recipe ok (chat)" ] || fail "custom provider: $out"
req=$(last_request)
for want in '"path": "/v1/chat/completions?api-version=2025-04-01-preview"' '"authorization": "Bearer gw-secret"' \
    '"x-team": "platform"' '"x-request-source": "recipes"' '"model": "my-model"'; do
    printf '%s' "$req" | grep -q "$want" || fail "custom provider request lacks $want: $req"
done
ok "custom provider (chat wire API, env_key, query_params, http_headers, env_http_headers)"
sed -i 's/wire_api = "chat"/wire_api = "responses"/' "$HOME/.codex/config.toml"
out=$(GATEWAY_API_KEY=gw-secret codex-quarkus exec --skip-git-repo-check "hi" 2>/dev/null)
last_request | grep -q '"path": "/v1/responses?api-version=2025-04-01-preview"' || fail "responses wire API path"
ok "custom provider (responses wire API)"

# --- a local model: --oss (Ollama's OpenAI-compatible endpoint), moved to the mock with CODEX_OSS_BASE_URL ---
rm "$HOME/.codex/config.toml"
out=$(CODEX_OSS_BASE_URL=$base codex-quarkus exec --oss --skip-git-repo-check "hi" 2>/dev/null)
[ "$out" = "recipe ok (chat)" ] || fail "--oss: $out"
last_request | grep -q '"model": "gpt-oss:20b"' || fail "--oss model"
ok "exec --oss"
cat >"$HOME/.codex/config.toml" <<TOML
model = "qwen2.5-coder:7b"
model_provider = "ollama"

[model_providers.ollama]
name = "Ollama"
base_url = "$base"
wire_api = "chat"
TOML
out=$(codex-quarkus exec --skip-git-repo-check "hi" 2>/dev/null)
[ "$out" = "recipe ok (chat)" ] || fail "ollama provider: $out"
last_request | grep -q '"model": "qwen2.5-coder:7b"' || fail "ollama model"
ok "[model_providers.ollama] without a key"

# --- MCP clients: each JSON block started as the client starts it (initialize, tools/list) ---
launcher=$HOME/bin/codex-quarkus
cat >"$work/generic.json" <<JSON
{ "mcpServers": { "codex": { "command": "codex-quarkus", "args": ["mcp"] } } }
JSON
cat >"$work/absolute.json" <<JSON
{ "mcpServers": { "codex": { "command": "$launcher", "args": ["mcp"], "env": { "CODEX_HOME": "$HOME/.codex" } } } }
JSON
cat >"$work/vscode.json" <<JSON
{ "servers": { "codex": { "type": "stdio", "command": "codex-quarkus", "args": ["mcp"] } } }
JSON
python3 "$root/.ci/recipes/mcp_client.py" "$work/generic.json" mcpServers.codex || fail "generic mcpServers block"
(PATH=/usr/bin:/bin python3 "$root/.ci/recipes/mcp_client.py" "$work/absolute.json" mcpServers.codex) ||
    fail "absolute launcher path, codex-quarkus not on PATH"
python3 "$root/.ci/recipes/mcp_client.py" "$work/vscode.json" servers.codex || fail "VS Code block"
ok "MCP client blocks: mcpServers (Claude Code / Cursor / generic), absolute path off PATH, VS Code servers"

# --- troubleshooting ---
codex-quarkus sandbox doctor >"$work/doctor.out" 2>&1 || [ $? -eq 4 ] || fail "sandbox doctor"
grep -qi 'landlock' "$work/doctor.out" || fail "sandbox doctor says nothing about Landlock"
codex-quarkus config show | grep -q 'model = "qwen2.5-coder:7b"' || fail "config show"
codex-quarkus config show --json | python3 -c 'import json,sys; assert json.load(sys.stdin)["_sources"]["model"]' ||
    fail "config show --json sources"
[ -s "$HOME/.codex/log/codex-quarkus.log" ] || fail "no log file at ~/.codex/log/codex-quarkus.log"
grep -q 'codex-quarkus mcp .* started' "$HOME/.codex/log/codex-quarkus.log" || fail "the log file lacks the mcp start"
if grep -q 'gw-secret\|sk-recipe' "$HOME/.codex/log/codex-quarkus.log"; then fail "a secret is in the log file"; fi
if CODEX_DEBUG=1 codex-quarkus -c model_provider=nowhere exec --skip-git-repo-check hi >/dev/null 2>"$work/debug.err"; then
    fail "an unknown provider succeeded"
fi
grep -q '^error: ' "$work/debug.err" && grep -q '	at io.codexquarkus' "$work/debug.err" ||
    fail "CODEX_DEBUG=1 printed no stack trace: $(cat "$work/debug.err")"
ok "sandbox doctor, config show, the log file (no secrets), CODEX_DEBUG=1"
codex-quarkus completion bash | grep -q 'complete -F' || fail "completion bash"
ok "completion bash"

echo "recipes: $passed passed"
