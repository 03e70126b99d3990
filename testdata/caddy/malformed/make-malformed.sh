#!/usr/bin/env bash
# Builds malformed/bad-lines.log: hand-made bad lines mixed with good lines
# copied verbatim from ../access.log (run ../make.sh first; it calls this).
# Line numbers and reasons are listed in ../README.md and below.
set -euo pipefail
cd "$(dirname "$0")"
src=../access.log
out=bad-lines.log
[[ -s $src ]] || { echo "missing $src: run ../make.sh first" >&2; exit 1; }

good200=$(grep -m1 '"status":200' "$src")
good201=$(grep -m1 '"status":201' "$src")
good404=$(grep -m1 '"status":404' "$src")
good502=$(grep -m1 '"status":502' "$src")

# python3 (stdlib) for the JSON surgery; keeps Caddy's compact form
edit() { python3 -c '
import json, sys
d = json.loads(sys.argv[2])
op = sys.argv[1]
if op == "status-string": d["status"] = str(d["status"])
elif op == "no-request": del d["request"]
elif op == "huge":
    d["request"]["headers"]["X-Padding"] = ["x" * (1100 * 1024)]
sys.stdout.write(json.dumps(d, ensure_ascii=False, separators=(",", ":")))
' "$1" "$2"; }

{
	printf '%s\n' "$good200"                                   # 1 good
	printf '%s\n' "${good201:0:180}"                           # 2 truncated JSON (cut mid-object, 180 bytes)
	printf '%s\n' "$(edit status-string "$good404")"           # 3 "status":"404" (string)
	printf '%s\n' "$(edit no-request "$good200")"              # 4 no "request" object
	printf '\n'                                                # 5 blank line
	printf '%s\n' "$good201"                                   # 6 good
	# 7 invalid UTF-8: raw 0xff 0xfe bytes inside the User-Agent string
	printf '%s\n' "$good404" | sed 's/"User-Agent":\["/"User-Agent":["\xff\xfe/'
	printf '%s\n' 'panic: runtime error: this is not JSON at all'  # 8 non-JSON text
	printf '%s\n' "$(edit huge "$good200")"                    # 9 valid JSON but 1.1 MiB long
	printf '%s\n' "$good502"                                   # 10 good (502)
} >"$out"
