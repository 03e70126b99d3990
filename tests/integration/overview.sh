# overview.sh - the model's per-route overview on the bundled incident,
# checked value by value against a computation of its own: python over the
# proxy's raw access logs (both files of the rotated set), never over
# analyze's output or its database. Then the same overview in report.html
# and the text summary.
. "$(dirname "$0")/lib.sh" "$@"

I=$TESTDATA/incident
FACTS=$I/expected/facts.json
DB=$WORK/incident.db
OUT=$WORK/report.json

report_recording "$I/inputs"

# truth: the access logs read as Caddy wrote them. Route: the path without
# the /api prefix Caddy strips, ULIDs as {id} (the only ids the incident's
# paths hold); duration: the decimal seconds to µs, rounded half up;
# client: Cf-Connecting-Ip, else the first X-Forwarded-For, else client_ip,
# else remote_ip; percentiles by nearest rank.
cat >"$WORK/truth.py" <<'PY'
import decimal, gzip, json, math, re, sys
from collections import Counter, defaultdict
from datetime import datetime, timezone
D = decimal.Decimal
d = sys.argv[1]
# optional: the window's since, the baseline's since and until (RFC 3339)
us_of = lambda t: int(D(datetime.fromisoformat(t.replace("Z", "+00:00")).timestamp()) * 1000000)
bounds = [us_of(t) for t in sys.argv[2:]]
lines = []
for name, op in (("access.log.1.gz", gzip.open), ("access.log", open)):
    with op(d + "/" + name, "rt") as fh:
        lines += [json.loads(l, parse_float=D) for l in fh if l.strip()]
mic = lambda x: int((x * 1000000).quantize(D(1), rounding=decimal.ROUND_HALF_UP))
end_us = lambda l: mic(l["ts"])
start_us = lambda l: end_us(l) - mic(l["duration"])
within = lambda l, lo, hi: end_us(l) >= lo and (hi is None or start_us(l) < hi)
everything = lines
if bounds:
    lines = [l for l in everything if within(l, bounds[0], None)]
def route(uri):
    path = uri.split("?")[0]
    path = path[4:] if path.startswith("/api/") else path
    return re.sub(r"/[0-9A-HJKMNP-TV-Z]{26}(?=/|$)", "/{id}", path)
def client(req):
    h = req.get("headers", {})
    for v in (h.get("Cf-Connecting-Ip", [""])[0].strip(),
              h.get("X-Forwarded-For", [""])[0].split(",")[0].strip(),
              req.get("client_ip", ""), req.get("remote_ip")):
        if v:
            return v
def by_route(ls):
    g = defaultdict(list)
    for l in ls:
        g[(route(l["request"]["uri"]), l["request"]["method"])].append(l)
    return g
groups = by_route(lines)
def top(values):
    return [{"value": v, "requests": n} for v, n in
            sorted(Counter(x for x in values if x is not None).items(), key=lambda p: (-p[1], p[0]))[:3]]
def core(ls):
    s = stats(ls)
    return {k: s[k] for k in ("requests", "status", "errors", "error_share", "timed", "latency_ms")}
ua = lambda l: l["request"].get("headers", {}).get("User-Agent", [None])[0]
def stats(ls):
    n = len(ls)
    st = {k: 0 for k in ("2xx", "3xx", "4xx", "5xx", "other", "408", "429")}
    for l in ls:
        s = l["status"]
        k = str(s) if s in (408, 429) else f"{s // 100}xx" if 200 <= s < 600 else "other"
        st[k] += 1
    errors = st["5xx"] + st["408"] + st["429"]
    us = sorted(int((l["duration"] * 1000000).quantize(D(1), rounding=decimal.ROUND_HALF_UP)) for l in ls)
    rank = lambda p: us[max(math.ceil(p * len(us) / 100), 1) - 1]
    return {"requests": n, "status": st, "errors": errors, "error_share": round(errors / n, 3),
            "timed": len(us),
            "latency_ms": {"p50": rank(50) / 1000, "p95": rank(95) / 1000, "p99": rank(99) / 1000,
                           "max": us[-1] / 1000},
            "clients": top(client(l["request"]) for l in ls),
            "user_agents": top(ua(l) for l in ls),
            # the busiest are exact while a row has at most 32 distinct of each
            # (256 for the whole window)
            "busiest_exact": max(len({client(l["request"]) for l in ls}), len({ua(l) for l in ls} - {None}))
                             <= (256 if ls is everything or ls is lines else 32)}
