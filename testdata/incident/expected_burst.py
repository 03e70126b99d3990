"""The burst recording's findings (imported by `expected.py --scenario burst`).

expected.py parses burst/inputs/ exactly as it parses the incident's inputs
(Caddy requests, server requests and their links, the psql tables, timeout
clusters, limiter buckets, login attempts) and then hands its namespace to
run() here, which adds what only this recording has, from the recorder's own
records:

  * --private-log: the server's private truth (server --private-log): one
    `write` line per INSERT that returned (request id, table, row id, ms the
    id was minted, ms the INSERT returned, in_time|after_timeout) and one
    `rate_limit` line per limiter rejection (event, forwarded client, ms),
    written under the lock that also emits the event, so the k-th line of an
    event name is the k-th such event in server.log;
  * --client-log: what each client sent and saw (its X-Request-Id, status, and
    the unique content tag of each message, `msg=bNNN`);
  * --holder-log: when the ops-backfill session took and released its lock.

Writes burst/expected/facts.json and the BURST section of README.md; exits 1
when the run did not come out as designed.
"""
import collections
import json
import os
import re


def parse_watch(path):
    """aligned psql output, \\watch or not: a list of tables
    {title, header, rows: [(line no, {col: value})]}; the last column may hold
    '|' (queries), so a row is split into at most len(header) parts"""
    with open(path, encoding="utf-8") as f:
        lines = f.read().split("\n")
    tables, title = [], None
    for i, l in enumerate(lines):
        m = re.match(r"^\s*(\S.*?) \(every (\d+)s\)$", l)
        if m:
            title = m.group(1)
            continue
        if re.match(r"^-+(\+-+)*$", l) and i > 0:
            header = [h.strip() for h in lines[i - 1].split("|")]
            rows = []
            for j in range(i + 1, len(lines)):
                if re.match(r"^\(\d+ rows?\)$", lines[j]):
                    break
                rows.append((j + 1, dict(zip(header, [c.strip() for c in lines[j].split("|", len(header) - 1)]))))
            tables.append({"title": title, "header": header, "rows": rows})
    return tables


