#!/usr/bin/env python3
"""Render a server log the way `docker compose logs` prints it.

usage: compose-logs.py plain SERVER_TEXT_LOG > compose.log
       compose-logs.py color SERVER_TEXT_LOG > compose-ansi.log
       compose-logs.py mixed SERVER_TEXT_LOG > compose-mixed.log

No Docker engine runs here; this mimics docker/compose v2
cmd/formatter/logs.go: every line is printed as
    fmt.Sprintf("%s %s\\n", prefix, line)
with prefix = colour(fmt.Sprintf("%-*s |", width, container)), width = longest
container name + 1, so with "server-1" alone the prefix is "server-1  |", and
with "caddy-1" next to it "caddy-1   |".  With colours on (a TTY, or
--ansi=always) the first container gets cyan "\\x1b[36m...\\x1b[0m", the
second yellow "\\x1b[33m...\\x1b[0m" (cmd/formatter/colors.go rainbow order).
A line with an embedded '\\n' (the "he said" message) arrives as two lines and
gets two prefixes; the 20 KB line stays one line (compose re-joins Docker's
16 KiB partial records).

mixed: after each tower_http on_response line of the server (except /health,
which the container health check calls directly), a Caddy 2.6-style JSON
access-log line is printed for `caddy-1`.  These Caddy lines are SYNTHETIC
(made here, not by a real Caddy): shape as in DESIGN.md "Caddy access logs"
(2.6.2: no client_ip, Authorization blanked to [], /api prefix that Caddy
strips before proxying, ts = end of request as float seconds, duration float
seconds, X-Request-Id in resp_headers).  Values are deterministic.
"""
import hashlib
import json
import re
import sys
import uuid
from datetime import datetime, timezone

SERVER, CADDY = 'server-1', 'caddy-1'
CYAN, YELLOW, RESET = '\x1b[36m', '\x1b[33m', '\x1b[0m'

LINE_RE = re.compile(
    r'^(?P<ts>\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?Z) +DEBUG '
    r'request\{method=(?P<method>\S+) uri=(?P<uri>\S+) version=(?P<version>\S+)'
    r'(?: request_id=(?P<rid>[0-9a-f-]+))?\}: tower_http::trace::on_response: '
    r'finished processing request latency=(?P<lat>\d+) ms status=(?P<status>\d+)$')


def prefix(name, width, colour):
    p = '%-*s |' % (width, name)
    return colour + p + RESET if colour else p


def epoch(ts):
    dt = datetime.strptime(ts[:19], '%Y-%m-%dT%H:%M:%S').replace(tzinfo=timezone.utc)
    frac = ts[20:-1] if '.' in ts else ''
    return int(dt.timestamp()) + (int(frac.ljust(9, '0')) / 1e9 if frac else 0.0)


def det(n, mod):
    return int(hashlib.sha256(str(n).encode()).hexdigest(), 16) % mod


def caddy_line(m, n):
    method, uri, status = m['method'], m['uri'], int(m['status'])
    rid = m['rid'] or str(uuid.UUID(bytes=hashlib.md5(b'req-%d' % n).digest(), version=4))
    client = '203.0.113.%d' % (7 + det(n, 3))
    headers = {
        'Accept-Encoding': ['gzip'],
        'Cf-Connecting-Ip': [client],
        'Cf-Ray': ['8%07x%08x-FRA' % (det(n, 1 << 28), det(n + 1, 1 << 32))],
        'User-Agent': ['Mozilla/5.0 (X11; Linux x86_64; rv:126.0) Gecko/20100101 Firefox/126.0'],
        'X-Forwarded-For': [client],
        'X-Forwarded-Proto': ['https'],
    }
    if not uri.startswith('/auth/login') and not uri.startswith('/auth/register'):
        headers['Authorization'] = []
    body = 0
    if method == 'POST':
        body = 40 + det(n, 300)
        headers['Content-Type'] = ['application/json']
        headers['Content-Length'] = [str(body)]
    size = 0 if status in (101, 204) else 20 + det(n + 7, 900)
    resp = {'Server': ['Caddy'], 'X-Request-Id': [rid]}
    if size:
        resp['Content-Type'] = ['application/json']
        resp['Content-Length'] = [str(size)]
    duration = int(m['lat']) / 1000 + (300_000 + det(n, 700_000)) / 1e9
    rec = {
        'level': 'info',
        'ts': round(epoch(m['ts']) + 0.000412 + det(n, 200) / 1e6, 7),
        'logger': 'http.log.access.log0',
        'msg': 'handled request',
        'request': {
            'remote_ip': '172.70.%d.%d' % (40 + det(n, 20), 1 + det(n + 3, 250)),
            'remote_port': str(30000 + det(n, 30000)),
            'proto': m['version'],
            'method': method,
            'host': 'chat.example.com',
            'uri': '/api' + uri,
            'headers': headers,
        },
        'bytes_read': body,
        'user_id': '',
        'duration': duration,
        'size': size,
        'status': status,
        'resp_headers': resp,
    }
    return json.dumps(rec, separators=(',', ':'), ensure_ascii=False)


def main():
    if len(sys.argv) != 3 or sys.argv[1] not in ('plain', 'color', 'mixed'):
        sys.exit(__doc__)
    mode, path = sys.argv[1], sys.argv[2]
    with open(path, encoding='utf-8') as f:
        lines = f.read().split('\n')
    if lines and lines[-1] == '':
        lines.pop()
    out = sys.stdout
    if mode == 'mixed':
        width = max(len(SERVER), len(CADDY)) + 1
        sp, cp = prefix(SERVER, width, ''), prefix(CADDY, width, '')
        n = 0
        for line in lines:
            out.write('%s %s\n' % (sp, line))
            m = LINE_RE.match(line)
            if m and not m['uri'].startswith('/health'):
                n += 1
                out.write('%s %s\n' % (cp, caddy_line(m, n)))
    else:
        sp = prefix(SERVER, len(SERVER) + 1, CYAN if mode == 'color' else '')
        for line in lines:
            out.write('%s %s\n' % (sp, line))


if __name__ == '__main__':
    main()
