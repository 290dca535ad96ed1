#!/usr/bin/env python3
"""A tiny Responses-API model for .ci/inspector.sh: every POST /v1/responses gets one assistant message as SSE.

Binds 127.0.0.1 on a free port, writes the port to the file given as the first argument (so the caller never
races the bind), appends each request body as one JSON line to the file given as the second argument, and answers
with the text given as the third argument. Runs until it is killed.

A request whose body contains "[mock: hold N ms]" (say, in the prompt) is answered only after N milliseconds of
silence: no status line, no headers, nothing, like a model that thinks for a long time before its first byte.
"""

import json
import os
import re
import sys
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

PORT_FILE, REQUEST_LOG, ANSWER = sys.argv[1], sys.argv[2], sys.argv[3]
HOLD = re.compile(rb"\[mock: hold (\d+) ms\]")


def sse(events):
    out = []
    for event in events:
        out.append("event: %s\ndata: %s\n\n" % (event["type"], json.dumps(event, separators=(",", ":"))))
    return "".join(out).encode("utf-8")


def answer_body(response_id):
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
        "content": [{"type": "output_text", "text": ANSWER, "annotations": []}],
    }
    return sse([
        {"type": "response.created", "response": {"id": response_id, "status": "in_progress"}},
        {"type": "response.output_text.delta", "item_id": "msg_1", "output_index": 0, "content_index": 0,
         "delta": ANSWER},
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
        payload = answer_body("resp_%d" % Handler.count)
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
