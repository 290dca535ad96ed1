#!/usr/bin/env python3
"""A loopback model for .ci/recipes.sh that speaks both wire APIs: POST .../responses answers Responses-API SSE,
POST .../chat/completions answers Chat-Completions SSE. Each request is appended to the log file (argv[2]) as one JSON
line with its path (query string included) and headers, so the recipes can check what a provider config sends.
The port is written to argv[1] once bound. Runs until killed."""

import json
import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

PORT_FILE, LOG = sys.argv[1], sys.argv[2]


def sse(events):
    return "".join("event: %s\ndata: %s\n\n" % (e["type"], json.dumps(e)) for e in events).encode()


def responses(text):
    message = {"type": "message", "id": "msg_1", "role": "assistant", "status": "completed",
               "content": [{"type": "output_text", "text": text, "annotations": []}]}
    usage = {"input_tokens": 1, "input_tokens_details": {"cached_tokens": 0}, "output_tokens": 1,
             "output_tokens_details": {"reasoning_tokens": 0}, "total_tokens": 2}
    return sse([
        {"type": "response.created", "response": {"id": "resp_1"}},
        {"type": "response.output_item.done", "item": message},
        {"type": "response.completed", "response": {"id": "resp_1", "usage": usage}},
    ])


def chat(text):
    chunks = [
        {"id": "c1", "object": "chat.completion.chunk", "choices": [{"index": 0, "delta": {"role": "assistant", "content": text}}]},
        {"id": "c1", "object": "chat.completion.chunk", "choices": [{"index": 0, "delta": {}, "finish_reason": "stop"}]},
    ]
    return ("".join("data: %s\n\n" % json.dumps(c) for c in chunks) + "data: [DONE]\n\n").encode()


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        with open(LOG, "a") as log:
            log.write(json.dumps({"path": self.path, "headers": dict(self.headers),
                                  "body": json.loads(body or b"{}")}) + "\n")
        route = self.path.split("?")[0]
        if route.endswith("/chat/completions"):
            payload = chat("recipe ok (chat)")
        elif route.endswith("/responses"):
            payload = responses("recipe ok (responses)")
        else:
            self.send_response(404)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def log_message(self, *args):
        pass


server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
with open(PORT_FILE, "w") as f:
    f.write(str(server.server_address[1]))
server.serve_forever()