rows = [dict({"route": r, "method": m}, **stats(ls)) for (r, m), ls in groups.items()]
rows.sort(key=lambda x: (-x["requests"], x["route"], x["method"]))
out = {"percentiles": "nearest-rank", "routes_total": len(rows), "all": stats(lines), "routes": rows}
if len(bounds) == 3:
    # the baseline: its own rows; each window row next to its route's, the
    # marks and their rank as docs/usage.md defines them
    base = [l for l in everything if within(l, bounds[1], bounds[2])]
    bg = by_route(base)
    iso = lambda u: datetime.fromtimestamp(u // 1000000, timezone.utc).strftime("%Y-%m-%dT%H:%M:%S") + ".%03dZ" % (u % 1000000 // 1000)
    marked = []
    for i, r in enumerate(rows):
        b = bg.get((r["route"], r["method"]))
        bc = core(b) if b else None
        p95 = lambda x: x["latency_ms"]["p95"] if x and x["latency_ms"] else None
        ratio = round(p95(r) / p95(bc), 2) if p95(r) is not None and p95(bc) else None
        delta = r["errors"] / r["requests"] - bc["errors"] / bc["requests"] if bc else None
        m = []
        if r["requests"] >= 3 and bc:
            if delta >= 0.05: m.append("failing")
            if ratio is not None and p95(r) / p95(bc) >= 2: m.append("slower")
        if r["requests"] >= 3 and not bc: m.append("new")
        r["baseline"] = bc
        r["change"] = {"p95_ratio": ratio, "error_share_delta": None if delta is None else round(delta, 3),
                       "marks": m, "rank": None}
        if m:
            key = (0, -delta) if "failing" in m else (1, -p95(r) / p95(bc)) if "slower" in m else (2, 0)
            marked.append((key, i))
    for rank, (_, i) in enumerate(sorted(marked), 1):
        rows[i]["change"]["rank"] = rank
    out["baseline"] = {"since": iso(bounds[1]), "until": iso(bounds[2]), "routes_total": len(bg),
                       "changed": len(marked), "all": core(base)}
print(json.dumps(out, sort_keys=True))
PY
/usr/bin/python3 "$WORK/truth.py" "$I/inputs/caddy" >"$WORK/truth.json"
check "overview: every value as computed from the access logs" "$(jq -S -c . "$WORK/truth.json")" \
	"$(jq -S -c .overview "$OUT")"
check "overview: the rows add up to the window" "$(r .correlation.requests)" \
	"$(r '[.overview.routes[].requests] | add')"
check "overview: status classes add up" "$(r '[.overview.routes[].requests]')" \
	"$(r '[.overview.routes[] | [.status[]] | add]')"

# the text summary's route lines: the truth's busiest routes, as written
"$ANALYZE" report --db "$DB" --format text -o "$WORK/summary.txt"
check "text: route lines" "$(/usr/bin/python3 - "$WORK/truth.json" <<'PY'
import json, sys
t = json.load(open(sys.argv[1]))
for r in t["routes"][:10]:
    l, s = r["latency_ms"], r["status"]
    print(f"route {r['method']} {r['route']} requests={r['requests']} errors={r['errors']} "
          f"error_share={r['error_share']:.3f} 5xx={s['5xx']} 408={s['408']} 429={s['429']} "
          + " ".join(f"{k}={l[k]:.3f}ms" for k in ("p50", "p95", "p99", "max")))
PY
)" "$(grep '^route ' "$WORK/summary.txt")"
check "text: route lines follow the summary line" "route" "$(sed -n 2p "$WORK/summary.txt" | cut -d' ' -f1)"

# report.html: the table, a row per route, the whole window last, its
# values as the model has them
"$ANALYZE" report --db "$DB" --format html -o "$WORK/report.html"
sed -n '/^<section id="overview">/,/^<\/section>/p' "$WORK/report.html" >"$WORK/overview.html"
check "html: the routes section" 1 "$(grep -c '<section id="overview">' "$WORK/report.html")"
check "html: a row per route and one for all" "$(($(r '.overview.routes | length') + 1))" \
	"$(grep -c '^<tr><td><code>\|^<tr class="all">' "$WORK/overview.html")"
check "html: the busiest row first" "<tr><td><code>$(jq -r '.overview.routes[0] | "\(.method) \(.route)"' "$OUT")</code></td><td class=\"num\">$(r '.overview.routes[0].requests')</td>" \
	"$(grep -m1 -o '^<tr><td><code>[^<]*</code></td><td class="num">[0-9]*</td>' "$WORK/overview.html")"

# --format csv (and -o's .csv): the overview and every finding as rows of
# section,item,field,value, read back by python's csv module
"$ANALYZE" report --db "$DB" -o "$WORK/report.csv"
cat >"$WORK/csv_check.py" <<'PY'
import csv, io, json, sys
m = json.load(open(sys.argv[1]))
def flat(v, path=""):
    if isinstance(v, dict):
        for k, x in v.items():
            yield from flat(x, f"{path}.{k}" if path else k)
    elif isinstance(v, list):
        for i, x in enumerate(v, 1):
            yield from flat(x, f"{path}.{i}" if path else str(i))
    else:
        yield path, v
