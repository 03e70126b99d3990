# report_browser.sh - report.html in headless Chromium: the bundled incident
# and the hand-written hostile model render, our script runs, the console
# stays quiet, the check board and every finding are there, and no XSS
# probe (planted in a file name, and in every string of the hostile model)
# executes. Screenshots are left in the work folder for review.
# Arguments: analyze, render_model, testdata, work folder.
set -euo pipefail
ANALYZE=$1
RENDER=$2
TESTDATA=$3
WORK=$4
rm -rf "$WORK"
mkdir -p "$WORK"
failures=0
checks=0

check() {
	checks=$((checks + 1))
	if [ "$2" != "$3" ]; then
		printf 'FAIL %s\n  expected: %s\n  actual:   %s\n' "$1" "$2" "$3" >&2
		failures=$((failures + 1))
	fi
}

if ! command -v chromium >/dev/null; then
	echo "report_browser: chromium is not installed (./run test installs it)" >&2
	exit 1
fi

# count PATTERN FILE: how many times an extended regex matches
count() {
	{ grep -oE "$1" "$2" || true; } | wc -l
}

# browse NAME: NAME.html -> NAME.dom (the DOM after scripts), NAME.log
# (console and errors), NAME.png (a screenshot)
browse() {
	local flags=(--headless --no-sandbox --disable-gpu --disable-background-networking
		--disable-component-update --disable-sync --no-first-run)
	timeout 120 chromium "${flags[@]}" --user-data-dir="$(mktemp -d -p "$WORK")" \
		--enable-logging=stderr --v=0 --dump-dom "file://$WORK/$1.html" \
		>"$WORK/$1.dom" 2>"$WORK/$1.log"
	timeout 120 chromium "${flags[@]}" --user-data-dir="$(mktemp -d -p "$WORK")" \
		--screenshot="$WORK/$1.png" --window-size=1280,2000 "file://$WORK/$1.html" \
		>/dev/null 2>&1
}

# browse_nojs NAME: NAME.html as a reader with scripts off gets it ->
# NAME.nojs.dom, NAME.nojs.png. Headless Chromium's --dump-dom and
# --screenshot need scripts on, so both are taken of a copy whose script
# the page's own CSP refuses (its nonce changed): for the page, the same
# as scripts off.
browse_nojs() {
	sed 's/<script nonce="[0-9a-f]*">/<script nonce="refused">/' "$WORK/$1.html" >"$WORK/$1.nojs.html"
	timeout 120 chromium --headless --no-sandbox --disable-gpu --no-first-run \
		--user-data-dir="$(mktemp -d -p "$WORK")" --dump-dom "file://$WORK/$1.nojs.html" \
		>"$WORK/$1.nojs.dom" 2>/dev/null
	timeout 120 chromium --headless --no-sandbox --disable-gpu --no-first-run \
		--user-data-dir="$(mktemp -d -p "$WORK")" \
		--screenshot="$WORK/$1.nojs.png" --window-size=1280,2000 "file://$WORK/$1.nojs.html" \
		>/dev/null 2>&1
}

# browse_dark NAME: a screenshot as a reader who prefers dark sees it
browse_dark() {
	timeout 120 chromium --headless --no-sandbox --disable-gpu --no-first-run \
		--user-data-dir="$(mktemp -d -p "$WORK")" --force-dark-mode \
		--screenshot="$WORK/$1.dark.png" --window-size=1280,2000 "file://$WORK/$1.html" \
		>/dev/null 2>&1
}

# corner PNG: the top-left pixel as rrggbb (the page's background there)
corner() {
	/usr/bin/python3 - "$1" <<'PY'
import struct, sys, zlib
data = open(sys.argv[1], "rb").read()
pos, idat, bpp = 8, b"", 0
while pos < len(data):
    n, kind = struct.unpack(">I4s", data[pos:pos + 8])
    body = data[pos + 8:pos + 8 + n]
    if kind == b"IHDR":
        bpp = {2: 3, 6: 4}[body[9]]
    elif kind == b"IDAT":
        idat += body
    pos += 12 + n
row = zlib.decompress(idat)
# the first pixel of the first row is its raw bytes whatever the filter
print("%02x%02x%02x" % tuple(row[1:4]))
PY
}

