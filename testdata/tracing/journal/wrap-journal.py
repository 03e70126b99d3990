#!/usr/bin/env python3
"""Wraps real tracing-subscriber output (../text, ../json) as journalctl
prints a unit's journal, for analyze's fixtures. journald does not run on
the machine that made them, so this follows systemd 252's journalctl(1)
and its output code (src/shared/logs-show.c):

  -o short (default)    Nov 29 23:09:13 HOST IDENT[PID]: MESSAGE
  -o short-precise      Nov 29 23:09:13.865944 HOST IDENT[PID]: MESSAGE
                        (strftime "%b %d %H:%M:%S" in journalctl's local
                        zone, no year; .%06u added; here C locale month
                        names: make-locales.sh makes de_DE's and fr_FR's)
  -o short-iso          2026-11-29T23:09:13+0000 HOST IDENT[PID]: MESSAGE
  -o short-iso-precise  2026-11-29T23:09:13.865944+0000 HOST IDENT[PID]: MESSAGE
  -o json               one object per entry: __CURSOR, __REALTIME_TIMESTAMP
                        (microseconds, a string), __MONOTONIC_TIMESTAMP,
                        _BOOT_ID, then the entry's fields, all strings; a
                        value that is not printable UTF-8 (ESC of an ANSI
                        colour, say) is an array of its byte values.

journald stamps each line when it reads it; here that is the event's own
time (the fmt line's timestamp), so the two agree. With fmt().without_time()
(MODE notime) the fmt line's timestamp is cut off, as that writer prints it,
and the journal's time is the only one.

tz=ZONE prints the short forms in that zone, as journalctl does on a
machine whose local zone it is (default UTC). at=RFC3339 moves every entry
by the same amount so the first is at that time (with notime only: the fmt
lines keep their own times otherwise): a journal that spans New Year.

Usage: wrap-journal.py short|short-precise|short-iso|short-iso-precise|json
                       [notime] [tz=ZONE] [at=RFC3339] FILE > out
"""
import datetime
import json
import re
import sys
import zoneinfo

HOST, IDENT, PID = "app-1", "filament-server", 4242
BOOT = "5e1f0c2a9b8d4e7f8a6b5c4d3e2f1a0b"
TS = re.compile(r"^(?:\x1b\[[0-9;]*m)?(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?Z)(?:\x1b\[0m)? ")
FIELD_TS = re.compile(r'"timestamp":"([^"]+)"')


def micros(rfc3339):
    t = datetime.datetime.strptime(rfc3339[:26].rstrip("Z"), "%Y-%m-%dT%H:%M:%S.%f")
    t = t.replace(tzinfo=datetime.timezone.utc)
    return int(t.timestamp()) * 1000000 + t.microsecond


def printable(s):
    return all(c in "\n\t" or (c >= " " and c != "\x7f") for c in s)


def main():
    mode, args = sys.argv[1], sys.argv[2:]
    notime = "notime" in args
    opt = dict(a.split("=", 1) for a in args[:-1] if "=" in a)
    zone = zoneinfo.ZoneInfo(opt.get("tz", "UTC"))
    shift = None
    path = args[-1]
    last = None
    seq = 0
    for line in open(path, encoding="utf-8"):
        line = line.rstrip("\n")
        m = TS.match(line) or FIELD_TS.search(line)
        if m:
            last = micros(m.group(1))
            if "at" in opt and shift is None:
                shift = micros(opt["at"]) - last
            last += shift or 0
        if notime and TS.match(line):
            line = line[TS.match(line).end():]  # " INFO ...", as without_time() prints it
        seq += 1
        when = datetime.datetime.fromtimestamp(last / 1e6, datetime.timezone.utc)
        if mode in ("short", "short-precise"):
            stamp = when.astimezone(zone).strftime("%b %d %H:%M:%S")
            if mode == "short-precise":
                stamp += ".%06d" % (last % 1000000)
            print("%s %s %s[%d]: %s" % (stamp, HOST, IDENT, PID, line))
            continue
        if mode.startswith("short-iso"):
            stamp = when.strftime("%Y-%m-%dT%H:%M:%S")
            if mode == "short-iso-precise":
                stamp += ".%06d" % (last % 1000000)
            print("%s+0000 %s %s[%d]: %s" % (stamp, HOST, IDENT, PID, line))
            continue
        entry = {
            "__CURSOR": "s=0b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e;i=%x;b=%s;m=%x;t=%x;x=%016x"
                        % (0x1000 + seq, BOOT, 1000000 + seq, last, seq),
            "__REALTIME_TIMESTAMP": str(last),
            "__MONOTONIC_TIMESTAMP": str(1000000 + seq),
            "_BOOT_ID": BOOT,
            "PRIORITY": "6",
            "SYSLOG_FACILITY": "3",
            "_UID": "998",
            "_GID": "998",
            "_HOSTNAME": HOST,
            "_TRANSPORT": "stdout",
            "SYSLOG_IDENTIFIER": IDENT,
            "_PID": str(PID),
            "_COMM": IDENT,
            "_SYSTEMD_UNIT": "filament.service",
            "MESSAGE": line if printable(line) else list(line.encode("utf-8")),
        }
        print(json.dumps(entry, separators=(",", ":"), ensure_ascii=False))


main()
