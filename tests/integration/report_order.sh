# report_order.sh - report.html on the bundled incident opens with its
# three largest findings, largest first, by the requests each cost users
# as the recorder's own facts count them (testdata/incident/expected/
# facts.json: 15 logins refused, 9 requests timed out in 3 clusters, 7 of
# them after their write): one statement each, linked to the finding, and
# the findings' sections in the same order; clusters largest first.
. "$(dirname "$0")/lib.sh" "$@"

I=$TESTDATA/incident
FACTS=$I/expected/facts.json
DB=$WORK/incident.db
OUT=$WORK/report.json

report_recording "$I/inputs"
"$ANALYZE" report --db "$DB" -o "$WORK/report.html"

# the kinds by what the facts say they cost, the largest first
want=$(jq -r '[["limiter-collapses", ([.limiter_collapses[].rejections] | add)],
	["timeout-clusters", ([.timeout_clusters[].count] | add)],
	["post-write-stalls", (.post_write_stalls | length)]] | sort_by(-.[1]) | .[] | .[0]' "$FACTS")
check "headline: three statements" 3 "$(sed -n '/^<ol class="headline">/,/^<\/ol>/p' "$WORK/report.html" | grep -c '^<li>')"
check "headline: largest first, each linked to its first finding" "$want" \
	"$(sed -n '/^<ol class="headline">/,/^<\/ol>/p' "$WORK/report.html" | grep -o 'class="go" href="#[a-z-]*-1"' | sed 's/.*#\(.*\)-1"/\1/')"
check "headline: the refused logins, as the facts count them" \
	"<li><strong>$(jq '[.limiter_collapses[].rejections] | add' "$FACTS") requests refused</strong>" \
	"$(grep -o '^<li><strong>[0-9]* requests refused</strong>' "$WORK/report.html")"
check "headline: the timeouts, as the facts count them" \
	"<strong>$(jq '[.timeout_clusters[].count] | add' "$FACTS") requests timed out</strong> in $(jq '.timeout_clusters | length' "$FACTS") clusters" \
	"$(grep -o '<strong>[0-9]* requests timed out</strong> in [0-9]* clusters' "$WORK/report.html")"
check "headline: the kind it leaves out, named once" 1 \
	"$(grep -c '^<p class="also">Also: <a href="#timeouts">9 timed-out requests</a>.</p>$' "$WORK/report.html")"
check "findings: sections in the headline's order" "$want" \
	"$(grep -o '^<section class="kind" id="[a-z-]*">' "$WORK/report.html" | sed 's/.*id="\(.*\)">/\1/' | head -3)"
check "findings: every kind once" "$(r '.findings | length')" \
	"$(grep -c '^<section class="kind" id=' "$WORK/report.html")"
check "clusters: largest first" "$(f '[.timeout_clusters[].count] | sort | reverse')" \
	"$(r '[.findings.timeout_clusters[].count]')"

finish
