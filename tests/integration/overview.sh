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
/usr/bin/python3 - "$I/inputs/caddy" >"$WORK/truth.json" <<'PY'
import decimal, gzip, json, math, re, sys
from collections import Counter, defaultdict
D = decimal.Decimal
d = sys.argv[1]
lines = []
for name, op in (("access.log.1.gz", gzip.open), ("access.log", open)):
    with op(d + "/" + name, "rt") as fh:
        lines += [json.loads(l, parse_float=D) for l in fh if l.strip()]
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
groups = defaultdict(list)
for l in lines:
    groups[(route(l["request"]["uri"]), l["request"]["method"])].append(l)
def top(values):
    return [{"value": v, "requests": n} for v, n in
            sorted(Counter(x for x in values if x is not None).items(), key=lambda p: (-p[1], p[0]))[:3]]
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
            "user_agents": top(l["request"].get("headers", {}).get("User-Agent", [None])[0] for l in ls)}
rows = [dict({"route": r, "method": m}, **stats(ls)) for (r, m), ls in groups.items()]
rows.sort(key=lambda x: (-x["requests"], x["route"], x["method"]))
print(json.dumps({"percentiles": "nearest-rank", "routes_total": len(rows), "all": stats(lines),
                  "routes": rows}, sort_keys=True))
PY
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
check "csv: every scalar of the overview, the findings and the checks" "ok" "$(/usr/bin/python3 - "$OUT" "$WORK/report.csv" <<'PY'
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
for sec, items in [("overview", m["overview"]["routes"])] + list(m["findings"].items()) + [("checks", m["checks"])]:
    for i, it in enumerate(items, 1):
        want += [[sec, str(i), k, cell(v)] for k, v in flat(it)]
raw = open(sys.argv[2], newline="").read()
got = list(csv.reader(io.StringIO(raw, newline="")))
ok = len(got) == len(want) and all(g[:3] == w[:3] and (g[3] == w[3] if isinstance(w[3], str) else float(g[3]) == float(w[3])) for g, w in zip(got, want))
print("ok" if ok and raw.count("\r\n") >= len(got) else f"differ: {len(got)} rows vs {len(want)}")
PY
)"

finish
