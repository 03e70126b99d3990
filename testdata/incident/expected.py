#!/usr/bin/env python3
"""Computes the expected findings of the bundled incident from inputs/ alone.

Writes expected/facts.json (machine-readable) and the part of README.md
between the EXPECTED markers, so both stay true whenever make.sh is re-run.
Also checks that the run came out as designed (exit 1 otherwise).

    python3 expected.py [--client-log FILE]   # the driver's view, only for checks
    python3 expected.py --scenario burst|wedges --client-log F --private-log F --holder-log F
        # the second and third recordings, with the recorder's private records
        # (expected_burst.py, expected_wedges.py add their own findings)

Definitions used below (the tool may use its own, the numbers are stated so a
test can recompute them):
  * Caddy request: start = ts - duration, end = ts (Caddy 2.6.2 writes ts at the
    end of the request).  Route template: the URI path with /api stripped and
    every ULID / UUID / numeric segment replaced by {id}.
  * Server request: the events of one `request` span instance; joined to a Caddy
    request on request_id (from resp_headers X-Request-Id) when the span carries
    it, else on method + path (Caddy's path minus /api) + time (the server's
    on_request inside Caddy's [start, end]).
  * Write time: the ULID's first 10 characters (ms); created_at_unix is the same
    reading in whole seconds.
"""
import bisect
import collections
import datetime as dt
import glob
import gzip
import json
import os
import re
import statistics
import sys

HERE = os.path.dirname(os.path.abspath(__file__))


def arg(name, default=None):
    return sys.argv[sys.argv.index(name) + 1] if name in sys.argv else default


SCENARIO = arg("--scenario", "main")  # main: inputs/, expected/; burst|wedges: SCENARIO/inputs/, SCENARIO/expected/
if SCENARIO not in ("main", "burst", "wedges"):
    sys.exit("expected.py: unknown --scenario " + SCENARIO)
BASE = HERE if SCENARIO == "main" else os.path.join(HERE, SCENARIO)
INP = os.path.join(BASE, "inputs")
if SCENARIO != "main" and "--private-log" not in sys.argv:
    sys.exit("expected.py --scenario %s needs --private-log (and --client-log, --holder-log)" % SCENARIO)