def cell(v):
    if v is None: return ""
    if v is True or v is False: return "true" if v else "false"
    if isinstance(v, str): return "'" + v if v[:1] in ("=", "+", "-", "@", "\t", "\r") else v
    return v
want = [["section", "item", "field", "value"]]
want += [["overview", "all", k, cell(v)] for k, v in flat(m["overview"]["all"])]
want += [["overview", "baseline", k, cell(v)] for k, v in flat(m["overview"].get("baseline", {}))]
for sec, items in [("overview", m["overview"]["routes"])] + list(m["findings"].items()) + [("checks", m["checks"])]:
    for i, it in enumerate(items, 1):
        want += [[sec, str(i), k, cell(v)] for k, v in flat(it)]
raw = open(sys.argv[2], newline="").read()
got = list(csv.reader(io.StringIO(raw, newline="")))
ok = len(got) == len(want) and all(g[:3] == w[:3] and (g[3] == w[3] if isinstance(w[3], str) else float(g[3]) == float(w[3])) for g, w in zip(got, want))
print("ok" if ok and raw.count("\r\n") >= len(got) else f"differ: {len(got)} rows vs {len(want)}")
PY
check "csv: every scalar of the overview, the findings and the checks" "ok" \
	"$(/usr/bin/python3 "$WORK/csv_check.py" "$OUT" "$WORK/report.csv")"

# --- a baseline: the 40 s before the window (the quiet start of the
# recording), against the same computation over both windows ----------------
SINCE=2026-11-29T23:55:25Z
"$ANALYZE" report --db "$DB" --since "$SINCE" --baseline 40s -o "$WORK/base.json"
/usr/bin/python3 "$WORK/truth.py" "$I/inputs/caddy" "$SINCE" 2026-11-29T23:54:45Z "$SINCE" >"$WORK/truth-base.json"
check "baseline: every value as computed from the access logs" "$(jq -S -c . "$WORK/truth-base.json")" \
	"$(jq -S -c .overview "$WORK/base.json")"
"$ANALYZE" report --db "$DB" --since "$SINCE" --baseline 40s -o "$WORK/base.csv"
check "baseline: csv, the baseline and each row's change too" "ok" \
	"$(/usr/bin/python3 "$WORK/csv_check.py" "$WORK/base.json" "$WORK/base.csv")"
"$ANALYZE" report --db "$DB" --since "$SINCE" --baseline 40s -o "$WORK/base.txt"
check "baseline: the text's route lines carry the comparison" \
	"$(jq -r '.overview.routes[:10][] | "route \(.method) \(.route) baseline_requests=\(.baseline.requests // "-") p95_ratio=\(.change.p95_ratio // "-") marks=\(if (.change.marks | length) > 0 then (.change.marks | join(",")) else "-" end) rank=\(.change.rank // "-")"' "$WORK/base.json")" \
	"$(grep '^route ' "$WORK/base.txt" | sed -E 's/ requests=.* baseline_requests=/ baseline_requests=/; s/ baseline_error_share=[^ ]* baseline_p95=[^ ]*//
		s/(p95_ratio=[0-9]+\.[0-9]*[1-9])0+ /\1 /; s/(p95_ratio=[0-9]+)\.0+ /\1 /')"
check "baseline: some routes changed" 1 "$(jq '.overview.baseline.changed > 0 | if . then 1 else 0 end' "$WORK/base.json")"
"$ANALYZE" report --db "$DB" --since "$SINCE" --baseline-since 2026-11-29T23:54:45Z \
	--baseline-until "$SINCE" -o "$WORK/base2.json"
check "baseline: --baseline-since/--baseline-until the same" "$(jq -c .overview "$WORK/base.json")" \
	"$(jq -c .overview "$WORK/base2.json")"
"$ANALYZE" report --db "$DB" --since "$SINCE" --baseline 40s -o "$WORK/base.html"
check "baseline: the changed routes first, by rank" \
	"$(jq -r '[.overview.routes[] | select(.change.rank) ] | sort_by(.change.rank) | .[] | "\(.method) \(.route)"' "$WORK/base.json")" \
	"$(sed -n '/<table class="changed">/,/<\/table>/p' "$WORK/base.html" | grep -o '^<tr><td><code>[^<]*' | sed 's/^<tr><td><code>//')"
run_analyze report --db "$DB" --baseline 1h -o "$WORK/x.json"
check "baseline: --baseline needs --since" "2 analyze: --baseline: needs --since: the baseline is the D before it" "$status $err"
run_analyze report --db "$DB" --baseline-since 1h -o "$WORK/x.json"
check "baseline: both bounds" "2 analyze: --baseline-since: needs --baseline-until too" "$status $err"

finish
