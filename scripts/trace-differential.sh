#!/bin/bash
# Compares swprof with `go tool trace -pprof=KIND` + `go tool pprof` on every
# trace given (traces of programs the fixtures do not have, e.g. made with
# `go test -trace=t.out PKG` under Go 1.27 and Go 1.19), for the four kinds
# and a few reports. Prints one line per trace, kind and report: SAME or DIFF.
#
#   scripts/trace-differential.sh [-b SWPROF] TRACE...
#
# GO127 (default /work/gobin/bin/go) is the oracle.
set -uo pipefail
cd "$(dirname "$0")/.."
swprof=.build/release/swprof
if [ "${1:-}" = -b ]; then swprof=$2; shift 2; fi
GO127=${GO127:-/work/gobin/bin/go}
export TZ=UTC
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
status=0
for trace in "$@"; do
  for kind in net sync syscall sched; do
    if ! "$GO127" tool trace -pprof=$kind "$trace" > "$tmp/p.pb.gz" 2> "$tmp/err"; then
      echo "$trace $kind: go tool trace failed: $(head -c 200 "$tmp/err")"
      "$swprof" -top -trace_profile=$kind "$trace" > /dev/null 2> "$tmp/serr"
      echo "$trace $kind: swprof says (status $?): $(head -c 200 "$tmp/serr")"
      continue
    fi
    for report in "-top" "-top -lines" "-tree -nodecount=20" "-traces"; do
      # shellcheck disable=SC2086
      "$GO127" tool pprof $report "$tmp/p.pb.gz" > "$tmp/want" 2> /dev/null
      # shellcheck disable=SC2086
      "$swprof" $report -trace_profile=$kind "$trace" > "$tmp/got" 2> /dev/null
      if [ "$report" = "-traces" ]; then
        # Go writes the samples in map order: compare the set of blocks.
        python3 - "$tmp/want" "$tmp/got" > "$tmp/cmp" <<'PY'
import sys
sep = "-----------+-------------------------------------------------------\n"
a, b = (open(f).read().split(sep) for f in sys.argv[1:3])
print("SAME" if a[0] == b[0] and sorted(a[1:]) == sorted(b[1:]) else "DIFF")
PY
        result=$(cat "$tmp/cmp")
      elif cmp -s "$tmp/want" "$tmp/got"; then
        result=SAME
      else
        result=DIFF
      fi
      [ "$result" = SAME ] || status=1
      echo "$result $(basename "$trace") $kind $report"
    done
  done
done
exit $status
