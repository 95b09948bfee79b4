#!/usr/bin/env bash
# Checks swprof's symbolization against go tool pprof's on any ELF binary:
# N random addresses of its .text (scripts/address-profile.py), both tools'
# `-top -addresses` over them (function, file:line per address), compared, timed.
#   scripts/compare-symbolization.sh BINARY [N=3000] [SWPROF=.build/release/swprof]
set -euo pipefail
binary=$1 n=${2:-3000} swprof=${3:-$(dirname "$0")/../.build/release/swprof}
GO=${GO:-/work/gobin/bin/go}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python3 "$(dirname "$0")/address-profile.py" "$binary" "$work/p.pb" "$n" >/dev/null
flags=(-top -addresses -nodefraction=0 -nodecount=1000000)
export TZ=UTC
/usr/bin/time -f "go tool pprof: %e s, %M KB" "$GO" tool pprof "${flags[@]}" "$work/p.pb" >"$work/go.txt" 2>"$work/go.err" || true
tail -1 "$work/go.err"
/usr/bin/time -f "swprof: %e s, %M KB" "$swprof" "${flags[@]}" "$work/p.pb" >"$work/sw.txt" 2>"$work/sw.err" || true
tail -1 "$work/sw.err"
if cmp -s "$work/go.txt" "$work/sw.txt"; then
    echo "same: $(($(wc -l <"$work/go.txt") - 5)) addresses, $(grep -c ':[0-9]' "$work/go.txt") with file:line"
else
    diff "$work/go.txt" "$work/sw.txt" | head -20
    exit 1
fi
