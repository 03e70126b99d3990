#!/usr/bin/env python3
"""Wrap a container's stdout the way Docker's json-file log driver stores it.

usage: wrap-json-file.py INPUT [STREAM] > OUTPUT      (STREAM: stdout|stderr)

No Docker engine runs here; this mimics moby's code path byte for byte:

* daemon/logger/copier.go: lines are cut at '\\n'; a line longer than the
  16 KiB copy buffer (defaultBufSize = 16*1024) is emitted as partial
  messages of exactly 16384 bytes, then the rest.  All pieces of one line share
  the first piece's timestamp.
* daemon/logger/jsonfilelog/jsonfilelog.go (marshalMessage): the `log` value
  gets a trailing '\\n' only for a complete line or the last piece of a split
  line; each record is followed by '\\n' in the file.
* jsonlog/jsonlogbytes.go (MarshalJSONBuf, ffjsonWriteJSONBytesAsString):
  key order log, stream, time; escapes '"' '\\\\' '\\n' '\\r' as two-char escapes,
  other bytes < 0x20 and '<' '>' '&' as \\u00XX, invalid UTF-8 bytes as
  \\ufffd (one per byte), U+2028/U+2029 as \\u2028/\\u2029; everything else
  raw UTF-8.
* jsonlog/time_marshalling.go: time is Go's RFC3339Nano in UTC (fraction with
  trailing zeros trimmed, no fraction at all when zero, 'Z').

Docker stamps the time when it reads the line.  Here it is derived
deterministically from the line's own leading RFC 3339 timestamp (JSON
"timestamp" field, or the text formatter's first token) plus a small fixed
pipe delay (96.4 us + 0..75 ns), kept strictly increasing; lines without a timestamp reuse the
previous one plus 1 us.
"""
import json
import re
import sys
from datetime import datetime, timezone

BUF_SIZE = 16 * 1024
PIPE_DELAY_NS = 96_400          # ~0.1 ms between the app's clock and dockerd's,
JITTER_NS = 25                  # + (line index % 4) * 25 ns, so some fractions end in 0s
TS_RE = re.compile(rb'(\d{4})-(\d\d)-(\d\d)T(\d\d):(\d\d):(\d\d)(?:\.(\d{1,9}))?(Z|[+-]\d\d:\d\d)')
ANSI_RE = re.compile(rb'\x1b\[[0-9;]*m')
HEX = "0123456789abcdef"


def epoch_ns(line):
    """Leading timestamp of a tracing line (JSON or text), in ns since epoch."""
    if line.startswith(b'{'):
        try:
            ts = json.loads(line.decode('utf-8'))['timestamp'].encode()
        except (ValueError, KeyError, TypeError, UnicodeDecodeError):
            return None
    else:
        ts = ANSI_RE.sub(b'', line).lstrip()
    m = TS_RE.match(ts)
    if not m:
        return None
    y, mo, d, h, mi, s = (int(x) for x in m.groups()[:6])
    frac = (m.group(7) or b'').decode()
    ns = int(frac.ljust(9, '0')) if frac else 0
    off = m.group(8).decode()
    secs = int(datetime(y, mo, d, h, mi, s, tzinfo=timezone.utc).timestamp())
    if off != 'Z':
        sign = 1 if off[0] == '+' else -1
        secs -= sign * (int(off[1:3]) * 3600 + int(off[4:6]) * 60)
    return secs * 1_000_000_000 + ns


def rfc3339nano(ns):
    secs, frac = divmod(ns, 1_000_000_000)
    base = datetime.fromtimestamp(secs, tz=timezone.utc).strftime('%Y-%m-%dT%H:%M:%S')
    if frac:
        base += '.' + ('%09d' % frac).rstrip('0')
    return base + 'Z'


def go_json_bytes(s):
    """Port of moby's ffjsonWriteJSONBytesAsString (returns str incl. quotes)."""
    out = ['"']
    i, n = 0, len(s)
    while i < n:
        b = s[i]
        if b < 0x80:
            if 0x20 <= b and b not in (0x5c, 0x22, 0x3c, 0x3e, 0x26):
                out.append(chr(b))
            elif b in (0x5c, 0x22):
                out.append('\\' + chr(b))
            elif b == 0x0a:
                out.append('\\n')
            elif b == 0x0d:
                out.append('\\r')
            else:
                out.append('\\u00' + HEX[b >> 4] + HEX[b & 0xF])
            i += 1
            continue
        # multi-byte: decode one rune the way utf8.DecodeRune does
        size = 2 if b >> 5 == 0b110 else 3 if b >> 4 == 0b1110 else 4 if b >> 3 == 0b11110 else 0
        ch = None
        if size and i + size <= n:
            try:
                ch = s[i:i + size].decode('utf-8')
            except UnicodeDecodeError:
                ch = None
        if ch is None:
            out.append('\\ufffd')
            i += 1
            continue
        if ch in ('\u2028', '\u2029'):
            out.append('\\u202' + HEX[ord(ch) & 0xF])
        else:
            out.append(ch)
        i += size
    out.append('"')
    return ''.join(out)


def record(log, stream, ns):
    return '{"log":%s,"stream":%s,"time":"%s"}\n' % (
        go_json_bytes(log), go_json_bytes(stream.encode()), rfc3339nano(ns))


def main():
    if len(sys.argv) not in (2, 3):
        sys.exit(__doc__)
    stream = sys.argv[2] if len(sys.argv) == 3 else 'stdout'
    with open(sys.argv[1], 'rb') as f:
        data = f.read()
    lines = data.split(b'\n')
    if lines and lines[-1] == b'':
        lines.pop()
    out = sys.stdout.buffer
    prev = None
    for idx, line in enumerate(lines):
        ns = epoch_ns(line)
        if ns is None:
            ns = prev + 1000 if prev is not None else 0
        else:
            ns += PIPE_DELAY_NS + (idx % 4) * JITTER_NS
        if prev is not None and ns <= prev:
            ns = prev + 1
        prev = ns
        if len(line) < BUF_SIZE:   # line + '\n' fits the 16 KiB buffer
            out.write(record(line + b'\n', stream, ns).encode('utf-8'))
            continue
        # copier.go: full buffer without newline -> partial message(s)
        pos = 0
        while len(line) - pos >= BUF_SIZE:
            out.write(record(line[pos:pos + BUF_SIZE], stream, ns).encode('utf-8'))
            pos += BUF_SIZE
        out.write(record(line[pos:] + b'\n', stream, ns).encode('utf-8'))


if __name__ == '__main__':
    main()
