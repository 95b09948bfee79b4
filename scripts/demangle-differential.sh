#!/usr/bin/env bash
# Compares swprof's demangling with Go 1.27's pprof on the symbols of any
# binaries or libraries (C++, Rust): their mangled names (nm, -D for shared
# libraries) become the functions of a profile, and -top and -traces are
# compared in every -symbolize=demangle= mode.
#
#   scripts/demangle-differential.sh /usr/lib/x86_64-linux-gnu/libstdc++.so.6 ./app
#   MAX_NAMES=20000 scripts/demangle-differential.sh /usr/lib/x86_64-linux-gnu/libLLVM-15.so.1
#
# Needs nm, Go 1.27 (GO, default /work/gobin/bin/go) and a built swprof (SWPROF,
# default .build/debug/swprof).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
GO=${GO:-/work/gobin/bin/go}
SWPROF=${SWPROF:-$root/.build/debug/swprof}
export TZ=UTC
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$root/scripts/demangle-oracle/build.sh" "$tmp"
for f in "$@"; do
    { nm "$f" 2>/dev/null || true; nm -D "$f" 2>/dev/null || true; } | awk '{print $NF}'
done | grep -E '^_?_(Z|R)' | awk '!seen[$0]++' >"$tmp/all"
# MAX_NAMES=N keeps every k-th name, about N in all (pprof is slow on huge profiles).
total=$(wc -l <"$tmp/all")
step=$(( ${MAX_NAMES:-0} > 0 && total > ${MAX_NAMES:-0} ? (total + MAX_NAMES - 1) / MAX_NAMES : 1 ))
awk -v k="$step" 'NR % k == 0' "$tmp/all" >"$tmp/names"
echo "$(wc -l <"$tmp/names") mangled names"
"$tmp/oracle" profile "$tmp/names.pb.gz" <"$tmp/names"
status=0
for mode in default templates full; do
    for report in top traces; do
        "$GO" tool pprof -$report -nodecount=1000000 -nodefraction=0 -edgefraction=0 -symbolize=demangle=$mode "$tmp/names.pb.gz" >"$tmp/want" 2>/dev/null
        "$SWPROF" -$report -nodecount=1000000 -nodefraction=0 -edgefraction=0 -symbolize=demangle=$mode "$tmp/names.pb.gz" >"$tmp/got" 2>/dev/null
        if cmp -s "$tmp/want" "$tmp/got"; then
            echo "$report demangle=$mode: identical ($(wc -l <"$tmp/want") lines)"
        else
            echo "$report demangle=$mode: DIFFERENT"
            diff "$tmp/want" "$tmp/got" | head -${DIFF_LINES:-10}
            status=1
        fi
    done
done
exit $status
