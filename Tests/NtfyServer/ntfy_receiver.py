#!/usr/bin/env python3
"""A receiver for ntfy's publish API, for Gatehouse's tests (no ntfy server is packaged in Debian
or on PyPI). It implements what ntfy documents for publishing (https://docs.ntfy.sh/publish/):
POST or PUT to /TOPIC with the message as the body and the Title, Priority, Tags, Click and
Actions headers (or their X- and short forms), RFC 2047 encoded words in headers, and bearer-token
access control; and polling a topic with GET /TOPIC/json?poll=1 (one JSON object per line).
Every accepted message is also appended to --store as one JSON line, with the Authorization
header it came with, so a test can check exactly what arrived.

Usage: ntfy_receiver.py --ready FILE --store FILE [--token TOKEN]
The port it listens on (127.0.0.1, chosen by the system) is written to --ready once it listens.
"""
import argparse
import email.header
import json
import os
import re
import time
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

TOPIC = re.compile(r"^/([-_A-Za-z0-9]{1,64})$")
POLL = re.compile(r"^/([-_A-Za-z0-9]{1,64})/json$")
PRIORITIES = {"min": 1, "low": 2, "default": 3, "high": 4, "max": 5, "urgent": 5}


def decoded(value):
    """A header value with RFC 2047 encoded words decoded, as ntfy reads them."""
    if value is None:
        return None
    parts = email.header.decode_header(value)
    return "".join(p.decode(c or "utf-8") if isinstance(p, bytes) else p for p, c in parts)


def header(headers, *names):
    for name in names:
        if headers.get(name) is not None:
            return decoded(headers.get(name))
    return None


class Handler(BaseHTTPRequestHandler):
    server_version = "ntfy-test-receiver/1"

    def log_message(self, fmt, *args):
        pass

    def answer(self, status, body):
        data = body.encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def authorised(self):
        token = self.server.token
        if token is None:
            return True
        return self.headers.get("Authorization") == "Bearer " + token

    def publish(self):
        match = TOPIC.match(self.path.split("?")[0])
        if not match:
            return self.answer(404, json.dumps({"code": 40401, "http": 404, "error": "page not found"}))
        if not self.authorised():
            return self.answer(403, json.dumps({"code": 40301, "http": 403, "error": "forbidden"}))
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length).decode("utf-8", "replace")
        priority = header(self.headers, "X-Priority", "Priority", "prio", "p") or "default"
        message = {
            "id": os.urandom(6).hex(),
            "time": int(time.time()),
            "event": "message",
            "topic": match.group(1),
            "message": body,
            "title": header(self.headers, "X-Title", "Title", "t"),
            "priority": PRIORITIES.get(priority.lower(), int(priority) if priority.isdigit() else 3),
            "tags": [t.strip() for t in (header(self.headers, "X-Tags", "Tags", "ta") or "").split(",") if t.strip()],
            "click": header(self.headers, "X-Click", "Click"),
            "actions": header(self.headers, "X-Actions", "Actions"),
            "authorization": self.headers.get("Authorization"),
            "received_at": time.time(),
        }
        with self.server.lock:
            self.server.messages.append(message)
            with open(self.server.store, "a", encoding="utf-8") as out:
                out.write(json.dumps(message) + "\n")
        self.answer(200, json.dumps({k: v for k, v in message.items() if k not in ("authorization", "received_at")}))

    do_POST = publish
    do_PUT = publish

    def do_GET(self):
        match = POLL.match(self.path.split("?")[0])
        if not match:
            return self.answer(404, json.dumps({"code": 40401, "http": 404, "error": "page not found"}))
        if not self.authorised():
            return self.answer(403, json.dumps({"code": 40301, "http": 403, "error": "forbidden"}))
        with self.server.lock:
            lines = [json.dumps({k: v for k, v in m.items() if k not in ("authorization", "received_at")})
                     for m in self.server.messages if m["topic"] == match.group(1)]
        self.answer(200, "".join(line + "\n" for line in lines))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--ready", required=True)
    parser.add_argument("--store", required=True)
    parser.add_argument("--token")
    args = parser.parse_args()
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.token = args.token
    server.store = args.store
    server.messages = []
    server.lock = threading.Lock()
    with open(args.ready + ".tmp", "w") as ready:
        ready.write(str(server.server_address[1]))
    os.rename(args.ready + ".tmp", args.ready)
    server.serve_forever()


if __name__ == "__main__":
    main()