# page_checks NAME: what holds for every page
page_checks() {
	local dom=$WORK/$1.dom
	check "$1: our script ran" 1 "$(grep -c '<html lang="en" data-js="ready"' "$dom")"
	check "$1: no probe ran" 0 "$(count 'data-xss="' "$dom")"
	check "$1: two script elements, both ours" 2 "$(count '<script' "$dom")"
	check "$1: console quiet" "" "$(grep -E 'CONSOLE|Uncaught|Content Security Policy' "$WORK/$1.log" || true)"
	check "$1: check board" 1 "$(grep -c '<section id="checks">' "$dom")"
	check "$1: routes table" 1 "$(grep -c '<section id="overview">' "$dom")"
	check "$1: the headline's statements" 3 "$(count '<li><strong>' "$dom")"
	check "$1: evidence lines shown" 1 "$([ "$(count '<pre class="line">' "$dom")" -gt 0 ] && echo 1 || echo 0)"
	check "$1: screenshot" 1 "$([ -s "$WORK/$1.png" ] && echo 1 || echo 0)"
	for kind in timeout-clusters limiter-collapses post-write-stalls lock-waits timeouts \
		retried-timeouts; do
		check "$1: $kind section" 1 "$(grep -c "<section class=\"kind\" id=\"$kind\">" "$dom")"
	done
}

# --- the bundled incident, one file renamed into a probe -----------------
probe="access<img src=x onerror=\"document.documentElement.setAttribute('data-xss','file')\">.log"
mkdir -p "$WORK/inputs"
cp -r "$TESTDATA/incident/inputs/." "$WORK/inputs/"
mv "$WORK/inputs/caddy/access.log" "$WORK/inputs/caddy/$probe"
ANALYZE_DB=$WORK/incident.db "$ANALYZE" "$WORK/incident.html" --quiet --strip-prefix /api \
	"$WORK/inputs" || true   # exit 1 or 3 are findings or a skipped file: still a page
ANALYZE_DB=$WORK/incident.db "$ANALYZE" "$WORK/incident.txt"
ANALYZE_DB=$WORK/incident.db "$ANALYZE" report -o "$WORK/incident.json"
browse incident
page_checks incident
for id in hop_latency auth_latency limiter_keying db_pool db_locks fanout_backpressure \
	post_write_boundary restarts; do
	check "incident: check $id" 1 "$(grep -c "<tr id=\"check-$id\">" "$WORK/incident.dom")"
done
# one article per finding the text summary counts
for kind in timeout_clusters limiter_collapses post_write_stalls lock_waits timeouts \
	retried_timeouts; do
	want=$(sed -n "1s/.* $kind=\([0-9]*\).*/\1/p" "$WORK/incident.txt")
	got=$(count "<article class=\"finding\" id=\"${kind//_/-}-[0-9]+\">" "$WORK/incident.dom")
	check "incident: $kind articles" "$want" "$got"
done
check "incident: a routes row per route and one for all" \
	"$(($(jq '.overview.routes | length' "$WORK/incident.json") + 1))" \
	"$(sed -n '/<section id="overview">/,/<\/section>/p' "$WORK/incident.dom" >"$WORK/overview.dom"
	   count '<tr( class="all")?>(<td><code>|<th scope="row">)' "$WORK/overview.dom")"
check "incident: headline links reach their findings" 3 "$(for id in $(grep -o 'class="go" href="#[a-z0-9-]*"' "$WORK/incident.dom" | sed 's/.*#\(.*\)"/\1/'); do
	grep -c "<article class=\"finding\" id=\"$id\">" "$WORK/incident.dom"; done | paste -sd+ | bc)"
# the db strip: what the \watch capture holds, counted from the file itself
# (a capture per title line; its rows' counts summed for the backends)
watch=$TESTDATA/incident/inputs/psql/pg_stat_activity_watch.txt
caps=$(grep -c '(every 1s)' "$watch")
peaks=$(awk -F'|' '/\(every 1s\)/ { if (n) print a, t; a = 0; t = 0; n = 1 }
	$2 ~ /^ *(active|idle)/ { t += $5; if ($2 ~ /active/) a += $5 }
	END { print a, t }' "$watch" | sort -n -k1,1 -k2,2 | tail -n 1)
check "incident: db strip summary" \
	"<p class=\"meta db-summary\">Database: $caps pg_stat_activity captures; at most ${peaks% *} active, 0 waiting, of ${peaks#* } backends; no lock episode.</p>" \
	"$(grep -o '<p class="meta db-summary">.*</p>' "$WORK/incident.dom")"
check "incident: a db bar per capture" "$caps" "$(count '<rect class="db-all"' "$WORK/incident.dom")"
# the wedges recording has a lock episode: its band links to its finding
ANALYZE_DB=$WORK/wedges.db "$ANALYZE" "$WORK/wedges.html" --quiet "$TESTDATA/incident/wedges/inputs" || true
browse wedges
check "wedges: lock bands link to their findings" "$(count '<article class="finding" id="lock-waits-[0-9]+">' "$WORK/wedges.dom")" \
	"$(for id in $(grep -o '<a href="#lock-waits-[0-9]*"><rect class="bandlock"' "$WORK/wedges.dom" | sed 's/.*#\([a-z0-9-]*\)".*/\1/'); do
	grep -c "<article class=\"finding\" id=\"$id\">" "$WORK/wedges.dom"; done | paste -sd+ | bc)"
