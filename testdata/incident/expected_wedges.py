"""The wedges recording's findings (imported by `expected.py --scenario wedges`).

expected.py parses wedges/inputs/ exactly as it parses the other recordings
(Caddy requests, server requests and their links, the final tables, timeout
clusters) and hands its namespace to run() here, which adds what only this
recording has, from the recorder's own records, never from analyze:

  * --private-log (server --private-log): a `write` line per INSERT that
    returned (request id, table, row id, ms minted, ms returned,
    in_time|after_timeout) and a `phase` line when a handler enters or leaves
    a phase (request id, name, enter|leave, ms, in_time|after_timeout):
    `db.permission_check`, `db.resolve_join`, `search.ack_wait`,
    `gateway.dispatch`.  A phase entered before the 408 and not left by it
    is where the request was when the timeout dropped it;
  * --client-log: what each client sent and saw (status, X-Request-Id, the
    content tag `msg=wNNN` of each message, `retry-of=ID` on a retry);
  * --holder-log: when the ops-migration session took its lock and committed;
  * server/src/main.rs: the user ids of the stand-in's accounts (the literals
    of the permission check's WHERE clause).

The psql captures are read for what the recorder cannot know by itself: the
holder's pid, and which waiting statement was seen when (capture times are
taken to the precision each file has: a \\watch title's second, a
`sampled_at`'s microsecond, a loop line's millisecond).

Writes wedges/expected/facts.json and the WEDGES section of README.md; exits
1 when the run did not come out as designed.
"""
import collections
import datetime as dt
import json
import os
import re
import sys

import expected_burst  # parse_watch

HOLDER_APP = "ops-migration"
RELATION = "guild_members"
DB_PHASES = ("db.permission_check", "db.resolve_join")
NEAR_MISS_SHARE = 0.5  # a near miss took at least half the budget


def title_us(title):
    """a \\watch title (C `%c` or en_US `%c`, UTC) -> (µs, form)"""
    for fmt, form in (("%a %d %b %Y %I:%M:%S %p UTC", "en_US"), ("%a %b %d %H:%M:%S %Y", "C")):
        try:
            d = dt.datetime.strptime(title, fmt).replace(tzinfo=dt.timezone.utc)
            return int(d.timestamp()) * 1_000_000, form
        except ValueError:
            pass
    raise ValueError("unknown \\watch title %r" % title)


def pg_ts_us(s):
    """`2026-12-03 19:29:35.27876+00` -> µs"""
    m = re.match(r"^(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d)(\.\d+)?\+00$", s)
    d = dt.datetime.strptime(m.group(1), "%Y-%m-%d %H:%M:%S").replace(tzinfo=dt.timezone.utc)
    return int(d.timestamp()) * 1_000_000 + round(float(m.group(2) or 0) * 1e6)


