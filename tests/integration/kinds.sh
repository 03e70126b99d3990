# kinds.sh - every finding kind the binary emits reaches every place a
# reader looks: the JSON schema, report.html (its section and title), the
# text summary (its count), --fail-on and its --help; and the schema lists
# no kind the binary does not emit. A kind added to src/detect/detectors.c
# and forgotten anywhere else fails here. The bundled incident and its burst
# recording together hold every kind but a retried timeout, planted.
. "$(dirname "$0")/lib.sh" "$@"

DB=$WORK/incident.db
SCHEMA=$TESTDATA/../schemas/report.schema.json
run_analyze ingest --db "$WORK/recorded.db" -q "$TESTDATA/incident/inputs" "$TESTDATA/incident/burst/inputs"
check "ingest exit" 0 "$status"
# with the one retry no recording has yet (plant-retry.bash)
. "$(dirname "$0")/plant-retry.bash"
plant_retry "$WORK/recorded.db" "$DB" "$TESTDATA/incident/expected/facts.json"
for f in json html text; do
	run_analyze report --db "$DB" --format $f -o "$WORK/report.$f"
	check "report $f exit" 0 "$status"
done
run_analyze report --help
help=$out

kinds=$(jq -r '.findings | keys_unsorted[]' "$WORK/report.json")
check "the recordings have the six kinds at least" 1 "$([ "$(echo "$kinds" | wc -l)" -ge 6 ] && echo 1 || echo 0)"
check "schema lists exactly the emitted kinds" "$(echo "$kinds" | sort)" \
	"$(jq -r '.properties.findings.properties | keys[]' "$SCHEMA" | sort)"
for k in $kinds; do
	n=$(jq ".findings.$k | length" "$WORK/report.json")
	id=${k//_/-}
	check "$k: has findings here" 1 "$([ "$n" -gt 0 ] && echo 1 || echo 0)"
	check "$k: html section" 1 "$(grep -c "<section class=\"kind\" id=\"$id\">" "$WORK/report.html")"
	check "$k: html articles" "$n" "$(grep -c "<article class=\"finding\" id=\"$id-[0-9]*\">" "$WORK/report.html")"
	check "$k: text count" 1 "$(head -1 "$WORK/report.text" | grep -c " $k=$n ")"
	# a bespoke summary line names one finding (timeout_cluster), a generic one the kind
	check "$k: text lines" "$n" "$(grep -cE "^(${k%s}|$k) " "$WORK/report.text")"
	check "$k: in --help" 1 "$(echo "$help" | grep -cw -- "$k")"
	run_analyze report --db "$DB" --format text -o /dev/null --fail-on "$k"
	check "$k: --fail-on" 1 "$status"
done
# a window with none of them: every kind still listed, --fail-on quiet
run_analyze report --db "$DB" --since 2020-01-01T00:00:00Z --until 2020-01-02T00:00:00Z \
	-o "$WORK/empty.json" --fail-on any
check "empty window --fail-on any" 0 "$status"
check "empty window kinds" "$kinds" "$(jq -r '.findings | keys_unsorted[]' "$WORK/empty.json")"
finish
