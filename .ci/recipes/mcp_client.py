#!/usr/bin/env python3
"""Starts an MCP server exactly as a client's JSON configuration describes it (argv[1]: the JSON file, argv[2]: the
dotted path to the server entry, e.g. mcpServers.codex) and checks initialize and tools/list over stdio."""

import json
import os
import subprocess
import sys

entry = json.load(open(sys.argv[1]))
for key in sys.argv[2].split("."):
    entry = entry[key]
env = dict(os.environ, **entry.get("env", {}))
proc = subprocess.Popen([entry["command"], *entry.get("args", [])], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                        env=env, text=True)
messages = [
    {"jsonrpc": "2.0", "id": 1, "method": "initialize",
     "params": {"protocolVersion": "2025-06-18", "capabilities": {}, "clientInfo": {"name": "recipes", "version": "1"}}},
    {"jsonrpc": "2.0", "method": "notifications/initialized"},
    {"jsonrpc": "2.0", "id": 2, "method": "tools/list"},
]
for m in messages:
    proc.stdin.write(json.dumps(m) + "\n")
proc.stdin.flush()
answers = {}
while len(answers) < 2:
    line = proc.stdout.readline()
    if not line:
        break
    msg = json.loads(line)
    if "id" in msg:
        answers[msg["id"]] = msg
proc.stdin.close()
proc.wait(timeout=20)
names = sorted(t["name"] for t in answers[2]["result"]["tools"])
assert answers[1]["result"]["serverInfo"], answers
assert names == ["codex", "codex-reply"], names
print("%s: initialize ok, tools %s" % (sys.argv[2], ", ".join(names)))
