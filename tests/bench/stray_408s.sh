#!/usr/bin/env bash
# stray_408s.sh BUILD_DIR [BYTES] - on a long generated Caddy log (gen_caddy,
# default 1 GB), five timeout incidents of 30 s (every message POST inside
# them answered 408 after 30 s) among 0.2 % scattered 408s answered in
# 27 ms: prints the clusters and the budget `analyze report` finds. Expect
# the five incidents (plus the template's own /hang/export 504s), the
# budget 30000 ms, and the fast ones counted in timeout_budget.below_budget.
set -euo pipefail
build=${1:?usage: stray_408s.sh BUILD_DIR [BYTES]}
bytes=${2:-1000000000}
root=$(cd "$(dirname "$0")/../.." && pwd)
work=$build/bench/stray
mkdir -p "$work"
"$build/tests/bench/gen_caddy" "$root/testdata/caddy/access.log" "$bytes" >"$work/big.log"
python3 - "$work/big.log" "$work/stray.log" <<'PY'
import json, random, sys
random.seed(7)
src, dst = sys.argv[1], sys.argv[2]
ts = [float(l[l.find('"ts":') + 5:l.index(',', l.find('"ts":'))]) for l in open(src)]
t0, t1 = min(ts), max(ts)
incidents = [t0 + (t1 - t0) * k / 6 for k in range(1, 6)]
with open(dst, "w") as out:
    for s in open(src):
        l = json.loads(s)
        r = l["request"]
        if any(a <= l["ts"] < a + 30 for a in incidents) and r["method"] == "POST" \
                and "/messages" in r["uri"]:
            l["status"], l["duration"] = 408, 30.0 + random.random() * 0.05
        elif l["status"] != 408 and random.random() < 0.002:
            l["status"], l["duration"] = 408, 0.027
        out.write(json.dumps(l, separators=(",", ":")) + "\n")
PY
rm -f "$work/big.log" "$work/s.db"
"$build/analyze" ingest -q --db "$work/s.db" "$work/stray.log"
"$build/analyze" report --db "$work/s.db" -o "$work/s.json"
jq -c '{clusters: [.findings.timeout_clusters[] | [.route, .count]], budget: .timeout_budget}' "$work/s.json"