# no capture: the strip folds to one line
ANALYZE_DB=$WORK/nodb.db "$ANALYZE" "$WORK/nodb.html" --quiet "$TESTDATA/incident/inputs/caddy" || true
browse nodb
check "no captures: one line, no strip" "1 0" \
	"$(count '<p class="meta db-none">No database captures in this window' "$WORK/nodb.dom") $(count 'class="db-all"' "$WORK/nodb.dom")"
# scripts off: the same sections, our script did not run, nothing lost but sorting
browse_nojs incident
check "incident, no JS: script did not run" 0 "$(count 'data-js="ready"' "$WORK/incident.nojs.dom")"
check "incident, no JS: the page drawn" 1 "$([ -s "$WORK/incident.nojs.png" ] && echo 1 || echo 0)"
for part in headline overview checks timeline findings sources; do
	check "incident, no JS: $part" 1 "$(count "<section id=\"$part\">" "$WORK/incident.nojs.dom")"
done
check "incident, no JS: every evidence line" "$(count '<pre class="line">' "$WORK/incident.dom")" \
	"$(count '<pre class="line">' "$WORK/incident.nojs.dom")"
# light and dark: the reader's preference decides the ground
browse_dark incident
check "incident: light ground" ffffff "$(corner "$WORK/incident.png")"
check "incident: dark ground" 14181d "$(corner "$WORK/incident.dark.png")"
# against a baseline (the quiet first 40 s): the changed routes, ranked
ANALYZE_DB=$WORK/incident.db "$ANALYZE" report --since 2026-11-29T23:55:25Z --baseline 40s \
	-o "$WORK/baseline.html"
ANALYZE_DB=$WORK/incident.db "$ANALYZE" report --since 2026-11-29T23:55:25Z --baseline 40s \
	-o "$WORK/baseline.json"
browse baseline
page_checks baseline
check "baseline: the changed routes" "$(jq '[.overview.baseline.changed, 10] | min' "$WORK/baseline.json")" \
	"$(sed -n '/<table class="changed">/,/<\/table>/p' "$WORK/baseline.dom" >"$WORK/changed.dom"
	   count '^<tr><td><code>' "$WORK/changed.dom")"
check "baseline: marks as badges" 1 "$([ "$(count '<span class="badge mark-(failing|slower|new)">' "$WORK/baseline.dom")" -gt 0 ] && echo 1 || echo 0)"
check "incident: the probe file is listed as text" 1 \
	"$([ "$(count 'access&lt;img src=x onerror=' "$WORK/incident.dom")" -gt 0 ] && echo 1)"

# --- the first screen: what ./run demo writes, at 1366x768 ---------------
# The same one-shot as the demo (the quiet first 40 s as the baseline). A
# probe script (the page's own nonce, so its CSP lets it run) injected into
# a copy measures the page's geometry after layout: the headline's
# statements, their evidence links and the changed-routes table must end
# above the fold; each link must reach an article that shows its log lines.
ANALYZE_DB=$WORK/demo.db "$ANALYZE" "$WORK/demo.html" --quiet --since 2026-11-29T23:55:25Z \
	--baseline 40s "$TESTDATA/incident/inputs" || true
nonce=$(grep -o '<script nonce="[0-9a-f]*">' "$WORK/demo.html" | head -n 1 | sed 's/.*nonce="\([0-9a-f]*\)".*/\1/')
# shellcheck disable=SC2016
probe_js='window.addEventListener("load", function () {
	var H = window.innerHeight, below = function (list) {
		var c = 0;
		list.forEach(function (e) { var r = e.getBoundingClientRect(); c += r.bottom > H || r.height === 0; });
		return c;
	};
	var lis = document.querySelectorAll("#headline ol.headline > li");
	var gos = document.querySelectorAll("#headline ol.headline > li > a.go");
	var rows = document.querySelectorAll("table.changed tr");
	var sizes = Array.prototype.map.call(document.querySelectorAll("#headline ol.headline > li > strong"),
		function (s) { return parseInt(s.textContent, 10); });
	var lines = 0;
	gos.forEach(function (a) {
		var t = document.getElementById(a.getAttribute("href").slice(1));
		lines += !!(t && t.tagName === "ARTICLE" && t.querySelector("pre.line"));
	});
	document.documentElement.setAttribute("data-fold", [window.innerWidth + "x" + H,
		"statements=" + lis.length + "/below:" + below(lis), "links=" + gos.length + "/below:" + below(gos),
		"changed_rows=" + rows.length + "/below:" + below(rows), "sizes=" + sizes.join(","),
		"links_to_lines=" + lines].join(" "));
});'
sed "s|</body>|<script nonce=\"$nonce\">$(tr '\n' ' ' <<<"$probe_js" | sed 's/[&|]/\\&/g')</script></body>|" \
	"$WORK/demo.html" >"$WORK/demo.probe.html"
