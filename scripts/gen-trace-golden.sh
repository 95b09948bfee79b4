#!/bin/bash
# Regenerates the expected outputs of the trace golden tests
# (Tests/Fixtures/traces/golden/*.txt) from Go 1.27's `go tool trace -pprof`
# and `go tool pprof`, with TZ=UTC. With --retrace it first rebuilds the
# programs in Tests/Fixtures/traces/programs with Go 1.27 and Go 1.19 and
# traces them again (NAME-go127.trace, NAME-go119.trace). It always writes
# blocking-go119-twofreq.trace (scripts/old-trace-twofreq.py).
#
#   scripts/gen-trace-golden.sh [--retrace]
#
# GO127 (default /work/gobin/bin/go) and GO119 (default /usr/bin/go) name the
# toolchains. Cases are listed in Tests/Fixtures/traces/golden/cases.tsv:
#   NAME <tab> TRACE <tab> KIND <tab> PPROF ARGUMENTS (space separated)
set -euo pipefail
cd "$(dirname "$0")/.."
GO127=${GO127:-/work/gobin/bin/go}
GO119=${GO119:-/usr/bin/go}
dir=Tests/Fixtures/traces
export TZ=UTC

if [ "${1:-}" = --retrace ]; then
  # Programs are built under a fixed path so that the traces' file names
  # (and the -list cases, which trim it) stay the same from run to run.
  build=/tmp/swprof-trace-programs
  for program in "$dir"/programs/*/; do
    name=$(basename "$program")
    rm -rf "${build:?}/$name"
    mkdir -p "$build/$name"
    cp "$program"main.go "$build/$name/"
    for pair in "go127:$GO127" "go119:$GO119"; do
      tag=${pair%%:*}
      go=${pair#*:}
      (cd "$build/$name" && "$go" build -o "$name-$tag" main.go)
      "$build/$name/$name-$tag" "$dir/$name-$tag.trace"
      echo "traced $name with $("$go" version | cut -d' ' -f3): $dir/$name-$tag.trace"
    done
  done
fi
# An old-format trace with a second frequency (its tables read in merge order).
python3 scripts/old-trace-twofreq.py "$dir/blocking-go119.trace" "$dir/blocking-go119-twofreq.trace"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
count=0
while IFS=$'\t' read -r name trace kind args; do
  [ -z "$name" ] || [ "${name:0:1}" = "#" ] && continue
  exported="$tmp/$trace.$kind.pb.gz"
  if [ ! -f "$exported" ]; then
    "$GO127" tool trace -pprof="$kind" "$dir/$trace" > "$exported"
  fi
  # shellcheck disable=SC2086 # the arguments are split on spaces on purpose
  (cd "$dir" && "$GO127" tool pprof $args "$exported") > "$dir/golden/$name.txt" 2> "$tmp/stderr" || {
    echo "$name: go tool pprof failed:" >&2
    cat "$tmp/stderr" >&2
    exit 1
  }
  count=$((count + 1))
done < "$dir/golden/cases.tsv"
echo "wrote $count expected outputs in $dir/golden"
