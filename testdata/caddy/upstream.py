#!/usr/bin/env python3
"""Tiny stand-in for the app server behind Caddy (test-fixture generator only).

Python 3 stdlib only.  Usage: upstream.py PORT [REQUEST_LOG]

Behaviour (paths are what the upstream sees, i.e. after Caddy stripped /api):
  * every response carries `X-Request-Id`: the incoming X-Request-Id if the
    request had one (like tower-http's SetRequestId/PropagateRequestId), else
    a fresh uuid4;
  * GET  /health                              -> 200 "ok"
  * POST /auth/login                          -> 200 (+ Set-Cookie) for the first 2 calls, then 429
                                                 (one shared bucket: every request
                                                 comes from the proxy's address)
  * POST /auth/refresh                        -> 200
  * POST /voice/token, /voice/leave           -> every 3rd call: 408 after 1.2 s
  * POST /guilds/<ulid>/channels/<ulid>/messages
                                              -> every 3rd call: 408 after 1.2 s,
                                                 otherwise 201
  * GET  /guilds/<ulid>/channels/<ulid>/messages -> 200 (JSON list)
  * GET  /slow/...                            -> 200 after 1.5 s
  * GET  /hang/...                            -> sleeps 4 s (past Caddy's 3 s
                                                 response_header_timeout)
  * GET  /users/<n>                           -> 200, /users/0 -> 404
  * PUT/PATCH/DELETE /users/<n>               -> 200 / 200 / 204
  * GET  /files/<32 hex>                      -> 200 (octet-stream), DELETE -> 204
  * GET  /items/<uuid>                        -> 200; POST /items -> 201
  * GET  /boom                                -> 500
  * OPTIONS *                                 -> 204 with Allow
  * HEAD  (any GET route)                     -> same status, no body
  * anything else                             -> 404

If REQUEST_LOG is given, one JSON line per request is appended to it with what
the upstream saw (path after prefix stripping, X-Forwarded-For, request id,
start/end unix times) so fixture facts can be cross-checked.
"""
import json
import re
import sys
import threading
import time
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

ULID = r"[0-9A-HJKMNP-TV-Z]{26}"
RE_MESSAGES = re.compile(rf"^/guilds/{ULID}/channels/{ULID}/messages$")
RE_USER = re.compile(r"^/users/(\d+)$")
RE_FILE = re.compile(r"^/files/[0-9a-f]{32}$")
RE_ITEM = re.compile(r"^/items/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")

_lock = threading.Lock()
_counters = {}
_log_path = None


def bump(key):
    with _lock:
        _counters[key] = _counters.get(key, 0) + 1
        return _counters[key]


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    # Buffer the response and disable Nagle: otherwise headers and body leave
    # in two writes and every proxied request costs a ~40 ms delayed ACK.
    wbufsize = 1 << 16
    disable_nagle_algorithm = True

    def log_message(self, fmt, *args):  # keep stderr quiet
        pass

    def send_response(self, code, message=None):
        # like the stdlib's, minus the `Server:` header (the real app sends none)
        self.log_request(code)
        self.send_response_only(code, message)
        self.send_header("Date", self.date_time_string())

    # -- helpers ---------------------------------------------------------
    def _read_body(self):
        n = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(n) if n > 0 else b""

    def _send(self, status, body=b"", ctype="application/json", extra=None):
        rid = self.headers.get("X-Request-Id") or str(uuid.uuid4())
        if isinstance(body, str):
            body = body.encode()
        self.send_response(status)
        self.send_header("X-Request-Id", rid)
        if status != 204:
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(body)))
        for k, v in (extra or {}).items():
            self.send_header(k, v)
        self.end_headers()
        if self.command != "HEAD" and status != 204:
            try:
                self.wfile.write(body)
            except (BrokenPipeError, ConnectionResetError):
                pass
        self._record(status, rid)

    def _record(self, status, rid):
        if not _log_path:
            return
        rec = {
            "t_start": round(self._t0, 6),
            "t_end": round(time.time(), 6),
            "method": self.command,
            "path": self.path,
            "status": status,
            "x_request_id": rid,
            "x_forwarded_for": self.headers.get("X-Forwarded-For"),
            "cf_connecting_ip": self.headers.get("Cf-Connecting-Ip"),
            "peer": self.client_address[0],
        }
        with _lock, open(_log_path, "a", encoding="utf-8") as f:
            f.write(json.dumps(rec) + "\n")

    def _json(self, status, obj, **kw):
        self._send(status, json.dumps(obj), **kw)

    # -- routing ---------------------------------------------------------
    def _route(self):
        self._t0 = time.time()
        m = self.command
        path = self.path.split("?", 1)[0]
        if m in ("POST", "PUT", "PATCH"):
            self._read_body()

        if m == "OPTIONS":
            return self._send(204, extra={"Allow": "GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS"})
        if path == "/health" and m in ("GET", "HEAD"):
            return self._send(200, "ok", ctype="text/plain")
        if path == "/auth/login" and m == "POST":
            if bump("login") > 2:
                return self._json(429, {"error": "rate_limited"}, extra={"Retry-After": "60"})
            return self._json(200, {"access_token": "redacted", "expires_in": 900},
                              extra={"Set-Cookie": "refresh=rt-secret-cookie; Path=/api/auth; HttpOnly"})
        if path == "/auth/refresh" and m == "POST":
            return self._json(200, {"access_token": "redacted", "expires_in": 900})
        if path in ("/voice/token", "/voice/leave") and m == "POST":
            if bump(path) % 3 == 0:
                time.sleep(1.2)
                return self._json(408, {"error": "request_timeout"})
            return self._json(200, {"ok": True})
        if RE_MESSAGES.match(path):
            if m == "POST":
                if bump("messages") % 3 == 0:
                    time.sleep(1.2)
                    return self._json(408, {"error": "request_timeout"})
                return self._json(201, {"id": "01HZX3Q" + uuid.uuid4().hex[:19].upper()})
            if m in ("GET", "HEAD"):
                return self._json(200, [])
        if path.startswith("/slow/") and m in ("GET", "HEAD"):
            time.sleep(1.5)
            return self._json(200, {"slow": True})
        if path.startswith("/hang/"):
            time.sleep(4.0)
            return self._json(200, {"late": True})
        if path == "/boom":
            return self._json(500, {"error": "internal"})
        mu = RE_USER.match(path)
        if mu:
            if mu.group(1) == "0":
                return self._json(404, {"error": "not_found"})
            if m in ("GET", "HEAD", "PUT", "PATCH"):
                return self._json(200, {"id": int(mu.group(1)), "name": "user"})
            if m == "DELETE":
                return self._send(204)
        if RE_FILE.match(path):
            if m in ("GET", "HEAD"):
                return self._send(200, b"\x00" * 2048, ctype="application/octet-stream")
            if m == "DELETE":
                return self._send(204)
        if path == "/items" and m == "POST":
            return self._json(201, {"id": str(uuid.uuid4())})
        if RE_ITEM.match(path) and m in ("GET", "HEAD", "PUT", "PATCH"):
            return self._json(200, {"id": path.rsplit("/", 1)[1]})
        return self._json(404, {"error": "not_found"})

    do_GET = do_HEAD = do_POST = do_PUT = do_PATCH = do_DELETE = do_OPTIONS = _route


def main():
    global _log_path
    port = int(sys.argv[1])
    _log_path = sys.argv[2] if len(sys.argv) > 2 else None
    srv = ThreadingHTTPServer(("127.0.0.1", port), Handler)
    srv.daemon_threads = True
    try:
        srv.serve_forever()
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    main()
