# lib.sh - shared by the integration scripts (git's t/test-lib.sh, in small).
# Usage in a script:  . "$(dirname "$0")/lib.sh" "$@"
# Arguments: the analyze binary, the testdata folder, a scratch folder.
set -euo pipefail

ANALYZE=$1
TESTDATA=$2
WORK=$3
rm -rf "$WORK"
mkdir -p "$WORK"
failures=0
checks=0

# check NAME EXPECTED ACTUAL
check() {
	checks=$((checks + 1))
	if [ "$2" != "$3" ]; then
		printf 'FAIL %s\n  expected: %s\n  actual:   %s\n' "$1" "$2" "$3" >&2
		failures=$((failures + 1))
	fi
}

# q DB SQL: one query's output, rows joined by newlines
q() {
	sqlite3 -batch "$1" "$2"
}

# report_recording INPUTS: a recording of the incident recorder ingested into
# $DB and reported as JSON into $OUT: both exit 0, no line rejected, the
# report valid against the schema. Then r FILTER / f FILTER query the report
# and the recording's $FACTS.
report_recording() {
	run_analyze ingest --db "$DB" "$1"
	check "ingest exit" 0 "$status"
	check "no rejects" 0 "$(q "$DB" 'SELECT count(*) FROM reject')"
	run_analyze report --db "$DB" --format json -o "$OUT"
	check "report exit" 0 "$status"
	check "schema" "valid" "$(/usr/bin/python3 - "$TESTDATA/../schemas/report.schema.json" "$OUT" <<'PY'
import json, sys, jsonschema
jsonschema.validate(json.load(open(sys.argv[2])), json.load(open(sys.argv[1])))
print("valid")
PY
)"
}
r() { jq -c "$1" "$OUT"; }
f() { jq -c "$1" "$FACTS"; }

# run_analyze ARGS...: sets $status, $out (stdout) and $err (stderr)
run_analyze() {
	set +e
	out=$("$ANALYZE" "$@" 2>"$WORK/.stderr")
	status=$?
	set -e
	err=$(cat "$WORK/.stderr")
}

finish() {
	if [ "$failures" -gt 0 ]; then
		echo "$failures of $checks checks failed" >&2
		exit 1
	fi
	echo "all $checks checks passed"
}
