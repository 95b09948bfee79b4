#!/usr/bin/env bash
# Differential check beyond the goldens: runs swprof and the reference `go tool pprof`
# (Go 1.27.3, named by GO) on every profile given x a list of flag sets, and compares
# standard output and exit status byte for byte. Prints one line per difference and the
# counts at the end; outputs of differing runs are kept under $OUT (default a temp dir).
# Usage: GO=/path/to/go scripts/oracle-diff.sh [-f FLAGSETS_FILE] PROFILE...
#   FLAGSETS_FILE: one flag set per line (arguments separated by spaces); default below.
#   SWPROF: the swprof binary (default .build/release/swprof).
set -uo pipefail
set -f
root=$(cd "$(dirname "$0")/.." && pwd)
GO=${GO:-go}
SWPROF=${SWPROF:-$root/.build/release/swprof}
flagsets=(
  "-top" "-top -cum" "-traces" "-tree" "-raw" "-tags" "-dot" "-top -lines" "-top -files"
  "-top -addresses" "-top -noinlines" "-top -filefunctions" "-peek=." "-top -nodecount=5"
  "-top -sample_index=0" "-top -mean" "-top -lines -showcolumns" "-traces -lines" "-top -focus=main"
  "-top -hide=runtime" "-top -unit=ms" "-tree -call_tree" "-top -trim=false" "-comments"
  "-top -symbolize=none" "-top -all_frames" "-tags -unit=kb" "-top -relative_percentages -focus=."
)
if [[ ${1:-} == -f ]]; then
  mapfile -t flagsets <"$2"; shift 2
fi
OUT=${OUT:-$(mktemp -d)}
mkdir -p "$OUT"
export TZ=UTC PPROF_BINARY_PATH=/nonexistent/pprof/binaries PPROF_TMPDIR=$OUT/saved
same=0 differ=0
for profile in "$@"; do
  for flags in "${flagsets[@]}"; do
    read -ra args <<<"$flags"
    "$GO" tool pprof "${args[@]}" "$profile" >"$OUT/p.out" 2>/dev/null; ps=$?
    "$SWPROF" "${args[@]}" "$profile" >"$OUT/s.out" 2>/dev/null; ss=$?
    if [[ $ps == "$ss" ]] && cmp -s "$OUT/p.out" "$OUT/s.out"; then
      same=$((same + 1))
    else
      differ=$((differ + 1))
      n=$differ
      mv "$OUT/p.out" "$OUT/$n.pprof"; mv "$OUT/s.out" "$OUT/$n.swprof"
      echo "DIFF $n (status $ps/$ss): $flags $profile"
    fi
  done
done
echo "$((same + differ)) runs: $same identical, $differ differ (outputs in $OUT)"
