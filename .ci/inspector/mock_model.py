#!/usr/bin/env python3
"""A tiny Responses-API model for .ci/inspector.sh: every POST /v1/responses gets one assistant message as SSE.

Binds 127.0.0.1 on a free port, writes the port to the file given as the first argument (so the caller never
races the bind), appends each request body as one JSON line to the file given as the second argument, and answers
with the text given as the third argument. Runs until it is killed.

A request whose body contains "[mock: hold N ms]" (say, in the prompt) is answered only after N milliseconds of
silence: no status line, no headers, nothing, like a model that thinks for a long time before its first byte.

A request whose body contains "[mock: shell N WORD...]" calls the shell tool with the words as argv (in the
session's working directory) until its input holds N function_call_outputs, then answers
"tool outputs: <JSON list of those outputs>" so the caller can see what the model was told.
"""

import json
import os
import re
import sys
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

PORT_FILE, REQUEST_LOG, ANSWER = sys.argv[1], sys.argv[2], sys.argv[3]
HOLD = re.compile(rb"\[mock: hold (\d+) ms\]")
SHELL = re.compile(r"\[mock: shell (\d+) ([^\]]+)\]")


def sse(events):
    out = []
    for event in events:
        out.append("event: %s\ndata: %s\n\n" % (event["type"], json.dumps(event, separators=(",", ":"))))
    return "".join(out).encode("utf-8")


def shell_call_body(response_id, call_id, argv):
    item = {
        "type": "function_call",
        "id": "fc_" + response_id,
        "status": "completed",
        "call_id": call_id,
        "name": "shell",
        "arguments": json.dumps({"command": argv, "timeout_ms": 10000}),
    }
    return sse([
        {"type": "response.created", "response": {"id": response_id, "status": "in_progress"}},
        {"type": "response.output_item.done", "output_index": 0, "item": item},
        {"type": "response.completed", "response": {"id": response_id, "status": "completed"}},
    ])


def tool_outputs(request):
    outputs = []
    for item in request.get("input") or []:
        if isinstance(item, dict) and item.get("type") == "function_call_output":
            output = item.get("output")
            outputs.append(output if isinstance(output, str) else json.dumps(output))
    return outputs


def answer_body(response_id, text=ANSWER):
    usage = {
        "input_tokens": 10,
        "input_tokens_details": {"cached_tokens": 0},
        "output_tokens": 5,
        "output_tokens_details": {"reasoning_tokens": 0},
        "total_tokens": 15,
    }
    message = {
        "type": "message",
        "id": "msg_1",
        "status": "completed",
        "role": "assistant",
        "content": [{"type": "output_text", "text": text, "annotations": []}],
    }
    return sse([
        {"type": "response.created", "response": {"id": response_id, "status": "in_progress"}},
        {"type": "response.output_text.delta", "item_id": "msg_1", "output_index": 0, "content_index": 0,
         "delta": text},
        {"type": "response.output_item.done", "output_index": 0, "item": message},
        {"type": "response.completed", "response": {"id": response_id, "status": "completed", "usage": usage}},
    ])


class Handler(BaseHTTPRequestHandler):
    count = 0

    def do_POST(self):
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length)
        if self.path != "/v1/responses":
            self.send_error(404, "only /v1/responses is served")
            return
        with open(REQUEST_LOG, "ab") as log:
            log.write(json.dumps(json.loads(body), separators=(",", ":")).encode("utf-8") + b"\n")
        Handler.count += 1
        hold = HOLD.search(body)
        if hold:
            time.sleep(int(hold.group(1)) / 1000.0)
        response_id = "resp_%d" % Handler.count
        request = json.loads(body)
        shell = SHELL.search(json.dumps(request.get("input")))
        if shell:
            outputs = tool_outputs(request)
            if len(outputs) < int(shell.group(1)):
                payload = shell_call_body(response_id, "call_%d" % (len(outputs) + 1), shell.group(2).split())
            else:
                payload = answer_body(response_id, "tool outputs: " + json.dumps(outputs))
        else:
            payload = answer_body(response_id)
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def log_message(self, fmt, *args):
        sys.stderr.write("mock model: " + (fmt % args) + "\n")


def main():
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    with open(PORT_FILE + ".tmp", "w") as f:
        f.write(str(server.server_address[1]))
    os.replace(PORT_FILE + ".tmp", PORT_FILE)
    server.serve_forever()


if __name__ == "__main__":
    main()
