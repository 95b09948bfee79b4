#!/usr/bin/env bash
# Runs the golden tests (Tests/SwprofCLITests/GoldenTests.swift) and prints one line per
# failing case (why, and the first differing line) and the totals.
# Usage: scripts/golden-summary.sh [LOG]   (with LOG, summarise that saved `swift test` output)
set -uo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
manifest=$root/Tests/Fixtures/golden/cases.tsv
if [[ $# -ge 1 ]]; then
  log=$1
else
  log=$(mktemp); trap 'rm -f "$log"' EXIT
  (cd "$root" && swift test --filter 'GoldenTests' >"$log" 2>&1)
fi

total=$(grep -vc '^#' "$manifest")
awk -v total="$total" '
  # An issue of one case: "... recorded an issue with 1 argument golden → NAME at FILE:LINE: ..."
  /recorded an issue with 1 argument golden → / {
    flush()
    name = $0; sub(/.*golden → /, "", name); sub(/ at .*/, "", name)
    why = ""; minus = ""; plus = ""; stderr = ""; n = 0
    next
  }
  name != "" && /^↳ / && why == "" {
    why = substr($0, 5)
    if (match(why, /exit status -?[0-9]+(, pprof.s [0-9]+)?$/)) why = substr(why, RSTART)
    else if (why ~ /differs from pprof.s round trip/) why = "-proto read back by swprof differs"
    else if (why ~ /^go tool pprof/) why = "-proto read back by go tool pprof: " (why ~ /cannot read/ ? "unreadable" : "differs")
    else if (why ~ /output differs/) why = "output differs"
    else if (why ~ /failed without a message/) why = "failed without a message"
    next
  }
  # stderr: up to three lines; the last is usually the error, the first ones warnings.
  name != "" && /^  stderr: / && stderr == "" { stderr = substr($0, 11); instderr = 1; next }
  name != "" && instderr && /^  / && !/^  (expected|-  |\+  )/ { stderr = substr($0, 3); next }
  { instderr = 0 }
  name != "" && /^  expected .* first difference/ { sub(/^  /, ""); diffat = $0; sub(/.*first difference at /, "", diffat); next }
  name != "" && /^  -  [0-9]/ && minus == "" { minus = substr($0, 3); next }
  name != "" && /^  \+  [0-9]/ && plus == "" { plus = substr($0, 3); next }
  name != "" && !/^(↳|±|  )/ { flush() }
  function flush() {
    if (name == "") return
    if (!(name in failed)) { failed[name] = 1; count++ }
    line = name ": " why
    if (stderr != "") line = line " — " stderr
    if (minus != "" || plus != "") line = line " [" diffat "] " minus " ⇢ " plus
    if (!(name in shown)) { print line; shown[name] = 1 }
    name = ""
  }
  END {
    flush()
    printf "\n%d of %d golden cases fail, %d pass\n", count, total, total - count
  }
' "$log"
