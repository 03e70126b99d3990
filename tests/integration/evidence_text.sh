# evidence_text.sh - the evidence lines read back into the model: each one's
# text is what its own command prints from the file (cut at max_bytes on a
# character boundary), every finding's first lines are there, and a file
# that is gone or was rewritten since ingest is said so, never shown.
. "$(dirname "$0")/lib.sh" "$@"

I=$TESTDATA/incident
DB=$WORK/incident.db
OUT=$WORK/report.json
mkdir -p "$WORK/in"
cp -r "$I/inputs/." "$WORK/in/"
report_recording "$WORK/in"

check "lines read back" 1 "$(r '.evidence_text.lines | length > 10 | if . then 1 else 0 end')"
check "no file unavailable" "[]" "$(r .evidence_text.unavailable)"
# each line's text against what its command prints, cut as documented
check "each text is what its command prints" "[]" "$(/usr/bin/python3 - "$OUT" <<'PY'
import json, subprocess, sys
m = json.load(open(sys.argv[1]))["evidence_text"]
bad = []
for e in m["lines"]:
    raw = subprocess.run(["bash", "-c", e["command"]], capture_output=True, check=True).stdout
    raw = raw[:-1] if raw.endswith(b"\n") else raw
    cut = raw[:m["max_bytes"]]
    while True:
        try:
            want = cut.decode("utf-8"); break
        except UnicodeDecodeError:
            cut = cut[:-1]
    if e["text"] != want or e["bytes"] != len(raw):
        bad.append([e["source"], e["line"]])
print(json.dumps(bad))
PY
)"
check "every finding's first lines are read back" "[]" "$(jq -c '
	[.evidence_text.lines[] | "\(.source):\(.line)"] as $have
	| [.findings[][] | .evidence[:.evidence_text.per_item // 3][] | "\(.source):\(.line)"]
	| unique - $have' "$OUT")"
check "commands quote the path" 1 "$(r '[.evidence_text.lines[].command | test("^sed -n '"'"'[0-9]+p'"'"' '"'"'")] | all | if . then 1 else 0 end')"

# report.html: the first finding's first line, its text and its command
"$ANALYZE" report --db "$DB" -o "$WORK/report.html"
first=$(jq -r '.findings.timeout_clusters[0].evidence[0] | "\(.source):\(.line)"' "$OUT")
check "html: a finding shows its line" 1 "$(grep -c "<li><code>$first</code> <code class=\"cmd\">sed -n &#39;${first##*:}p&#39; " "$WORK/report.html" | sed 's/^[1-9][0-9]*$/1/')"

# the server log gone, the access log rewritten: said, not shown
rm "$WORK/in/server/server.log"
sed -i '1s/"level":"info"/"level":"INFO"/' "$WORK/in/caddy/access.log"
run_analyze report --db "$DB" -o "$WORK/after.json"
check "after: report exit" 0 "$status"
check "after: the files not read, and why" \
	"[[\"$WORK/in/caddy/access.log\",\"file changed\"],[\"$WORK/in/server/server.log\",\"file gone\"]]" \
	"$(jq -c '[.evidence_text.unavailable[] | [.source, .reason]]' "$WORK/after.json")"
check "after: none of their lines shown" 0 \
	"$(jq --arg d "$WORK/in" '[.evidence_text.lines[] | select(.source == "\($d)/caddy/access.log" or .source == "\($d)/server/server.log")] | length' "$WORK/after.json")"
check "after: the psql captures still are" 1 \
	"$(jq '[.evidence_text.lines[] | select(.source | test("/psql/"))] | length > 0 | if . then 1 else 0 end' "$WORK/after.json")"
"$ANALYZE" report --db "$DB" -o "$WORK/after.html"
check "after: html says why" 1 "$(grep -c '<span class="none">(file gone)</span>' "$WORK/after.html" | sed 's/^[1-9][0-9]*$/1/')"

finish