def iso_us(us, digits):
    """µs -> RFC 3339 with DIGITS fraction digits (0, 3, 6): the source's precision"""
    d = dt.datetime.fromtimestamp(us // 1_000_000, dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%S")
    frac = "%06d" % (us % 1_000_000)
    return d + ("." + frac[:digits] if digits else "") + "Z"


def run(g):
    check, problems, iso, ms = g["check"], g["problems"], g["iso"], g["ms"]
    requests, writes, events, clusters = g["requests"], g["writes"], g["events"], g["clusters"]
    INP, BASE, HERE, arg = g["INP"], g["BASE"], g["HERE"], g["arg"]
    BUDGET = g["TIMEOUT_BUDGET_MS"]

    # ------------------------------------------------------------ the recorder's records
    wlog = {}  # request id -> its write
    phases = collections.defaultdict(list)  # request id -> [(name, enter|leave, ms, flag)]
    for p in g["private"]:
        if p[0] == "write":
            rid, table, key, minted, done, flag = p[1:7]
            check(rid not in wlog, "two writes for request %s" % rid)
            wlog[rid] = {"table": table, "key": key, "minted_ms": int(minted), "returned_ms": int(done), "flag": flag}
        elif p[0] == "phase":
            phases[p[1]].append((p[2], p[3], int(p[4]), p[5]))
    with open(arg("--client-log"), encoding="utf-8") as f:
        clog = [l.rstrip("\n").split("\t") for l in f if l.strip()]
    with open(arg("--holder-log"), encoding="utf-8") as f:
        holder_log = [l.rstrip("\n").split("\t") for l in f if l.strip()]
    check(len(holder_log) == 1 and holder_log[0][2] == "0", "one lock holder, committed")
    lock_t0, lock_t1 = float(holder_log[0][0]), float(holder_log[0][1])
    with open(os.path.join(HERE, "server", "src", "main.rs"), encoding="utf-8") as f:
        user_of = dict(re.findall(r'\("(\w+)", "([0-9A-Z]{26})", "tk_', f.read()))
    for n in range(1, 21):  # server --member-users 20: member_id()
        user_of["member%02d" % n] = "01KZMEMBER%016d" % n
    client_of_rid = {row[7]: row for row in clog if row[7]}
    note_of = {row[7]: (row[8] if len(row) > 8 else "") for row in clog if row[7]}
    by_rid = {r["request_id"]: r for r in requests if r["request_id"]}
    row_by_key = {(w["table"], w["id"]): w for w in writes}
    check(all((w["table"], w["key"]) in row_by_key for w in wlog.values()), "every write the server made is in the final tables")

    def open_phase(rid, at_ms):
        """the phase the request was in at AT_MS (entered, not yet left), or None"""
        cur = None
        for name, what, t, _ in sorted(phases.get(rid, []), key=lambda x: x[2]):
            if t > at_ms:
                break
            cur = name if what == "enter" else None
        return cur

    def phase_span(rid, name):
        ent = [t for n, w, t, _ in phases.get(rid, []) if n == name and w == "enter"]
        lv = [t for n, w, t, _ in phases.get(rid, []) if n == name and w == "leave"]
        return (ent[0] if ent else None), (lv[0] if lv else None)

    # ------------------------------------------------------------ psql captures
    P = lambda name: os.path.join(INP, "psql", name)
    act_en = expected_burst.parse_watch(P("activity_watch_en_US.txt"))
    act_c = expected_burst.parse_watch(P("activity_watch_C.txt"))
    locks = expected_burst.parse_watch(P("pg_locks_watch.txt"))
    sampled_tables = expected_burst.parse_watch(P("activity_sampled.txt"))
    with open(P("activity_loop.txt"), encoding="utf-8") as f:
        loop_lines = [l.rstrip("\n") for l in f if l.strip()]

    snaps = []  # (file, µs, precision digits, line of the table's header, rows)
    titles = {}
    for name, tables, form in (("activity_watch_en_US.txt", act_en, "en_US"), ("activity_watch_C.txt", act_c, "C"),
                               ("pg_locks_watch.txt", locks, "C")):
        for t in tables:
            us, f_ = title_us(t["title"])
            check(f_ == form, "%s: a %s title %r" % (name, f_, t["title"]))
            snaps.append((name, us, 0, t["rows"]))
        titles[name] = (tables[0]["title"], tables[-1]["title"])
    pending = None
    for t in sampled_tables:
        if t["header"] == ["sampled_at"]:
            check(pending is None and len(t["rows"]) == 1, "activity_sampled.txt: one sampled_at before each result")
            pending = pg_ts_us(t["rows"][0][1]["sampled_at"])
        else:
            check(pending is not None, "activity_sampled.txt: a result without its sampled_at")
            snaps.append(("activity_sampled.txt", pending, 6, t["rows"]))
            pending = None
    loop_re = re.compile(r"^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z)\|active=(\d+)\|waiting=(\d+)\|total=(\d+)$")
    loop = []
    for n, l in enumerate(loop_lines, 1):
        m = loop_re.match(l)
        check(m is not None, "activity_loop.txt line %d: %r" % (n, l))
        if m:
            us = round(g["parse_rfc3339"](m.group(1)) * 1e6)
            loop.append({"line": n, "us": us, "active": int(m.group(2)), "waiting": int(m.group(3)), "total": int(m.group(4))})
    c_title = re.compile(r"^\w{3} \w{3} +\d+ \d\d:\d\d:\d\d \d{4}$")
    en_title = re.compile(r"^\w{3} \d\d \w{3} \d{4} \d\d:\d\d:\d\d [AP]M UTC$")
    check(act_en and all(en_title.match(t["title"]) for t in act_en), "12-hour en_US titles in activity_watch_en_US.txt")
    check(act_c and all(c_title.match(t["title"]) for t in act_c), "C titles in activity_watch_C.txt")

    # the holder: the ops-migration session, seen in the captures
    holder_rows = [r for _, _, _, rows in snaps for _, r in rows if r.get("application_name") == HOLDER_APP]
    pids = sorted({r["pid"] for r in holder_rows})
    check(len(pids) == 1, "one %s session in the captures: %s" % (HOLDER_APP, pids))
    holder_pid = int(pids[0]) if pids else None
    act_holder = [r for name, _, _, rows in snaps if name != "pg_locks_watch.txt" for _, r in rows
                  if r.get("application_name") == HOLDER_APP]
    holder_states = sorted({r["state"] for r in act_holder})
    holder_queries = sorted({r["query"] for r in act_holder})
    check(holder_states == ["idle in transaction"], "holder idle in transaction: %s" % holder_states)
    held = sorted({r["mode"] for _, r in (x for t in locks for x in t["rows"])
                   if r["application_name"] == HOLDER_APP and r["relname"] == RELATION and r["granted"] == "t"})
    check(held == ["AccessExclusiveLock"], "holder's mode on %s: %s" % (RELATION, held))
    waited_modes = sorted({r["mode"] for t in locks for _, r in t["rows"] if r["relname"] == RELATION and r["granted"] == "f"})

    # waiting statements: (file, µs, digits, row) with wait_event_type Lock
    waits = [(name, us, d, ln, r) for name, us, d, rows in snaps if name != "pg_locks_watch.txt"
             for ln, r in rows if r.get("wait_event_type") == "Lock"]
    check(waits and all(r["blocked_by"] == "{%s}" % holder_pid for _, _, _, _, r in waits), "every waiter blocked by the holder")

    def seen_waiting(rid):
        """the capture rows showing this request's statement waiting: its
        guild and user literals, at a capture time inside its DB phase"""
        r = by_rid[rid]
        user = user_of.get(client_of_rid[rid][2])
        guild = r["server_path"].split("/")[2]
        ent, lv = None, None
        for name in DB_PHASES:
            e, l_ = phase_span(rid, name)
            if e is not None:
                ent, lv = e, l_
        if ent is None:
            return []
        out = []
        for name, us, d, ln, row in waits:
            q = row["query"]
            slack = 1_000_000 if d == 0 else 1_000  # a title's second
            if "'%s'" % guild in q and "'%s'" % user in q and ent * 1000 - slack <= us <= (lv or 1e18) * 1000 + slack:
                out.append((name, us, d, ln, row))
        return out

    # ------------------------------------------------------------ every 408
    timeouts = []
    for r in requests:
        if r["status"] != 408:
            continue
        rid = r["request_id"]
        end_ms = r["end"] * 1000
        own = wlog.get(rid)
        wrote = bool(own) and own["returned_ms"] <= end_ms
        ph = open_phase(rid, end_ms)
        seen = seen_waiting(rid) if ph in DB_PHASES else []
        if wrote:
            kind = "post_write"
        elif seen:
            kind = "lock_wait"
        elif ph is None and not own:
            kind = "unknown"
        else:
            kind = "pre_write"
        t = {"request_id": rid, "route": r["route"], "method": r["method"], "status": r["status"],
             "start": iso(r["start"]), "end": iso(r["end"]), "duration_ms": ms(r["duration"]),
             "client": r["client"], "kind": kind,
             "stalled_phase": "db.lock_wait" if kind == "lock_wait" else ph,
             "server_phase": ph,
             "own_row": {"table": own["table"], "key": own["key"]} if wrote else None,
             "blocking_pid": holder_pid if kind == "lock_wait" else None,
             "relation": RELATION if kind == "lock_wait" else None,
             "evidence": [{"source": r["source"], "line": r["line"]}]}
        if own and not wrote:
            t["row_committed_after_response_ms"] = round(own["returned_ms"] - end_ms, 3)
        if kind == "lock_wait":
            t["seen_waiting"] = {"captures": len(seen), "files": sorted({x[0] for x in seen}),
                                 "first": iso_us(min(x[1] for x in seen), 3), "last": iso_us(max(x[1] for x in seen), 3)}
            t["evidence"] += [{"source": "inputs/psql/" + x[0], "line": x[3]} for x in seen[:3]]
        s = r["server"]
        names = [e["fields"].get("event") or e["fields"].get("message") for e in s["events"]]
        t["own_events"] = names
        timeouts.append(t)

    # ------------------------------------------------------------ the lock episode
    lock_408 = sorted(t["request_id"] for t in timeouts if t["kind"] == "lock_wait")
    waited_ok = []  # requests that waited on the lock and finished in time
    for r in requests:
        rid = r["request_id"]
        if r["status"] != 408 and rid and any(n in DB_PHASES for n, _, _, _ in phases.get(rid, [])):
            sw = seen_waiting(rid)
            if sw:
                waited_ok.append({"request_id": rid, "route": r["route"], "status": r["status"],
                                  "duration_ms": ms(r["duration"]), "captures": len(sw)})
    seen_all = sorted({us for _, us, _, _, _ in waits})
    episode = {
        "relation": RELATION, "mode": held[0] if held else None, "waited_modes": waited_modes,
        "holder": {"pid": holder_pid, "application_name": HOLDER_APP,
                   "state": holder_states[0] if holder_states else None,
                   "query": holder_queries[-1] if holder_queries else None, "queries_seen": holder_queries},
        "locked_at": iso(lock_t0), "committed_at": iso(lock_t1),
        "first_waiter_seen": iso_us(seen_all[0], 3), "last_waiter_seen": iso_us(seen_all[-1], 3),
        "captures_with_waiters": len({(n, us) for n, us, _, _, _ in waits}),
        "request_ids": lock_408,
        "waited_and_finished": sorted(waited_ok, key=lambda x: x["request_id"]),
        "lock": "BEGIN; LOCK TABLE guild_members IN ACCESS EXCLUSIVE MODE; idle in transaction; COMMIT "
                "(the message POST's permission check and the guild join's resolve read guild_members)",
    }

    # ------------------------------------------------------------ retries
    retried, retried_no_dup = [], []
    for row in clog:
        note = row[8] if len(row) > 8 else ""
        m = re.search(r"\bretry-of=(\S+)", note)
        if not m:
            continue
        first, retry = m.group(1), row[7]
        r1, r2 = by_rid.get(first), by_rid.get(retry)
        check(r1 is not None and r2 is not None and r1["status"] == 408, "retry %s of %s" % (retry, first))
        if not (r1 and r2):
            continue
        t1 = next(t for t in timeouts if t["request_id"] == first)
        w1, w2 = wlog.get(first), wlog.get(retry)
        same = {"request_id": first, "retry_request_id": retry, "client": r1["client"], "route": r1["route"],
                "method": r1["method"], "first_kind": t1["kind"],
                "delay_ms": round((r2["start"] - r1["end"]) * 1000, 3),
                "retry_status": r2["status"], "retry_start": iso(r2["start"]),
                "content_tag": (re.search(r"msg=(w\d+)", note) or [None, None])[1]}
        if t1["kind"] == "post_write":
            check(w2 is not None, "retry %s wrote no row" % retry)
            retried.append(dict(same, write={"table": w1["table"], "key": w1["key"]},
                                retry_write={"table": w2["table"], "key": w2["key"]} if w2 else None,
                                duplicate=True))
        else:
            retried_no_dup.append(dict(same, write=None,
                                       retry_write={"table": w2["table"], "key": w2["key"]} if w2 else None,
                                       first_row_committed_at_all=w1 is not None, duplicate=False))
    for x in retried + retried_no_dup:
        check(1000 <= x["delay_ms"] <= 5000, "retry %s after %.0f ms" % (x["retry_request_id"], x["delay_ms"]))
        check(x["retry_status"] == 201, "retry %s answered %d" % (x["retry_request_id"], x["retry_status"]))
    tags = collections.Counter(re.search(r"\[(w\d+)\]$", w["row"].get("content", "") or "").group(1)
                               for w in writes if w["table"] == "messages" and re.search(r"\[(w\d+)\]$", w["row"].get("content", "") or ""))
    for x in retried:
        check(tags[x["content_tag"]] == 2, "duplicate %s: %d rows" % (x["content_tag"], tags[x["content_tag"]]))
    for x in retried_no_dup:
        check(tags[x["content_tag"]] == 1 and not x["first_row_committed_at_all"],
              "retry without duplicate %s: %d rows" % (x["content_tag"], tags[x["content_tag"]]))
    check(len({x["client"] for x in retried}) >= 3, "3+ clients retried a committed 408")
    check(len(retried_no_dup) >= 1, "a retry after a 408 that did not commit")

    # ------------------------------------------------------------ near misses per cluster
    near = []
    in_any_cluster = lambda r: any(iso(r["start"]) <= c["end"] and iso(r["end"]) >= c["start"] for c in clusters)
    for i, c in enumerate(clusters):
        nm = [r for r in requests if r["route"] == c["route"] and r["method"] in c["methods"] and r["status"] != 408
              and iso(r["start"]) <= c["end"] and iso(r["end"]) >= c["start"]  # overlapped the cluster
              and r["duration"] * 1000 >= NEAR_MISS_SHARE * BUDGET]
        nm.sort(key=lambda r: -r["duration"])
        phase_of = {}
        for r in nm:
            # the phase it spent longest in (the recorder's phase records)
            spans = []
            for name in {n for n, _, _, _ in phases.get(r["request_id"], [])}:
                e, l_ = phase_span(r["request_id"], name)
                if e is not None and l_ is not None:
                    spans.append((l_ - e, name))
            phase_of[r["request_id"]] = max(spans)[1] if spans else None
        near.append({"cluster": {"route": c["route"], "methods": c["methods"], "start": c["start"], "end": c["end"],
                                 "count": c["count"]},
                     "count": len(nm),
                     "slowest": {"request_id": nm[0]["request_id"], "duration_ms": ms(nm[0]["duration"])} if nm else None,
                     "requests": [{"request_id": r["request_id"], "status": r["status"], "start": iso(r["start"]),
                                   "duration_ms": ms(r["duration"]), "phase": phase_of[r["request_id"]]} for r in nm]})
        check(nm and all(5000 <= ms(r["duration"]) < 9900 for r in nm), "cluster %d: near misses 5-9.9 s" % i)
    slow_outside = [{"request_id": r["request_id"], "method": r["method"], "route": r["route"], "status": r["status"],
                     "start": iso(r["start"]), "duration_ms": ms(r["duration"])}
                    for r in requests if r["duration"] * 1000 >= NEAR_MISS_SHARE * BUDGET and r["status"] != 408
                    and not in_any_cluster(r)]
    check(any(x["route"] == "/guilds/{id}/export" and x["duration_ms"] >= 7500 and x["status"] == 200 for x in slow_outside),
          "the slow export outside every cluster")
    msg_clusters = [c for c in clusters if c["route"] == "/guilds/{id}/channels/{id}/messages"]
    check(len(msg_clusters) == 3, "three message-POST clusters (lock, dispatch, search): %d" % len(msg_clusters))
    check(any(c["route"] == "/guilds/{id}/join" for c in clusters), "a guild-join cluster (lock)")

    # ------------------------------------------------------------ captures
    captures = {}
    for name in ("activity_watch_en_US.txt", "activity_watch_C.txt", "pg_locks_watch.txt", "activity_sampled.txt"):
        xs = sorted((us, d) for n, us, d, _ in snaps if n == name)
        captures[name] = {"snapshots": len(xs), "precision": {0: "s", 6: "us"}[xs[0][1]],
                          "source": {0: "\\watch title", 6: "SELECT now() AS sampled_at before each result"}[xs[0][1]],
                          "capture_times": [iso_us(us, d) for us, d in xs], "capture_us": [us for us, _ in xs]}
        if name in titles:
            captures[name]["first_title"], captures[name]["last_title"] = titles[name]
    captures["activity_loop.txt"] = {"snapshots": len(loop), "precision": "ms", "source": "the time that starts each line",
                                     "capture_times": [iso_us(x["us"], 3) for x in loop], "capture_us": [x["us"] for x in loop],
                                     "lines_with_waiting": sum(1 for x in loop if x["waiting"])}
    check(all(v["snapshots"] >= 20 for v in captures.values()), "20+ snapshots per capture file")

    # healthy window: every capture file running, before the lock was taken
    hw0 = max(v["capture_us"][0] for v in captures.values())
    hw1 = int((lock_t0 - 1.0) * 1e6)
    in_hw = {k: sum(1 for us in v["capture_us"] if hw0 <= us <= hw1) for k, v in captures.items()}
    hw_waits = [x for x in waits if hw0 <= x[1] <= hw1] + [x for x in loop if hw0 <= x["us"] <= hw1 and x["waiting"]]
    check(all(n >= 5 for n in in_hw.values()) and not hw_waits, "healthy window: captures, no lock waiter")
    healthy = {"start": iso_us(hw0, 3), "end": iso_us(hw1, 3), "snapshots": in_hw, "lock_waiters": 0,
               "timeouts": sum(1 for r in requests if r["status"] == 408 and hw0 / 1e6 <= r["start"] <= hw1 / 1e6),
               "note": "from the first moment every capture file was running to 1 s before LOCK TABLE"}
    check(healthy["timeouts"] == 0, "no 408 in the healthy window")

    # ------------------------------------------------------------ design checks (the recorder's view)
    ev = lambda name: [e for e in events if e["fields"].get("event") == name]
    for t in timeouts:
        n = note_of.get(t["request_id"], "")
        if n.startswith("expect-408-after-write"):
            check(t["kind"] == "post_write", "expected a post-write 408: %s %s" % (t["request_id"], t["kind"]))
        elif n.startswith("expect-408-no-write"):
            check(t["kind"] == "lock_wait", "expected a lock wait: %s %s" % (t["request_id"], t["kind"]))
        else:
            check(False, "unexpected 408 %s (%s)" % (t["request_id"], n))
        names = t["own_events"]
        if t["kind"] == "post_write":
            check(t["stalled_phase"] in ("gateway.dispatch", "search.ack_wait"), "stall %s in %s" % (t["request_id"], t["stalled_phase"]))
            check(not any(x.endswith(".full_queue") for x in names), "stall %s: a full_queue event of its own" % t["request_id"])
            check("debug.gateway.broadcast_channel_event.timing" not in names, "stall %s: its own fan-out timing" % t["request_id"])
            if t["stalled_phase"] == "search.ack_wait":
                check("debug.search.enqueue_search_command.timing" not in names, "stall %s: its own ack timing" % t["request_id"])
            r = by_rid[t["request_id"]]
            field, name = (("dispatch_ms", "debug.gateway.broadcast_channel_event.timing") if t["stalled_phase"] == "gateway.dispatch"
                           else ("ack_wait_ms", "debug.search.enqueue_search_command.timing"))
            conc = [int(e["fields"][field]) for e in ev(name) if r["start"] <= e["_t"] <= r["end"] + 3]
            t["concurrent_max_" + field] = max(conc or [0])
            check(max(conc or [0]) >= 9000, "stall %s: no concurrent %s >= 9 s" % (t["request_id"], field))
        if t["kind"] == "lock_wait":
            check(not any(x in ("debug.db.permission_check.timing", "debug.guild.join_public_guild.timing") for x in names),
                  "lock waiter %s logged a DB timing" % t["request_id"])
            check(t["request_id"] not in wlog or wlog[t["request_id"]]["flag"] == "after_timeout", "lock waiter %s wrote" % t["request_id"])
    perm = [int(e["fields"]["wait_ms"]) for e in ev("debug.db.permission_check.timing")]
    check(max(perm or [0]) >= 5000, "a completed permission check waited 5+ s on the lock")
    check(len(lock_408) >= 5, "5+ lock-waiting 408s")
    for row in clog:
        note, st = (row[8] if len(row) > 8 else ""), int(row[6])
        if note.startswith("expect-slow"):
            check(st in (200, 201), "expected a slow success: %s" % row)
        check("error=" not in note, "client error: %s" % row)
    check(len(clog) == len(requests), "client log has %d requests, Caddy %d" % (len(clog), len(requests)))

    # ------------------------------------------------------------ facts
    kinds = collections.Counter(t["kind"] for t in timeouts)
    timeline = [
        (iso(requests[0]["start"]), "first request; healthy traffic, the slow export (%s)" % next(
            x["duration_ms"] for x in slow_outside if x["route"] == "/guilds/{id}/export")),
        (episode["locked_at"], "%s (pid %s) takes LOCK TABLE %s IN ACCESS EXCLUSIVE MODE, idle in transaction"
         % (HOLDER_APP, holder_pid, RELATION)),
        (episode["committed_at"], "%s commits; the waiting permission checks and joins go on (the 408'd ones log nothing)" % HOLDER_APP),
    ]
    for c in msg_clusters[1:]:
        ph = collections.Counter(t["stalled_phase"] for t in timeouts if t["route"] == c["route"]
                                 and c["start"] <= t["start"] <= c["end"])
        timeline.append((c["start"], "%s wedge: %d × 408 after the row committed" % (ph.most_common(1)[0][0], c["count"])))
    timeline.append((iso(requests[-1]["end"]), "last request"))
    timeline.sort()
    facts = {
        "generated_from": "wedges/inputs/ by expected.py --scenario wedges, with the recorder's private records "
                          "(client log, server write/phase log, lock holder log)",
        "requests": {"caddy_lines": len(requests),
                     "by_status": dict(sorted(collections.Counter(str(r["status"]) for r in requests).items())),
                     "server_requests": len(g["srv"]), "linked": dict(g["links"])},
        "timeout_budget_ms": BUDGET,
        "timeout_clusters": clusters,
        "timeouts": timeouts,
        "timeouts_by_kind": dict(sorted(kinds.items())),
        "lock_episodes": [episode],
        "retried_timeouts": retried,
        "retries_without_duplicate": retried_no_dup,
        "near_misses": near,
        "near_miss_definition": "same route and method as the cluster, not 408, overlapped the cluster's "
                                "[start, end], took at least %d%% of the budget" % round(NEAR_MISS_SHARE * 100),
        "slow_outside_clusters": slow_outside,
        "captures": captures,
        "healthy_window": healthy,
        "psql": {"count_before": {"now": g["count_before"][0], "count": g["count_before"][1]},
                 "count_after": {"now": g["count_after"][0], "count": g["count_after"][1]},
                 "messages_rows": len(g["msg_rows"]), "audit_logs_rows": len(g["audit_rows"])},
        "timeline": [{"at": t, "what": w} for t, w in timeline],
    }
    os.makedirs(os.path.join(BASE, "expected"), exist_ok=True)
    with open(os.path.join(BASE, "expected", "facts.json"), "w", encoding="utf-8") as f:
        json.dump(facts, f, indent=1, ensure_ascii=False)
        f.write("\n")

    # ------------------------------------------------------------ README section
    md = []
    w = md.append
    w("Generated by `expected.py --scenario wedges` (run of %s). Machine-readable: `wedges/expected/facts.json`." % iso(requests[0]["start"])[:10])
    w("")
    w("| time | what |")
    w("| --- | --- |")
    for t, what in timeline:
        w("| %s | %s |" % (t, what))
    w("")
    w("Requests: %d Caddy lines (%s); %d server requests, linked %d by request_id and %d by method+path+time."
      % (len(requests), ", ".join("%s×%d" % kv for kv in facts["requests"]["by_status"].items()), len(g["srv"]),
         g["links"]["request_id"], g["links"]["path_time"]))
    w("")
    w("- Timeout clusters: %s." % "; ".join("%s `%s` %d × 408 (%s .. %s)" % (",".join(c["methods"]), c["route"], c["count"], c["start"], c["end"]) for c in clusters))
    w("- Timeouts by kind: %s." % ", ".join("%s %d" % kv for kv in sorted(kinds.items())))
    w("- Lock episode: `%s` %s held by pid %s (%s, %s, `%s`) %s .. %s; %d timed-out waiters, %d waited and finished; waiters seen in %d captures."
      % (RELATION, episode["mode"], holder_pid, HOLDER_APP, episode["holder"]["state"], episode["holder"]["query"],
         episode["locked_at"], episode["committed_at"], len(lock_408), len(waited_ok), episode["captures_with_waiters"]))
    w("- Retried after a committed 408 (duplicate rows): %s." % ", ".join(
        "`%s` → `%s` (%.0f ms, %s)" % (x["request_id"], x["retry_request_id"], x["delay_ms"], x["client"]) for x in retried))
    w("- Retried after a lock-wait 408 (no duplicate): %s." % ", ".join(
        "`%s` → `%s` (%.0f ms, %s)" % (x["request_id"], x["retry_request_id"], x["delay_ms"], x["client"]) for x in retried_no_dup))
    w("- Near misses: %s." % "; ".join("`%s` from %s: %d, slowest `%s` %.0f ms" % (
        n["cluster"]["route"], n["cluster"]["start"], n["count"], n["slowest"]["request_id"], n["slowest"]["duration_ms"])
        for n in near if n["slowest"]))
    w("- Slow but outside every cluster (no near miss): %s." % ", ".join(
        "%s `%s` %.0f ms" % (x["method"], x["route"], x["duration_ms"]) for x in slow_outside))
    w("- Captures: %s. Healthy window %s .. %s (no lock waiter)." % (", ".join(
        "`%s` %d (%s)" % (k, v["snapshots"], v["precision"]) for k, v in captures.items()), healthy["start"], healthy["end"]))
    w("")
    w("| request id | route | kind | stalled phase | start | duration ms | own row | blocked by |")
    w("| --- | --- | --- | --- | --- | ---: | --- | --- |")
    for t in timeouts:
        o = t["own_row"]
        w("| `%s` | %s `%s` | %s | %s | %s | %.3f | %s | %s |" % (
            t["request_id"], t["method"], t["route"], t["kind"], t["stalled_phase"], t["start"], t["duration_ms"],
            "%s `%s`" % (o["table"], o["key"]) if o else "none",
            "pid %s on %s" % (t["blocking_pid"], t["relation"]) if t["blocking_pid"] else ""))
    g["replace_section"]("<!-- BEGIN WEDGES EXPECTED (generated by expected.py --scenario wedges) -->",
                         "<!-- END WEDGES EXPECTED -->", md)

    if problems:
        for p in problems:
            print("expected.py: CHECK FAILED: " + p, file=sys.stderr)
        return 1
    print("expected.py wedges: %d clusters, timeouts %s, %d retried duplicates, %d lock waiters; all checks passed"
          % (len(clusters), dict(kinds), len(retried), len(lock_408)), file=sys.stderr)
    return 0