# probe_at W H OUT: the probe's line in a window of W x H
probe_at() {
	timeout 120 chromium --headless --no-sandbox --disable-gpu --no-first-run --hide-scrollbars \
		--user-data-dir="$(mktemp -d -p "$WORK")" --window-size="$1,$2" --dump-dom \
		"file://$WORK/demo.probe.html" 2>/dev/null >"$WORK/$3"
	grep -o 'data-fold="[^"]*"' "$WORK/$3" | sed 's/^data-fold="//; s/"$//'
}
# headless Chromium's --dump-dom window keeps room for a browser's bars:
# grow it by what they take, so the page itself gets 1366x768
inner=$(probe_at 1366 768 demo.probe.dom | sed 's/^[0-9]*x\([0-9]*\) .*/\1/')
bars=$((768 - inner))
fold=$(probe_at 1366 $((768 + bars)) demo.probe.dom)
timeout 120 chromium --headless --no-sandbox --disable-gpu --no-first-run --hide-scrollbars \
	--user-data-dir="$(mktemp -d -p "$WORK")" --window-size=1366,768 \
	--screenshot="$WORK/demo.fold.png" "file://$WORK/demo.html" >/dev/null 2>&1
sizes=$(jq -r '[([.limiter_buckets[] | select(.collapse) | .rejections] | add),
	([.timeout_clusters[].count] | add), (.post_write_stalls | length)] | sort | reverse | map(tostring) | join(",")' \
	"$TESTDATA/incident/expected/facts.json")
rows=$(($(ANALYZE_DB=$WORK/demo.db "$ANALYZE" report --since 2026-11-29T23:55:25Z --baseline 40s | jq '[.overview.baseline.changed, 10] | min') + 1))
check "demo at 1366x768: all above the fold, largest first, each link one click from its lines" \
	"1366x768 statements=3/below:0 links=3/below:0 changed_rows=$rows/below:0 sizes=$sizes links_to_lines=3" \
	"$fold"
check "demo: the changed routes a table of more than its header" 1 "$([ "$rows" -gt 1 ] && echo 1 || echo 0)"
check "demo: no missing-baseline note" 0 "$(count 'class="meta no-baseline"' "$WORK/demo.html")"
# without a baseline, the page says so in one line where the table would be
check "incident (no baseline): one line says why no route is marked" \
	'<p class="meta no-baseline">No baseline given, so no route is marked as changed: add <code>--baseline D</code> (the D before <code>--since</code>) or <code>--baseline-since T --baseline-until T</code>.</p>' \
	"$(grep -o '<p class="meta no-baseline">.*</p>' "$WORK/incident.dom")"
check "incident (no baseline): no changed table" 0 "$(count '<table class="changed">' "$WORK/incident.dom")"
# negative: the probe sees a fold it is told of (a 400 px screen cuts the table)
check "the probe at 1366x400: the changed rows fall below" 1 \
	"$(probe_at 1366 $((400 + bars)) demo.probe400.dom | grep -c "^1366x400 .* changed_rows=$rows/below:$rows ")"

# --- the hostile model: probes in every string the page shows -------------
"$RENDER" html "$TESTDATA/../tests/unit/report/hostile.json" "$WORK/hostile.html"
browse hostile
page_checks hostile
check "hostile: alert probe shown as text" 1 \
	"$(grep -c 'analyze &lt;script&gt;alert(1)&lt;/script&gt;' "$WORK/hostile.dom")"
check "hostile: script-closing probes kept inside the model (3 in the old kinds, 7 in the new, 1 in the overview, 1 in an evidence line)" 12 \
	"$(count '\\u003c/script\\u003e\\u003cscript' "$WORK/hostile.dom")"
check "hostile: every finding" 10 "$(count '<article class="finding"' "$WORK/hostile.dom")"
check "hostile: a cluster's timed-out requests, folded" 1 \
	"$(count '<details class="members"><summary>Each timed-out request \(2\)' "$WORK/hostile.dom")"

if [ "$failures" -gt 0 ]; then
	echo "$failures of $checks checks failed" >&2
	exit 1
fi
echo "all $checks checks passed; screenshots: $WORK/demo.fold.png $WORK/incident.png $WORK/incident.dark.png $WORK/incident.nojs.png $WORK/baseline.png $WORK/hostile.png"
