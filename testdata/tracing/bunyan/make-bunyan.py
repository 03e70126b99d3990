#!/usr/bin/env python3
"""Writes bunyan.log: the events of ../json/nested.log (real tracing output)
as tracing-bunyan-formatter 0.3 (src/formatting_layer.rs) writes them, which
Debian does not package. Per event, in this order: v (0), name (the app),
msg ("[SPAN - EVENT] message" inside a span, span name upper-cased; the
target when there is no message), level (10 trace .. 50 error), hostname,
pid, time (RFC 3339, UTC), target, line, file (from ../json/nospan.log, the
same events with with_file/with_line_number), then the event's fields but
message, then the current span's fields (JsonStorageLayer copies a parent
span's fields into its children, so the leaf holds them all). The records
the layer writes when a span opens and closes ("[REQUEST - START]",
"[REQUEST - END]" with elapsed_milliseconds) come around the first request.
Run from this folder."""
import json

LEVELS = {"TRACE": 10, "DEBUG": 20, "INFO": 30, "WARN": 40, "ERROR": 50}


def core(msg, level, time, target, line, file):
    return {"v": 0, "name": "filament-server", "msg": msg, "level": LEVELS[level],
            "hostname": "app-1", "pid": 4242, "time": time, "target": target,
            "line": line, "file": file}


nested = [json.loads(l) for l in open("../json/nested.log", encoding="utf-8")]
nospan = [json.loads(l) for l in open("../json/nospan.log", encoding="utf-8")]
out = []
opened = closed = False
for ev, src in zip(nested, nospan):
    fields = dict(ev.get("fields", {}))
    message = fields.pop("message", None)
    spans = ev.get("spans", [])
    span_fields = {}
    for s in spans:  # root to leaf: the leaf's storage holds its parents'
        span_fields.update({k: v for k, v in s.items() if k != "name"})
    msg = message if isinstance(message, str) else ev["target"]
    if spans:
        msg = "[%s - EVENT] %s" % (spans[-1]["name"].upper(), msg)
    if spans and spans[0]["name"] == "request" and not opened:
        start = core("[REQUEST - START]", "INFO", ev["timestamp"], "filament_server::server", 88,
                     "src/main.rs")
        start.update({k: v for k, v in spans[0].items() if k != "name"})
        out.append(start)
        opened, first_request = True, spans[0]
    rec = core(msg, ev["level"], ev["timestamp"], ev["target"], src.get("line_number"),
               src.get("filename"))
    rec.update(fields)
    rec.update(span_fields)
    out.append(rec)
    if opened and not closed and not spans:
        end = core("[REQUEST - END]", "INFO", ev["timestamp"], "filament_server::server", 88,
                   "src/main.rs")
        end.update({k: v for k, v in first_request.items() if k != "name"})
        end["elapsed_milliseconds"] = 1
        out.append(end)
        closed = True
with open("bunyan.log", "w", encoding="utf-8") as f:
    for rec in out:
        f.write(json.dumps(rec, separators=(",", ":"), ensure_ascii=False) + "\n")
