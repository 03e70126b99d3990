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