CROCK = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
ULID_RE = re.compile(r"^[0-9A-HJKMNP-TV-Z]{26}$")
UUID_RE = re.compile(r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")
TIMEOUT_BUDGET_MS = 10000  # server --timeout-ms
LOGIN_LIMIT, LOGIN_WINDOW_S = 5, 10  # server --login-limit / --login-window-ms
JOIN_LIMIT, JOIN_WINDOW_S = 3, 10
CLUSTER_GAP_S = 60

problems = []


def replace_section(begin, end, md):
    """rewrite the part of README.md between two markers (appended if absent)"""
    readme = os.path.join(HERE, "README.md")
    text = open(readme, encoding="utf-8").read() if os.path.exists(readme) else "# Bundled incident\n\n## Expected findings\n\n%s\n%s\n" % (begin, end)
    if begin not in text:
        text += "\n%s\n%s\n" % (begin, end)
    pre, rest = text.split(begin, 1)
    post = rest.split(end, 1)[1]
    with open(readme, "w", encoding="utf-8") as f:
        f.write(pre + begin + "\n" + "\n".join(md) + "\n" + end + post)


def check(cond, msg):
    if not cond:
        problems.append(msg)


def iso(t):
    """epoch seconds (float) -> RFC 3339 UTC with milliseconds"""
    us = round(t * 1e6)
    d = dt.datetime.fromtimestamp(us // 1_000_000, dt.timezone.utc)
    return d.strftime("%Y-%m-%dT%H:%M:%S") + ".%03dZ" % ((us % 1_000_000) // 1000)


def parse_rfc3339(s):
    m = re.match(r"(\d{4})-(\d\d)-(\d\d)T(\d\d):(\d\d):(\d\d)(\.\d+)?Z$", s)
    y, mo, d, h, mi, se = (int(x) for x in m.groups()[:6])
    frac = float(m.group(7) or 0)
    return dt.datetime(y, mo, d, h, mi, se, tzinfo=dt.timezone.utc).timestamp() + frac


def ulid_ms(u):
    v = 0
    for c in u[:10]:
        v = v * 32 + CROCK.index(c)
    return v


def template(path):
    if path.startswith("/api/"):
        path = path[4:]
    segs = ["{id}" if ULID_RE.match(s) or UUID_RE.match(s) or s.isdigit() else s for s in path.split("/")]
    return "/".join(segs)


def pct_nearest_rank(xs, p):
    xs = sorted(xs)
    k = max(1, -(-len(xs) * p // 100))  # ceil
    return xs[int(k) - 1]


def ms(x):
    return round(x * 1000, 3)


# ---------------------------------------------------------------- Caddy
def caddy_files():
    out = []
    for p in sorted(glob.glob(os.path.join(INP, "caddy", "access.log*")), reverse=True):
        # access.log.1.gz (older) first, then the live access.log
        out.append(p)
    return sorted(out, key=lambda p: (0 if p.endswith(".gz") else 1, p))


requests = []
for path in caddy_files():
    rel = os.path.relpath(path, HERE)
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rt", encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            e = json.loads(line)
            r = e["request"]
            uri = r["uri"]
            p = uri.split("?")[0]
            rid = (e.get("resp_headers", {}).get("X-Request-Id") or [""])[0]
            requests.append({
                "source": rel, "line": n, "ts": e["ts"], "duration": e["duration"],
                "start": e["ts"] - e["duration"], "end": e["ts"], "status": e["status"],
                "method": r["method"], "uri": uri, "path": p,
                "server_path": p[4:] if p.startswith("/api/") else p,
                "route": template(p), "client": (r["headers"].get("Cf-Connecting-Ip") or [""])[0],
                "remote_ip": r["remote_ip"], "request_id": rid,
            })
requests.sort(key=lambda r: r["start"])
caddy_errors = []
with open(os.path.join(INP, "caddy", "caddy.log"), encoding="utf-8") as f:
    for n, line in enumerate(f, 1):
        e = json.loads(line)
        if e.get("logger", "").startswith("http.log.error"):
            caddy_errors.append({"line": n, "ts": e["ts"], "status": e.get("status"), "msg": e.get("msg"),
                                 "uri": e["request"]["uri"], "method": e["request"]["method"]})

# ---------------------------------------------------------------- server
events = []
with open(os.path.join(INP, "server", "server.log"), encoding="utf-8") as f:
    for n, line in enumerate(f, 1):
        e = json.loads(line)
        e["_line"] = n
        e["_t"] = parse_rfc3339(e["timestamp"])
        req = [s for s in e.get("spans", []) if s.get("name") == "request"]
        e["_req"] = req[0] if req else None
        events.append(e)


def num(v):
    return int(v) if isinstance(v, str) and v.isdigit() else v


# server requests: on_request opens, on_response closes
srv = []
open_by_key = collections.defaultdict(list)
for e in events:
    s = e["_req"]
    if s is None:
        continue
    key = s.get("request_id") or (s["method"], s["uri"])
    if e["target"] == "tower_http::trace::on_request":
        sr = {"key": key, "method": s["method"], "uri": s["uri"], "path": s["uri"].split("?")[0],
              "request_id": s.get("request_id"), "t_start": e["_t"], "t_end": None, "status": None,
              "latency_ms": None, "events": [], "line": e["_line"]}
        srv.append(sr)
        open_by_key[key].append(sr)
    else:
        cands = open_by_key.get(key) or []
        if not cands:
            problems.append("server.log line %d: event outside any open request" % e["_line"])
            continue
        if e["target"] == "tower_http::trace::on_response":
            lat = int(e["fields"]["latency"].split()[0])
            # the open request whose start best matches ts - latency
            sr = min(cands, key=lambda c: abs(c["t_start"] - (e["_t"] - lat / 1000)))
            sr["events"].append(e)
            sr["t_end"], sr["status"], sr["latency_ms"] = e["_t"], e["fields"]["status"], lat
            cands.remove(sr)
        else:
            sr = cands[0] if len(cands) == 1 else max((c for c in cands if c["t_start"] <= e["_t"]),
                                                      key=lambda c: c["t_start"])
            if len(cands) > 1 and not isinstance(key, str) and SCENARIO == "main":
                # (burst: concurrent logins without request_id; their limiter
                # events are attributed through the server's private log)
                problems.append("ambiguous span for event at server.log line %d" % e["_line"])
            sr["events"].append(e)
check(all(not v for v in open_by_key.values()), "server requests without on_response")

# join
by_rid = {s["request_id"]: s for s in srv if s["request_id"]}
links = collections.Counter()
for r in requests:
    r["server"] = None
    if r["status"] == 502:
        continue
    s = by_rid.get(r["request_id"])
    if s is not None:
        r["server"], r["link"] = s, "request_id"
        links["request_id"] += 1
        continue
    cands = [s for s in srv if not s["request_id"] and s["method"] == r["method"]
             and s["uri"] == (r["uri"][4:] if r["uri"].startswith("/api/") else r["uri"])
             and r["start"] - 0.005 <= s["t_start"] <= r["end"] + 0.005]
    if SCENARIO == "main":
        check(len(cands) == 1, "Caddy %s:%d: %d server candidates by path+time" % (r["source"], r["line"], len(cands)))
    else:  # concurrent logins: the free one whose start and latency fit best
        cands = sorted((s for s in cands if s.get("_caddy") is None and s["status"] == r["status"]),
                       key=lambda s: abs(s["t_start"] - r["start"]) + abs(s["latency_ms"] - r["duration"] * 1000) / 1000)[:1]
        check(len(cands) == 1, "Caddy %s:%d: no free server candidate by path+time" % (r["source"], r["line"]))
    if cands:
        r["server"], r["link"] = cands[0], "path_time"
        links["path_time"] += 1
        check(cands[0].get("_caddy") is None, "server request linked twice")
        cands[0]["_caddy"] = r
check(len(by_rid) + links["path_time"] == len(srv), "every server request has its Caddy line")
for r in requests:
    if r["server"] and r["request_id"]:
        check(r["server"]["status"] == r["status"], "status mismatch %s" % r["request_id"])
# every Caddy request id appears in server.log where the span carries it
spans_with_rid = {(s["method"], s["path"]) for s in srv if s["request_id"]}
for r in requests:
    if r["status"] != 502 and r["route"] not in ("/health", "/voice/token", "/voice/leave") + (
            ("/auth/login",) if SCENARIO == "burst" else ()):
        check(r["request_id"] in by_rid, "request id %s (%s %s) missing in server.log" % (r["request_id"], r["method"], r["uri"]))

# ---------------------------------------------------------------- psql
def aligned_table(path):
    rows, header = [], None
    with open(path, encoding="utf-8") as f:
        lines = f.read().split("\n")
    for i, l in enumerate(lines):
        if re.match(r"^-+(\+-+)*$", l):
            header = [h.strip() for h in lines[i - 1].split("|")]
            for l2 in lines[i + 1:]:
                if re.match(r"^\(\d+ rows?\)$", l2):
                    return header, rows
                rows.append(dict(zip(header, [c.strip() for c in l2.split("|")])))
    raise SystemExit("no table in " + path)


_, msg_rows = aligned_table(os.path.join(INP, "psql", "messages.txt"))
_, audit_rows = aligned_table(os.path.join(INP, "psql", "audit_logs.txt"))
writes = []
for table, rows in (("messages", msg_rows), ("audit_logs", audit_rows)):
    for row in rows:
        m = ulid_ms(row["id"])
        check(m // 1000 == int(row["created_at_unix"]), "%s %s: created_at_unix != ULID ms / 1000" % (table, row["id"]))
        writes.append({"table": table, "row": row, "id": row["id"], "ms": m, "created_at_unix": int(row["created_at_unix"]),
                       "ids": {v for k, v in row.items() if k != "id" and v}})


def counts(path):
    with open(path, encoding="utf-8") as f:
        txt = f.read()
    now = re.search(r"^ (\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d+\+00)$", txt, re.M).group(1)
    n = int(re.search(r"^ count \n-+\n +(\d+)$", txt, re.M).group(1))
    return now, n


count_before = counts(os.path.join(INP, "psql", "count_before.txt"))
count_after = counts(os.path.join(INP, "psql", "count_after.txt"))
with open(os.path.join(INP, "psql", {"main": "pg_stat_activity_watch.txt", "burst": "lock_activity_watch.txt",
                                     "wedges": "activity_watch_C.txt"}[SCENARIO]), encoding="utf-8") as f:
    watch_txt = f.read()
watch_titles = re.findall(r"^\s+(\w{3} \w{3} +\d+ \d\d:\d\d:\d\d \d{4}) \(every 1s\)$", watch_txt, re.M)
watch_rows = re.findall(r"^ (\d{4}-\d\d-\d\d [\d:.]+\+00) \| ([a-z ]*?) *\| ([A-Za-z ]*?) *\| ([A-Za-z ]*?) *\| +(\d+)$",
                        watch_txt, re.M)
if SCENARIO == "main":
    lock_header, lock_rows = aligned_table(os.path.join(INP, "psql", "pg_locks.txt"))

# ---------------------------------------------------------------- 1. 408 clusters
def is_timeout(r):
    return r["status"] in (408, 504)


timeouts = [r for r in requests if is_timeout(r)]
by_route = collections.defaultdict(list)
for r in timeouts:
    by_route[r["route"]].append(r)
clusters = []
for route, rs in sorted(by_route.items()):
    rs.sort(key=lambda r: r["start"])
    groups = [[rs[0]]]
    for r in rs[1:]:
        if r["start"] - groups[-1][-1]["end"] > CLUSTER_GAP_S:
            groups.append([r])
        else:
            groups[-1].append(r)
    for g in groups:
        methods = sorted({r["method"] for r in g})
        w0, w1 = g[0]["start"], max(x["end"] for x in g)
        in_win = [r for r in requests if r["route"] == route and r["method"] in methods and w0 <= r["start"] <= w1]
        durs = [ms(r["duration"]) for r in g]
        others = collections.defaultdict(list)  # every other (method, route) that started in the window
        for r in requests:
            if not (r["route"] == route and r["method"] in methods) and w0 <= r["start"] <= w1:
                others["%s %s" % (r["method"], r["route"])].append(r)
        other_routes = []
        for k, v in sorted(others.items()):
            other_routes.append({"route": k, "requests": len(v), "timeouts": sum(is_timeout(x) for x in v),
                                 "statuses": dict(sorted(collections.Counter(str(x["status"]) for x in v).items())),
                                 "max_duration_ms": max(ms(x["duration"]) for x in v),
                                 "healthy": not any(is_timeout(x) for x in v) and max(x["duration"] for x in v) < 1.0})
        modes = collections.Counter(int(d // 100) * 100 for d in durs)
        clusters.append({
            "route": route, "methods": methods, "count": len(g),
            "start": iso(w0), "end": iso(w1),
            "first": {"start": iso(g[0]["start"]), "end": iso(g[0]["end"])},
            "last": {"start": iso(g[-1]["start"]), "end": iso(g[-1]["end"])},
            "route_requests_in_window": len(in_win),
            "share": round(len(g) / len(in_win), 4),
            "durations_ms": durs,
            "median_duration_ms": round(statistics.median(durs), 3),
            "p95_duration_ms": pct_nearest_rank(durs, 95),
            "timeout_budget_ms": modes.most_common(1)[0][0],
            "request_ids": [r["request_id"] for r in g],
            "server_span_has_request_id": [bool(r["server"] and r["server"]["request_id"]) for r in g],
            "healthy_routes": [o["route"] for o in other_routes if o["healthy"]],
            "other_routes": other_routes,
            "evidence": [{"source": r["source"], "line": r["line"]} for r in g],
        })
clusters.sort(key=lambda c: c["start"])
for r in timeouts:
    check(10.0 <= r["duration"] <= 10.1, "408 duration %.3f outside 10.0-10.1 s" % r["duration"])

# ---------------------------------------------------------------- 2. limiter buckets
limit_events = [e for e in events if str(e["fields"].get("event", "")).endswith(".rate_limit")]
srv_of_event = {}
for s in srv:
    for e in s["events"]:
        srv_of_event[e["_line"]] = s
caddy_of_srv = {id(r["server"]): r for r in requests if r["server"]}
private = []  # burst: the server's own records (write / rate_limit lines)
if SCENARIO != "main":
    with open(arg("--private-log"), encoding="utf-8") as f:
        private = [l.rstrip("\n").split("\t") for l in f if l.strip()]


def caddy_of_limit_event(e):
    """the Caddy 429 of a rate-limit event: through its request span (main),
    or (burst, spans without request_id, concurrent) through the server's
    private record of the same event: the k-th event of a name is the k-th
    record, which names the forwarded client; that client's 429 holds it"""
    if SCENARIO == "main":
        return caddy_of_srv[id(srv_of_event[e["_line"]])]
    name = e["fields"]["event"]
    k = [x["_line"] for x in limit_events if x["fields"]["event"] == name].index(e["_line"])
    rec = [p for p in private if p[0] == "rate_limit" and p[1] == name][k]
    check(abs(int(rec[3]) - e["_t"] * 1000) <= 5, "private rate_limit record %d of %s is not at its event's time" % (k, name))
    rs = [r for r in requests if r["client"] == rec[2] and r["status"] == 429
          and r["start"] - 0.005 <= e["_t"] <= r["end"] + 0.005]
    check(len(rs) == 1, "rate-limit event at server.log line %d: %d Caddy 429s of %s" % (e["_line"], len(rs), rec[2]))
    return rs[0]


buckets = collections.OrderedDict()
for e in limit_events:
    f = e["fields"]
    r = caddy_of_limit_event(e)
    s = r["server"]
    key = (f["event"], f.get("route") or template(s["path"]), f.get("client_ip"), f.get("client_ip_source"), f.get("limiter"))
    buckets.setdefault(key, []).append((e, r))


def out_id(r):
    """a Caddy line's request id in the facts (burst: null when it had none)"""
    return (r["request_id"] or None) if SCENARIO == "burst" else r["request_id"]


def attempts_of(route, method="POST"):
    """per real client: its requests to the route in time order (attempt numbers from 1)"""
    per = collections.defaultdict(list)
    for r in requests:
        if r["route"] == route and r["method"] == method:
            per[r["client"]].append(r)
    return per


bucket_facts = []
for (event, route, ip, source, limiter), items in buckets.items():
    rs = [r for _, r in items]
    tmpl = rs[0]["route"]
    per = attempts_of(tmpl)
    first, last = min(r["start"] for r in rs), max(r["end"] for r in rs)
    window_s = LOGIN_WINDOW_S if event == "auth.rate_limit" else JOIN_WINDOW_S
    # requests that share the key: peer-keyed -> every request to the route
    # (they all reach the server from the proxy); forwarded -> that client's
    if source == "peer":
        members = [r for r in requests if r["route"] == tmpl and r["status"] != 502]
    else:
        members = [r for r in requests if r["route"] == tmpl and r["client"] == ip]
    in_window = [r for r in members if first - window_s <= r["start"] <= last]
    accepted = sorted(r["start"] for r in members if r["status"] != 429)
    observed = max(bisect.bisect_right(accepted, t) - bisect.bisect_left(accepted, t - window_s + 1e-9)
                   for t in accepted) if accepted else 0
    early = []
    for r in sorted(rs, key=lambda r: r["start"]):
        n = next(i for i, x in enumerate(per[r["client"]], 1) if x is r)
        if n <= 2:
            early.append({"client_ip": r["client"], "attempt": n, "request_id": out_id(r), "at": iso(r["start"])})
    rejected_clients = sorted({r["client"] for r in rs})
    clients_in_window = sorted({r["client"] for r in in_window})
    bucket_facts.append({
        "limiter": event, "route": route, "route_template": tmpl, "limiter_kind": limiter,
        "bucket_ip": ip, "client_ip_source": source,
        # the report's field names (issue 5), with the definitions above
        "distinct_clients": len(clients_in_window), "clients": clients_in_window,
        "requests": len(in_window), "limit": observed,
        "start": iso(first - window_s), "end": iso(last),
        "rejections": len(rs), "rejected_request_ids": [out_id(r) for r in rs],
        "rejected_clients": rejected_clients, "distinct_rejected_clients": len(rejected_clients),
        "window": {"start": iso(first - window_s), "end": iso(last), "note": "first rejection minus the limiter window .. last rejection"},
        "requests_in_window": len(in_window), "clients_in_window": clients_in_window,
        "distinct_clients_in_window": len(clients_in_window),
        "configured_limit": "%d per %d s" % ((LOGIN_LIMIT if event == "auth.rate_limit" else JOIN_LIMIT), window_s),
        "observed_limit": observed,
        "early_rejections": early,
        "collapse": source == "peer" and len(rejected_clients) > 1,
        "first_rejection": iso(first), "last_rejection": iso(last),
        "evidence": [{"source": "inputs/server/server.log", "line": e["_line"]} for e, _ in items],
    })

# full login table (per client attempts) for tests that want to recompute
login_attempts = []
for c, rs in sorted(attempts_of("/auth/login").items()):
    for i, r in enumerate(rs, 1):
        login_attempts.append({"client_ip": c, "attempt": i, "at": iso(r["start"]), "status": r["status"],
                               "request_id": out_id(r), "source": r["source"], "line": r["line"]})
login_attempts.sort(key=lambda x: x["at"])

if SCENARIO == "burst":
    sys.dont_write_bytecode = True  # no __pycache__ next to the fixture
    import expected_burst  # the burst recording's own findings, checks and README section
    sys.exit(expected_burst.run(globals()))
if SCENARIO == "wedges":
    sys.dont_write_bytecode = True
    import expected_wedges  # the third recording: lock on a read path, wedges, retries, near misses
    sys.exit(expected_wedges.run(globals()))

# ---------------------------------------------------------------- 3. post-write stalls
def candidates(r):
    ids = {s for s in r["server_path"].split("/") if ULID_RE.match(s)}
    out = collections.defaultdict(list)
    for w in writes:
        if r["start"] * 1000 <= w["ms"] <= r["end"] * 1000:
            out[w["table"]].append((w, bool(ids & w["ids"])))
    return ids, out


def attribute(r):
    ids, out = candidates(r)
    found = []
    for table, ws in sorted(out.items()):
        shared = [w for w, sh in ws if sh]
        if ids:
            if shared:
                found.append((shared, "shared_id", table))
        elif len(ws) == 1:
            found.append(([ws[0][0]], "single_candidate", table))
    return ids, out, found


def ev_name(e):
    return e["fields"].get("event") or e["fields"].get("message")


stalls, not_stalls = [], []
for r in requests:
    if not (r["status"] == 408 or r["duration"] * 1000 >= TIMEOUT_BUDGET_MS):
        continue
    ids, out, found = attribute(r)
    cand_summary = {t: len(v) for t, v in sorted(out.items())}
    if not found:
        not_stalls.append({"request_id": r["request_id"], "route": r["route"], "method": r["method"],
                           "status": r["status"], "start": iso(r["start"]), "duration_ms": ms(r["duration"]),
                           "path_ids": sorted(ids), "rows_written_in_window": cand_summary,
                           "why": ("no row shares an id with the path" if ids else
                                   "path has no ids and no table has a single row in the window")})
        continue
    check(len(found) == 1 and len(found[0][0]) == 1, "ambiguous write for %s" % r["request_id"])
    (w,), how, table = found[0]
    s = r["server"]
    own_after = [e for e in s["events"] if e["_t"] * 1000 >= w["ms"] and e["target"] != "tower_http::trace::on_response"]
    own_names = [ev_name(e) for e in own_after]
    # events logged before the id was minted must be clearly before it (the
    # ULID has ms resolution): the handler's permission check leaves >= 3 ms
    before = [e for e in s["events"] if e["target"] == "tower_http::trace::on_request"
              or e["fields"].get("event") == "debug.auth.authenticate_with_token.timing"]
    check(all(e["_t"] * 1000 < w["ms"] - 2 for e in before), "stall %s: auth event too close to the write" % r["request_id"])
    check(all(e["_t"] * 1000 >= w["ms"] for e in s["events"] if e not in before),
          "stall %s: a later event before the write" % r["request_id"])
    completion = [n for n in (ev_name(e) for e in s["events"]) if n in (
        "debug.search.enqueue_search_command.timing", "debug.gateway.broadcast_channel_event.timing")]
    conc = lambda name, field: [e for e in events if e["fields"].get("event") == name
                                and r["start"] <= e["_t"] <= r["end"] + 2]
    acks = conc("debug.search.enqueue_search_command.timing", "ack_wait_ms")
    disp = conc("debug.gateway.broadcast_channel_event.timing", "dispatch_ms")
    max_ack = max([num(e["fields"]["ack_wait_ms"]) for e in acks] or [0])
    max_disp = max([num(e["fields"]["dispatch_ms"]) for e in disp] or [0])
    if own_names:
        phase = "gateway fan-out (own event after the write: %s)" % ", ".join(own_names)
        phase_id = "fanout"
    elif table == "messages":
        phase = ("search index ack (no enqueue_search_command timing for this request; "
                 "concurrent ack_wait_ms up to %d)" % max_ack)
        phase_id = "search_ack"
    else:
        phase = "after write, before completion event"
        phase_id = "after_write"
    stalls.append({
        "request_id": r["request_id"], "route": r["route"], "method": r["method"], "status": r["status"],
        "start": iso(r["start"]), "end": iso(r["end"]), "duration_ms": ms(r["duration"]),
        "server_span_has_request_id": bool(s["request_id"]), "link": r["link"],
        "write": {"table": table, "key": w["id"], "written_at": iso(w["ms"] / 1000),
                  "ulid_ms": w["ms"], "created_at_unix": w["created_at_unix"], "attributed_by": how,
                  "row": w["row"]},
        "write_to_response_ms": round(r["end"] * 1000 - w["ms"], 3),
        "write_to_response_ms_from_created_at_unix": round(r["end"] * 1000 - w["created_at_unix"] * 1000, 3),
        "stalled_phase": phase_id, "stalled_phase_evidence": phase,
        "own_events_after_write": own_names,
        "own_completion_events": completion,
        "concurrent": {"enqueue_search_timings": len(acks), "max_ack_wait_ms": max_ack,
                       "broadcast_timings": len(disp), "max_dispatch_ms": max_disp},
        "rows_written_in_window": cand_summary,
        "evidence": [{"source": r["source"], "line": r["line"]},
                     {"source": "inputs/psql/%s.txt" % table, "line": None}] +
                    [{"source": "inputs/server/server.log", "line": e["_line"]} for e in s["events"]],
    })
    check(not completion, "stalled request %s has a completion event" % r["request_id"])
# psql line numbers of the rows
for name in ("messages", "audit_logs"):
    with open(os.path.join(INP, "psql", name + ".txt"), encoding="utf-8") as f:
        lines = f.read().split("\n")
    for st in stalls:
        if st["write"]["table"] == name:
            st["evidence"][1]["line"] = next(i for i, l in enumerate(lines, 1) if l.startswith(" " + st["write"]["key"]))

# ---------------------------------------------------------------- restart, correlation, checks
dbinit = [e for e in events if e["fields"].get("event") == "db.init"]
listening = [e for e in events if e["fields"].get("message") == "listening"]
r502 = [r for r in requests if r["status"] == 502]
restarts = []
for e in dbinit[1:]:
    before = max(x["_t"] for x in events if x["_t"] < e["_t"])
    restarts.append({"db_init_at": iso(e["_t"]), "db_init_line": e["_line"],
                     "last_event_before": iso(before), "gap_ms": round((e["_t"] - before) * 1000, 3),
                     "caddy_502": [{"at": iso(r["end"]), "method": r["method"], "uri": r["uri"], "line": r["line"],
                                    "source": r["source"]} for r in r502],
                     "caddy_error_lines": [c["line"] for c in caddy_errors],
                     "error_msgs": sorted({c["msg"] for c in caddy_errors})})
check(len(dbinit) == 2 and len(listening) == 2, "expected 2 db.init / listening lines")
check(len(r502) >= 3 and len(caddy_errors) == len(r502), "502s and http.log.error lines")

auth = [e for e in events if e["fields"].get("event") == "debug.auth.authenticate_with_token.timing"]
hop = [r["duration"] * 1000 - r["server"]["latency_ms"] for r in requests if r["server"]]
ungranted = [x for x in lock_rows if x.get("granted") == "f"]
watch_max_active = max([int(c) for _, st, _, _, c in watch_rows if st == "active"] or [0])
watch_max_idle = max([int(c) for _, st, _, _, c in watch_rows if st == "idle"] or [0])
watch_lock_waits = sum(1 for _, _, wt, _, _ in watch_rows if wt == "Lock")
checks = {
    "hop_latency": {"suggested": "PASS", "evidence": "Caddy duration minus server latency: max %.1f ms, median %.1f ms over %d linked requests"
                    % (max(hop), statistics.median(hop), len(hop))},
    "auth_latency": {"suggested": "PASS", "evidence": "authenticate_with_token total_ms max %d, median %s over %d events (slower during the incident: 40-60 ms lookups, still far below the budget)"
                     % (max(num(e["fields"]["total_ms"]) for e in auth), statistics.median(num(e["fields"]["total_ms"]) for e in auth), len(auth))},
    "limiter_keying": {"suggested": "FAIL", "evidence": "auth.rate_limit keyed on client_ip 127.0.0.1 (source peer) shared by %d distinct real clients"
                       % next(b["distinct_clients_in_window"] for b in bucket_facts if b["client_ip_source"] == "peer")},
    "db_pool": {"suggested": "PASS", "evidence": "%d \\watch iterations; at most %d active and %d idle backend(s) in the app database (the 4 pool sessions idle in ClientRead, the capturing psql active); max_connections=16 reported by db.init"
                % (len(watch_titles), watch_max_active, watch_max_idle)},
    "db_locks": {"suggested": "PASS", "evidence": "pg_locks snapshot: %d lock rows, %d not granted; \\watch: %d rows with wait_event_type Lock"
                 % (len(lock_rows), len(ungranted), watch_lock_waits)},
    "fanout_backpressure": {"suggested": "FAIL", "evidence": "max ack_wait_ms %d, max dispatch_ms %d; gateway *_fanout.full_queue events: %d"
                            % (max(num(e["fields"]["ack_wait_ms"]) for e in events if e["fields"].get("event") == "debug.search.enqueue_search_command.timing"),
                               max(num(e["fields"]["dispatch_ms"]) for e in events if e["fields"].get("event") == "debug.gateway.broadcast_channel_event.timing"),
                               sum(1 for e in events if str(e["fields"].get("event", "")).endswith(".full_queue")))},
    "post_write_boundary": {"suggested": "FAIL", "evidence": "%d requests answered 408 after their row committed" % len(stalls)},
    "restarts": {"suggested": "FAIL", "evidence": "second db.init at %s after a %.0f ms gap; %d Caddy 502s meanwhile"
                 % (restarts[0]["db_init_at"], restarts[0]["gap_ms"], len(r502)) if restarts else "none"},
}

# ---------------------------------------------------------------- design checks
msg_cluster = [c for c in clusters if c["route"] == "/guilds/{id}/channels/{id}/messages"]
check(msg_cluster and msg_cluster[0]["count"] >= 5, "message 408 cluster")
check(any(c["route"] == "/voice/token" for c in clusters), "voice/token 408s")
check(any(c["route"] == "/voice/leave" for c in clusters), "voice/leave 408")
check(any(n["route"] == "/voice/token" for n in not_stalls), "a 408 without a write")
check(sum(1 for s in stalls if s["write"]["table"] == "audit_logs") == 1, "one audit_logs stall")
check(any(not s["server_span_has_request_id"] for s in stalls), "a stall joined by path+time")
peer = [b for b in bucket_facts if b["client_ip_source"] == "peer"]
fwd = [b for b in bucket_facts if b["client_ip_source"] == "forwarded"]
check(len(peer) == 1 and peer[0]["distinct_rejected_clients"] >= 8, "login bucket collapse with >= 8 clients")
check(len(fwd) == 1 and fwd[0]["distinct_rejected_clients"] == 1 and fwd[0]["rejections"] >= 5, "per-client join limiter")
check(count_after[1] == len(msg_rows), "count_after equals the rows in messages.txt")
for st in stalls:
    check(st["write_to_response_ms"] > 9000, "stall %s: write-to-response too short" % st["request_id"])

# ---------------------------------------------------------------- client-side cross-check (optional)
if "--client-log" in sys.argv:
    cl = sys.argv[sys.argv.index("--client-log") + 1]
    with open(cl) as f:
        rows = [l.rstrip("\n").split("\t") for l in f if l.strip()]
    check(len(rows) == len(requests), "client log has %d requests, Caddy %d" % (len(rows), len(requests)))
    for row in rows:
        note = row[8] if len(row) > 8 else ""
        st = int(row[6])
        if note.startswith("expect-408"):
            check(st == 408, "expected 408: %s" % row)
        if note.startswith("expect-slow"):
            check(st in (200, 201, 204), "expected a slow success: %s" % row)
        check("error=" not in note, "client error: %s" % row)

# ---------------------------------------------------------------- timeline
first_req, last_req = requests[0], requests[-1]
live = [r for r in requests if r["source"].endswith("access.log")]
gz = [r for r in requests if r["source"].endswith(".gz")]
storm = peer[0]
incident_first = min(r["start"] for r in timeouts)
incident_last = max(r["end"] for r in timeouts)
timeline = [
    ("%s" % iso(first_req["start"]), "first request; healthy traffic (GET messages, POST messages, logins, voice, one join)"),
    ("%s" % iso(gz[-1]["end"]), "last line of access.log.1.gz; logrotate copytruncate+compress; access.log starts at %s" % iso(live[0]["end"])),
    (storm["first_rejection"], "login storm: first auth.rate_limit 429 (bucket 127.0.0.1/peer) ... last at %s" % storm["last_rejection"]),
    (fwd[0]["first_rejection"], "scraper %s hammers POST /guilds/{id}/join: first directory.join.rate_limit (forwarded) ... last at %s"
     % (fwd[0]["bucket_ip"], fwd[0]["last_rejection"])),
    (iso(incident_first), "first 408 request starts (incident; last 408 answered at %s)" % iso(incident_last)),
    (restarts[0]["last_event_before"], "app server stopped (last event of the first instance)"),
    (restarts[0]["db_init_at"], "app server back (db.init, migrations_applied 0); %d Caddy 502s in between" % len(r502)),
    (iso(last_req["end"]), "last request"),
]

facts = {
    "generated_from": "inputs/ by expected.py",
    "requests": {"caddy_lines": len(requests), "by_status": dict(sorted(collections.Counter(str(r["status"]) for r in requests).items())),
                 "server_requests": len(srv), "linked": dict(links), "unlinked_502": len(r502),
                 "spans_without_request_id": sorted({"%s %s" % (s["method"], template(s["path"])) for s in srv if not s["request_id"]})},
    "timeout_budget_ms": TIMEOUT_BUDGET_MS,
    "timeout_clusters": clusters,
    "limiter_buckets": bucket_facts,
    "limiter_collapses": [b for b in bucket_facts if b["collapse"]],
    "login_attempts": login_attempts,
    "post_write_stalls": stalls,
    "timeouts_not_stalls": not_stalls,
    "restarts": restarts,
    "psql": {"count_before": {"now": count_before[0], "count": count_before[1]},
             "count_after": {"now": count_after[0], "count": count_after[1]},
             "messages_rows": len(msg_rows), "audit_logs_rows": len(audit_rows),
             "watch_iterations": len(watch_titles), "watch_first_title": watch_titles[0] if watch_titles else None,
             "watch_last_title": watch_titles[-1] if watch_titles else None,
             "pg_locks_rows": len(lock_rows), "pg_locks_not_granted": len(ungranted)},
    "checks_suggested": checks,
    "timeline": [{"at": t, "what": w} for t, w in timeline],
}

os.makedirs(os.path.join(HERE, "expected"), exist_ok=True)
with open(os.path.join(HERE, "expected", "facts.json"), "w", encoding="utf-8") as f:
    json.dump(facts, f, indent=1, sort_keys=False, ensure_ascii=False)
    f.write("\n")

# ---------------------------------------------------------------- README section
md = []
w = md.append
w("Generated by expected.py from the committed inputs (run of %s). Machine-readable: `expected/facts.json`." % iso(first_req["start"])[:10])
w("")
w("### Timeline (UTC)")
w("")
w("| time | what |")
w("| --- | --- |")
for t, what in timeline:
    w("| %s | %s |" % (t, what))
w("")
w("Requests: %d Caddy lines (%s), %d in `access.log.1.gz` + %d in `access.log`; %d server requests, linked %d by request_id and %d by method+path+time (spans without request_id: %s); %d 502s have no server side."
  % (len(requests), ", ".join("%s×%d" % kv for kv in sorted(collections.Counter(str(r["status"]) for r in requests).items())),
     len(gz), len(live), len(srv), links["request_id"], links["path_time"],
     ", ".join("`%s`" % x for x in facts["requests"]["spans_without_request_id"]), len(r502)))
w("")
w("### 1. Timeout clusters (budget %d ms, gap %d s splits a cluster)" % (TIMEOUT_BUDGET_MS, CLUSTER_GAP_S))
w("")
w("| route | methods | count | window (first start .. last end) | share | median ms | p95 ms | budget ms |")
w("| --- | --- | ---: | --- | ---: | ---: | ---: | ---: |")
for c in clusters:
    w("| `%s` | %s | %d | %s .. %s | %d/%d | %.3f | %.3f | %d |" % (
        c["route"], ",".join(c["methods"]), c["count"], c["start"], c["end"], c["count"], c["route_requests_in_window"],
        c["median_duration_ms"], c["p95_duration_ms"], c["timeout_budget_ms"]))
w("")
for c in clusters:
    w("- `%s` request ids: %s" % (c["route"], ", ".join("`%s`%s" % (i, "" if h else " (span without request_id)")
                                                       for i, h in zip(c["request_ids"], c["server_span_has_request_id"]))))
    w("  healthy meanwhile: %s" % (", ".join("`%s`" % h for h in c["healthy_routes"]) or "none"))
    slow = [o for o in c["other_routes"] if not o["healthy"]]
    if slow:
        w("  not healthy meanwhile: %s" % ", ".join("`%s` (%s, max %.0f ms)" % (o["route"], ", ".join("%s×%d" % kv for kv in o["statuses"].items()), o["max_duration_ms"]) for o in slow))
w("")
w("408 durations are %.3f-%.3f s: the server's TimeoutLayer budget is 10 000 ms, counted after authentication (40-60 ms during the incident); the budget inferred as the mode of the durations floored to 100 ms is 10000 ms."
  % (min(r["duration"] for r in timeouts), max(r["duration"] for r in timeouts)))
w("")
w("### 2. Limiter buckets")
w("")
for b in bucket_facts:
    w("- **%s**%s route `%s` (`%s`), bucket `%s` source `%s`: %d rejections (429) of %d distinct real client(s) %s; window %s .. %s: %d requests from %d distinct clients; configured %s, observed %d accepted in a window. **%s**."
      % (b["limiter"], " (limiter `%s`)" % b["limiter_kind"] if b["limiter_kind"] else "", b["route"], b["route_template"],
         b["bucket_ip"], b["client_ip_source"], b["rejections"], b["distinct_rejected_clients"], ", ".join(b["rejected_clients"]),
         b["window"]["start"], b["window"]["end"], b["requests_in_window"], b["distinct_clients_in_window"],
         b["configured_limit"], b["observed_limit"],
         "COLLAPSE" if b["collapse"] else "not a collapse (one real client)"))
    if b["collapse"]:
        w("  clients in the window: %s" % ", ".join(b["clients_in_window"]))
        w("  rejected on their first or second attempt:")
        for x in b["early_rejections"]:
            w("  - %s attempt %d `%s` (%s)" % (x["client_ip"], x["attempt"], x["request_id"], x["at"]))
w("")
w("### 3. Post-write stalls")
w("")
w("| request id | route | status | duration ms | table | key | written at (ULID ms) | created_at_unix | write→response ms | stalled phase |")
w("| --- | --- | ---: | ---: | --- | --- | --- | ---: | ---: | --- |")
for s in stalls:
    w("| `%s`%s | %s `%s` | %d | %.3f | %s | `%s` | %s | %d | %.3f | %s |" % (
        s["request_id"], "" if s["server_span_has_request_id"] else " (path+time)", s["method"], s["route"], s["status"],
        s["duration_ms"], s["write"]["table"], s["write"]["key"], s["write"]["written_at"], s["write"]["created_at_unix"],
        s["write_to_response_ms"], s["stalled_phase_evidence"]))
w("")
w("408s that are **not** post-write stalls:")
w("")
for n in not_stalls:
    w("- `%s` %s `%s` at %s (%.3f ms): %s; rows written in its window: %s" % (
        n["request_id"], n["method"], n["route"], n["start"], n["duration_ms"], n["why"],
        ", ".join("%s=%d" % kv for kv in n["rows_written_in_window"].items()) or "none"))
w("")
w("### Restart")
w("")
for r in restarts:
    w("- last event of the first instance %s; second `db.init` at %s (server.log line %d), gap %.0f ms; Caddy 502s: %s; `http.log.error` lines in caddy.log: %s (%s)" % (
        r["last_event_before"], r["db_init_at"], r["db_init_line"], r["gap_ms"],
        ", ".join("%s %s %s" % (x["at"], x["method"], x["uri"]) for x in r["caddy_502"]),
        ", ".join(str(x) for x in r["caddy_error_lines"]), "; ".join(r["error_msgs"])))
w("")
w("### psql captures and suggested checks")
w("")
w("count(*) FROM messages: %d at %s (before), %d at %s (after); final tables: messages %d rows, audit_logs %d rows. `\\watch`: %d iterations (%s .. %s). pg_locks: %d rows, %d not granted."
  % (count_before[1], count_before[0], count_after[1], count_after[0], len(msg_rows), len(audit_rows),
     len(watch_titles), facts["psql"]["watch_first_title"], facts["psql"]["watch_last_title"], len(lock_rows), len(ungranted)))
w("")
for k, v in checks.items():
    w("- `%s`: %s — %s" % (k, v["suggested"], v["evidence"]))

replace_section("<!-- BEGIN EXPECTED (generated by expected.py) -->", "<!-- END EXPECTED -->", md)

if problems:
    for p in problems:
        print("expected.py: CHECK FAILED: " + p, file=sys.stderr)
    sys.exit(1)
print("expected.py: %d clusters, %d buckets (%d collapse), %d stalls, %d non-stall timeouts; all checks passed"
      % (len(clusters), len(bucket_facts), len(facts["limiter_collapses"]), len(stalls), len(not_stalls)), file=sys.stderr)