def run(g):
    check, problems, iso, ms = g["check"], g["problems"], g["iso"], g["ms"]
    requests, writes, events, clusters = g["requests"], g["writes"], g["events"], g["clusters"]
    INP, BASE, HERE = g["INP"], g["BASE"], g["HERE"]
    ULID_RE = g["ULID_RE"]
    arg = g["arg"]

    # ------------------------------------------------------------ private records
    wlog = {}  # request id -> its write
    done_of_row = {}
    for p in g["private"]:
        if p[0] == "write":
            rid, table, key, minted, done, flag = p[1:7]
            check(rid not in wlog, "two writes for request %s" % rid)
            wlog[rid] = {"table": table, "key": key, "minted_ms": int(minted), "returned_ms": int(done), "flag": flag}
            done_of_row[(table, key)] = int(done)
    with open(arg("--client-log"), encoding="utf-8") as f:
        clog = [l.rstrip("\n").split("\t") for l in f if l.strip()]
    with open(arg("--holder-log"), encoding="utf-8") as f:
        holder_log = [l.rstrip("\n").split("\t") for l in f if l.strip()]
    check(len(holder_log) == 1, "one lock holder")
    lock_t0, lock_t1 = float(holder_log[0][0]), float(holder_log[0][1])
    tag_of_rid = {}
    for row in clog:
        m = re.search(r"\bmsg=(b\d+)", row[8] if len(row) > 8 else "")
        if m and row[7]:
            tag_of_rid[row[7]] = m.group(1)
    row_of_tag = {}
    for w in writes:
        m = re.search(r"\[(b\d+)\]$", w["row"].get("content", "") or "")
        if w["table"] == "messages" and m:
            row_of_tag[m.group(1)] = w
    row_by_key = {(w["table"], w["id"]): w for w in writes}
    check(all(k in row_by_key for k in done_of_row), "every write the server made is in the final tables")

    # ------------------------------------------------------------ psql captures
    act = parse_watch(os.path.join(INP, "psql", "lock_activity_watch.txt"))
    locks_en = parse_watch(os.path.join(INP, "psql", "pg_locks_watch_en_US.txt"))
    sampled = parse_watch(os.path.join(INP, "psql", "activity_sampled.txt"))
    holders = {(r["pid"], r["application_name"], r["state"], r["query"]) for t in act for _, r in t["rows"]
               if r["application_name"] == "ops-backfill"}
    check(len({h[0] for h in holders}) == 1, "one ops-backfill session in the captures")
    holder_pid = next(iter(holders))[0] if holders else None
    holder = {"pid": int(holder_pid) if holder_pid else None, "application_name": "ops-backfill",
              "states": sorted({h[2] for h in holders}), "query": sorted({h[3] for h in holders}),
              "locked_at": iso(lock_t0), "committed_at": iso(lock_t1),
              "lock": "LOCK TABLE messages IN EXCLUSIVE MODE (an idle transaction; SELECT still runs, INSERT waits)"}
    check(holder["states"] == ["idle in transaction"], "holder idle in transaction: %s" % holder["states"])
    c_title = re.compile(r"^\w{3} \w{3} +\d+ \d\d:\d\d:\d\d \d{4}$")
    en_title = re.compile(r"^\w{3} \d\d \w{3} \d{4} \d\d:\d\d:\d\d [AP]M UTC$")
    check(act and all(c_title.match(t["title"]) for t in act), "C-locale \\watch titles in lock_activity_watch.txt")
    check(locks_en and all(en_title.match(t["title"]) for t in locks_en), "en_US \\watch titles in pg_locks_watch_en_US.txt")
    sampled_at = [r["sampled_at"] for t in sampled if t["header"] == ["sampled_at"] for _, r in t["rows"]]
    check(len(sampled_at) >= 5 and len(sampled_at) * 2 == len(sampled), "activity_sampled.txt: now() before each result")
    waiting_rows = [(t["title"], ln, r) for t in act for ln, r in t["rows"] if r["wait_event_type"] == "Lock"]

    # ------------------------------------------------------------ every 408 explained
    def same_path_rows(r, exclude):
        ids = {s for s in r["server_path"].split("/") if ULID_RE.match(s)}
        return ids, [w for w in writes if (w["table"], w["id"]) != exclude and ids & w["ids"]]

    timeouts, stalls, lock_waits = [], [], []
    for r in requests:
        if r["status"] != 408:
            continue
        rid = r["request_id"]
        own = wlog.get(rid)
        end_ms = r["end"] * 1000
        wrote = bool(own) and own["returned_ms"] <= end_ms
        tag = tag_of_rid.get(rid)
        check(own is not None, "408 %s: the server never wrote (not designed here)" % rid)
        if own is None:
            continue
        check(tag is not None and row_of_tag.get(tag) is not None and row_of_tag[tag]["id"] == own["key"],
              "408 %s: the content tag's row is not the server's own write" % rid)
        w = row_by_key[(own["table"], own["key"])]
        ids, others = same_path_rows(r, (own["table"], own["key"]))
        in_win = [x for x in others if r["start"] * 1000 <= x["ms"] <= end_ms]
        before = [x for x in others if x["ms"] < r["start"] * 1000]
        after = [x for x in others if x["ms"] > end_ms]
        seen = [(t, ln, x) for t, ln, x in waiting_rows if own["key"] in x["query"]]
        base = {
            "request_id": rid, "route": r["route"], "method": r["method"], "status": r["status"],
            "start": iso(r["start"]), "end": iso(r["end"]), "duration_ms": ms(r["duration"]),
            "path_ids": sorted(ids), "content_tag": tag,
            "own_row": {"table": own["table"], "key": own["key"], "ulid_at": iso(w["ms"] / 1000), "ulid_ms": w["ms"],
                        "created_at_unix": w["created_at_unix"], "insert_returned_at": iso(own["returned_ms"] / 1000),
                        "committed_before_response": wrote},
            "rows_sharing_path_ids": {"ulid_in_window": len(in_win), "before_start": len(before), "after_end": len(after),
                                      "in_window_by_table": dict(sorted(collections.Counter(x["table"] for x in in_win).items()))},
        }
        if wrote:
            kind = "post_write_stall"
            s = r["server"]
            own_after = [e for e in s["events"] if e["_t"] * 1000 >= w["ms"] and e["target"] != "tower_http::trace::on_response"]
            names = [e["fields"].get("event") or e["fields"].get("message") for e in own_after]
            prev = max(before, key=lambda x: x["ms"])
            check("gateway.message_fanout.full_queue" in names, "stall %s: no fan-out warning after its write" % rid)
            # the search ack came (its timing event is there), the fan-out never finished
            check("debug.gateway.broadcast_channel_event.timing" not in names, "stall %s: a fan-out completion event" % rid)
            check(w["ms"] - r["start"] * 1000 < 50, "stall %s: write not right after the start" % rid)
            stalls.append({
                "request_id": rid, "route": r["route"], "method": r["method"], "status": r["status"],
                "start": iso(r["start"]), "end": iso(r["end"]), "duration_ms": ms(r["duration"]),
                "server_span_has_request_id": bool(s["request_id"]), "link": r["link"],
                "write": {"table": own["table"], "key": own["key"], "written_at": iso(w["ms"] / 1000), "ulid_ms": w["ms"],
                          "created_at_unix": w["created_at_unix"], "attributed_by": "server private log; content tag " + tag,
                          "row": w["row"]},
                "write_to_response_ms": round(end_ms - w["ms"], 3),
                "stalled_phase": "fanout",
                "stalled_phase_evidence": "gateway fan-out (own event after the write: %s)" % ", ".join(names),
                "own_events_after_write": names,
                "other_rows_same_path_ids": base["rows_sharing_path_ids"],
                "previous_row_before_start_ms": round(r["start"] * 1000 - prev["ms"], 3),
                "evidence": [{"source": r["source"], "line": r["line"]}, {"source": "inputs/psql/messages.txt", "line": None}]
                + [{"source": "inputs/server/server.log", "line": e["_line"]} for e in s["events"]],
            })
        else:
            kind = "lock_wait" if seen else "before_write"
            check(kind == "lock_wait", "408 %s without a write was never seen waiting on a lock" % rid)
            blockers = sorted({x["blocked_by"] for _, _, x in seen})
            check(blockers == ["{%s}" % holder_pid], "lock wait %s: blocked by %s" % (rid, blockers))
            check(own["flag"] == "after_timeout" and own["returned_ms"] > end_ms, "lock wait %s wrote before its 408" % rid)
            check(r["start"] * 1000 <= w["ms"] <= end_ms, "lock wait %s: ULID minted in its window (the trap)" % rid)
            in_win_committed = [x for x in in_win if done_of_row.get((x["table"], x["id"]), 0) <= end_ms]
            lock_waits.append(dict(base, **{
                "kind": "lock_wait", "kind_text": "waiting on a lock",
                "wrote_before_response": False,
                "row_committed_after_response_ms": round(own["returned_ms"] - end_ms, 3),
                "blocking_pid": int(holder_pid), "relation": "messages", "waited_mode": "RowExclusiveLock",
                "holder": {"pid": int(holder_pid), "application_name": "ops-backfill", "state": "idle in transaction",
                           "query": "LOCK TABLE messages IN EXCLUSIVE MODE;"},
                "seen_waiting": {"source": "inputs/psql/lock_activity_watch.txt", "samples": len(seen),
                                 "first": seen[0][0], "last": seen[-1][0], "first_line": seen[0][1]},
                "rows_sharing_path_ids_committed_in_window": sorted(
                    "%s:%s" % (x["table"], x["id"]) for x in in_win_committed),
            }))
        timeouts.append(dict(base, kind=kind))

    # ------------------------------------------------------------ limiter
    buckets = g["bucket_facts"]
    peer = [b for b in buckets if b["client_ip_source"] == "peer"]
    fwd = [b for b in buckets if b["client_ip_source"] == "forwarded"]
    check(len(peer) == 1 and peer[0]["collapse"], "one peer-keyed collapse")
    check(len(fwd) == 1 and not fwd[0]["collapse"] and fwd[0]["distinct_rejected_clients"] == 1, "one per-client limited client")
    b = peer[0]
    items = next(v for (ev, _r, ip, src, _l), v in g["buckets"].items() if src == "peer")
    per = g["attempts_of"]("/auth/login")
    rejections = []
    for e, r in items:
        n = next(i for i, x in enumerate(per[r["client"]], 1) if x is r)
        rejections.append({"server_log_line": e["_line"], "event_at": g["iso"](e["_t"]), "client_ip": r["client"],
                           "attempt": n, "caddy": {"source": r["source"], "line": r["line"]}, "request_id": None})
    attempts = g["login_attempts"]
    early_victims = sorted({a["client_ip"] for a in attempts if a["attempt"] <= 2 and a["status"] == 429})
    late_only = sorted({x["client_ip"] for x in rejections} - set(early_victims))
    check(early_victims == sorted({x["client_ip"] for x in b["early_rejections"]}), "early victims = early rejections")
    check(len(late_only) >= 3, "clients rejected only on a later (> 2nd) attempt")
    login_reqs = sorted((r for r in requests if r["route"] == "/auth/login"), key=lambda r: r["start"])
    check(all(not r["request_id"] for r in login_reqs), "no login Caddy line carries an X-Request-Id")
    check(all(not (r["server"] or {}).get("request_id") for r in login_reqs), "no login span carries request_id")
    starts = [r["start"] for r in login_reqs]
    per_sec = collections.Counter(int(t - starts[0]) for t in starts if b["window"]["start"] <= iso(t))
    busy = sorted(s for s, n in per_sec.items() if n >= 10)
    check(len(busy) >= 4 and busy == list(range(busy[0], busy[0] + len(busy))), "10+ logins/s for 4+ seconds")
    check(b["distinct_clients_in_window"] >= 50, "50+ real clients in the bucket's window")
    login_facts = {
        "bucket": {k: b[k] for k in ("limiter", "route", "route_template", "bucket_ip", "client_ip_source")},
        "window": b["window"], "clients": b["clients"], "distinct_clients": b["distinct_clients"],
        "rejections": rejections, "rejections_count": len(rejections),
        "early_victims": early_victims, "late_rejected_only": late_only,
        "logins_per_second_max": max(per_sec.values()), "seconds_with_10_or_more_logins": len(busy),
        "accepted_in_window": sum(1 for r in login_reqs if r["status"] != 429
                                  and b["window"]["start"] <= iso(r["start"]) <= b["window"]["end"]),
    }

    # ------------------------------------------------------------ concurrency per channel (fan-out stall)
    chan = collections.defaultdict(list)
    for r in requests:
        if r["method"] == "POST" and r["route"] == "/guilds/{id}/channels/{id}/messages":
            chan[r["server_path"].split("/")[4]].append(r)
    stall_ids = {s["request_id"] for s in stalls}
    concurrency = []
    for c, rs in sorted(chan.items()):
        st = [r for r in rs if r["request_id"] in stall_ids]
        if not st:
            continue
        peak = max(sum(1 for x in rs if x["start"] <= r["start"] < x["end"] or x is r) for r in rs)
        peak_stalled = max(sum(1 for x in st if x["start"] <= r["start"] < x["end"] or x is r) for r in st)
        concurrency.append({"channel_id": c, "posts": len(rs), "stalled": len(st), "max_concurrent_posts": peak,
                            "max_concurrent_stalled": peak_stalled})
        check(len(st) >= 5 and peak >= 5 and peak_stalled >= 5, "channel %s: 5+ concurrent writers, 5+ stalls" % c)
    check(len(concurrency) >= 2, "fan-out stalls on 2+ channels")
    for s in stalls:
        o = s["other_rows_same_path_ids"]
        check(o["before_start"] and o["ulid_in_window"] >= 3 and o["after_end"], "stall %s: rows not interleaved" % s["request_id"])
    check(any(s["previous_row_before_start_ms"] < 100 for s in stalls), "a previous row just before a stall's start")
    check(len(lock_waits) >= 3, "3+ lock waiters")
    check(all(lw["rows_sharing_path_ids_committed_in_window"] for lw in lock_waits),
          "rows sharing the lock waiters' path ids are committed in their windows")

    # ------------------------------------------------------------ client-side expectations
    check(len(clog) == len(requests), "client log has %d requests, Caddy %d" % (len(clog), len(requests)))
    kind_of = {t["request_id"]: t["kind"] for t in timeouts}
    for row in clog:
        note, st = (row[8] if len(row) > 8 else ""), int(row[6])
        if note.startswith("expect-408-after-write"):
            check(st == 408 and kind_of.get(row[7]) == "post_write_stall", "expected a post-write stall: %s" % row)
        if note.startswith("expect-408-no-write"):
            check(st == 408 and kind_of.get(row[7]) == "lock_wait", "expected a lock wait: %s" % row)
        if note.startswith("expect-slow"):
            check(st in (200, 201, 204), "expected a slow success: %s" % row)
        if st == 408:
            check(note.startswith("expect-408"), "unexpected 408: %s" % row)
        check("error=" not in note, "client error: %s" % row)

    # ------------------------------------------------------------ facts
    count_before, count_after = g["count_before"], g["count_after"]
    links = g["links"]
    first_fan = min(s["start"] for s in stalls)
    timeline = [
        (iso(requests[0]["start"]), "first request; member01-04 log in twice each (accepted, 3 s apart)"),
        (b["first_rejection"], "login burst: %d logins from %d real clients, first auth.rate_limit 429 (bucket %s/peer, no request ids) ... last at %s"
         % (len([r for r in login_reqs if b["window"]["start"] <= iso(r["start"]) <= b["window"]["end"]]),
            b["distinct_clients"], b["bucket_ip"], b["last_rejection"])),
        (fwd[0]["first_rejection"], "scraper %s on the per-client join limiter ... last at %s" % (fwd[0]["bucket_ip"], fwd[0]["last_rejection"])),
        (first_fan, "channel fan-out blocked on %d channels: first post-write stall starts" % len(concurrency)),
        (holder["locked_at"], "ops-backfill (pid %s) takes LOCK TABLE messages IN EXCLUSIVE MODE, idle in transaction" % holder_pid),
        (holder["committed_at"], "ops-backfill commits; the waiting INSERTs commit (after their 408s)"),
        (iso(requests[-1]["end"]), "last request"),
    ]
    facts = {
        "generated_from": "burst/inputs/ by expected.py --scenario burst, with the recorder's private records "
                          "(client log, server write/limiter log, lock holder log)",
        "requests": {"caddy_lines": len(requests),
                     "by_status": dict(sorted(collections.Counter(str(r["status"]) for r in requests).items())),
                     "server_requests": len(g["srv"]), "linked": dict(links),
                     "spans_without_request_id": sorted({"%s %s" % (s["method"], g["template"](s["path"]))
                                                         for s in g["srv"] if not s["request_id"]})},
        "timeout_budget_ms": g["TIMEOUT_BUDGET_MS"],
        "timeout_clusters": clusters,
        "timeouts": timeouts,
        "post_write_stalls": stalls,
        "lock_waits": lock_waits,
        "timeouts_not_stalls": [{k: lw[k] for k in ("request_id", "route", "method", "status", "start", "duration_ms", "kind")}
                                for lw in lock_waits],
        "lock_holder": holder,
        "fanout_concurrency": concurrency,
        "limiter_buckets": buckets,
        "limiter_collapses": [x for x in buckets if x["collapse"]],
        "login_collapse": login_facts,
        "per_client_limited": [{k: x[k] for k in ("limiter", "route", "bucket_ip", "client_ip_source", "rejections",
                                                  "rejected_clients", "collapse")} for x in fwd],
        "login_attempts": attempts,
        "psql": {"count_before": {"now": count_before[0], "count": count_before[1]},
                 "count_after": {"now": count_after[0], "count": count_after[1]},
                 "messages_rows": len(g["msg_rows"]), "audit_logs_rows": len(g["audit_rows"]),
                 "lock_activity_watch": {"iterations": len(act), "first_title": act[0]["title"], "last_title": act[-1]["title"],
                                         "lock_wait_rows": len(waiting_rows)},
                 "pg_locks_watch_en_US": {"iterations": len(locks_en), "first_title": locks_en[0]["title"],
                                          "last_title": locks_en[-1]["title"],
                                          "not_granted_rows": sum(1 for t in locks_en for _, x in t["rows"] if x["granted"] == "f")},
                 "activity_sampled": {"samples": len(sampled_at), "first": sampled_at[0], "last": sampled_at[-1]}},
        "timeline": [{"at": t, "what": w} for t, w in timeline],
    }
    os.makedirs(os.path.join(BASE, "expected"), exist_ok=True)
    with open(os.path.join(BASE, "expected", "facts.json"), "w", encoding="utf-8") as f:
        json.dump(facts, f, indent=1, ensure_ascii=False)
        f.write("\n")

    # ------------------------------------------------------------ README section
    md = []
    w = md.append
    w("Generated by `expected.py --scenario burst` (run of %s). Machine-readable: `burst/expected/facts.json`." % iso(requests[0]["start"])[:10])
    w("")
    w("| time | what |")
    w("| --- | --- |")
    for t, what in timeline:
        w("| %s | %s |" % (t, what))
    w("")
    w("Requests: %d Caddy lines (%s); %d server requests, linked %d by request_id and %d by method+path+time."
      % (len(requests), ", ".join("%s×%d" % kv for kv in facts["requests"]["by_status"].items()), len(g["srv"]),
         links["request_id"], links["path_time"]))
    w("")
    w("- Timeout clusters: %s." % "; ".join("%s `%s` %d × 408 (%s .. %s)" % (",".join(c["methods"]), c["route"], c["count"], c["start"], c["end"]) for c in clusters))
    w("- Login collapse: bucket `%s` (%s), %d real clients in %s .. %s, %d rejections, %d early victims (first or second attempt answered 429), %d clients rejected only on a later attempt (%s); up to %d logins/s, %d s with 10+."
      % (b["bucket_ip"], b["client_ip_source"], b["distinct_clients"], b["window"]["start"], b["window"]["end"], len(rejections),
         len(early_victims), len(late_only), ", ".join(late_only), login_facts["logins_per_second_max"], len(busy)))
    for x in fwd:
        w("- Per-client limiter, not a collapse: `%s` %s, %d rejections of %s." % (x["limiter"], x["route"], x["rejections"], x["bucket_ip"]))
    w("- Post-write stalls (fan-out): %d, on channels %s; max concurrent posts per channel %s."
      % (len(stalls), ", ".join("`%s` (%d)" % (c["channel_id"], c["stalled"]) for c in concurrency),
         ", ".join(str(c["max_concurrent_posts"]) for c in concurrency)))
    w("- Lock waits (408, no write before the response): %d, blocked by pid %s (ops-backfill, idle in transaction); their rows committed %s ms after the 408s."
      % (len(lock_waits), holder_pid, "-".join(str(int(v)) for v in (min(x["row_committed_after_response_ms"] for x in lock_waits),
                                                                      max(x["row_committed_after_response_ms"] for x in lock_waits)))))
    w("")
    w("| request id | kind | start | duration ms | own row | ULID time | INSERT returned | committed before 408 |")
    w("| --- | --- | --- | ---: | --- | --- | --- | --- |")
    for t in timeouts:
        o = t["own_row"]
        w("| `%s` | %s | %s | %.3f | %s `%s` | %s | %s | %s |" % (t["request_id"], t["kind"], t["start"], t["duration_ms"], o["table"], o["key"],
                                                              o["ulid_at"], o["insert_returned_at"], "yes" if o["committed_before_response"] else "no"))
    g["replace_section"]("<!-- BEGIN BURST EXPECTED (generated by expected.py --scenario burst) -->", "<!-- END BURST EXPECTED -->", md)

    if problems:
        for p in problems:
            print("expected.py: CHECK FAILED: " + p, file=__import__("sys").stderr)
        return 1
    print("expected.py burst: %d clusters, %d stalls, %d lock waits, collapse of %d clients (%d early victims); all checks passed"
          % (len(clusters), len(stalls), len(lock_waits), b["distinct_clients"], len(early_victims)), file=__import__("sys").stderr)
    return 0
