#!/bin/bash
# Times swprof's reading of Go execution traces against `go tool trace -pprof`.
#
#   scripts/bench-trace.sh [SIZE...]      (default: 1MB 20MB 100MB)
#
# Builds scripts/bench-trace/main.go (a busy program: loopback HTTP, mutexes,
# channels, select, file syscalls, CPU-bound goroutines over GOMAXPROCS) with
# Go 1.27 and Go 1.19, traces it until the trace holds SIZE bytes, or for a
# duration such as 60ms (a trace of a few hundred KB)
# (DIR/busy-go127-SIZE.trace and DIR/busy-go119-SIZE.trace; Go 1.19 only up
# to GO119_MAX_MB, default 100), then for each trace and kind runs
#   swprof -top -trace_profile=KIND TRACE
#   TZ=UTC go tool trace -pprof=KIND TRACE > profile
# under /usr/bin/time and prints wall time, CPU time (user + system) and peak
# RSS of both, and Go's time over swprof's. Last, it times the web UI's
# landing path: from starting `swprof -http` on the trace to the answer of
# its first page, and the whole trace's timeline page after it.
#
# DIR (default /tmp/swprof-bench-trace) keeps the traces between runs
# (RETRACE=1 makes them again). KINDS (default "sync net syscall sched"),
# RUNS (default 1: each measurement repeated, every run printed), NO_BUILD=1
# (skip `swift build -c release`), GO127 (default /work/gobin/bin/go) and
# GO119 (default /usr/bin/go; empty: no old-format traces).
set -euo pipefail
cd "$(dirname "$0")/.."
GO127=${GO127:-/work/gobin/bin/go}
GO119=${GO119-/usr/bin/go}
DIR=${DIR:-/tmp/swprof-bench-trace}
KINDS=${KINDS:-sync net syscall sched}
RUNS=${RUNS:-1}
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(1MB 20MB 100MB)
export TZ=UTC
mkdir -p "$DIR"

if [ -z "${NO_BUILD:-}" ]; then swift build -c release --product swprof >&2; fi
swprof=$PWD/.build/release/swprof

# The program, built once per toolchain.
traces=()
for pair in "go127:$GO127" "go119:$GO119"; do
  tag=${pair%%:*}
  go=${pair#*:}
  [ -n "$go" ] || continue
  bin="$DIR/busy-$tag"
  if [ ! -x "$bin" ] || [ scripts/bench-trace/main.go -nt "$bin" ]; then
    (cd scripts/bench-trace && GOFLAGS= GO111MODULE=off "$go" build -o "$bin" main.go)
  fi
  for size in "${sizes[@]}"; do
    mb=${size%MB}
    if [ "$tag" = go119 ] && [ "$mb" != "$size" ] && [ "$mb" -gt "${GO119_MAX_MB:-100}" ]; then continue; fi
    trace="$DIR/busy-$tag-$size.trace"
    if [ ! -s "$trace" ] || [ -n "${RETRACE:-}" ]; then "$bin" "$trace" "$size"; fi
    traces+=("$trace")
  done
done

# measure NAME COMMAND...: one line with wall s, CPU s, peak RSS MB.
measure() {
  local name=$1 wall user sys rss cpu
  shift
  /usr/bin/time -o "$DIR/time.txt" -f '%e %U %S %M' "$@" > /dev/null 2> /dev/null || true
  read -r wall user sys rss < <(tail -1 "$DIR/time.txt")
  cpu=$(echo "$user + $sys" | bc)
  printf '%s %s %s %s\n' "$name" "$wall" "$cpu" "$((rss / 1024))"
}

printf '%-28s %-8s %-7s | %-22s | %-22s | %s\n' trace size kind "swprof wall/CPU/RSS" "go wall/CPU/RSS" "go/swprof wall, CPU"
for trace in "${traces[@]}"; do
  size=$(du -hL "$trace" | cut -f1)
  for kind in $KINDS; do
    for _ in $(seq "$RUNS"); do
      read -r _ sw sc sr <<< "$(measure swprof "$swprof" -top -trace_profile="$kind" "$trace")"
      read -r _ gw gc gr <<< "$(measure go "$GO127" tool trace -pprof="$kind" "$trace")"
      printf '%-28s %-8s %-7s | %6ss %6ss %5sMB | %6ss %6ss %5sMB | %5.1fx %5.1fx\n' \
        "$(basename "$trace")" "$size" "$kind" "$sw" "$sc" "$sr" "$gw" "$gc" "$gr" \
        "$(echo "$gw / ($sw + 0.001)" | bc -l)" "$(echo "$gc / ($sc + 0.001)" | bc -l)"
    done
  done
done

# The web UI: seconds from start to the landing page's answer.
echo
echo "web UI landing page (swprof -http, first request answered after)"
for trace in "${traces[@]}"; do
  port=$((20000 + RANDOM % 20000))
  start=$(date +%s.%N)
  "$swprof" -http=127.0.0.1:$port -no_browser "$trace" > /dev/null 2>&1 &
  pid=$!
  until curl -sf -o "$DIR/landing.html" "http://127.0.0.1:$port/trace"; do
    kill -0 $pid 2> /dev/null || { echo "$(basename "$trace"): the server exited"; break; }
    sleep 0.05
  done
  end=$(date +%s.%N)
  tstart=$(date +%s.%N)
  curl -sf -o "$DIR/timeline.html" "http://127.0.0.1:$port/trace/timeline" || true
  tend=$(date +%s.%N)
  rss=$(awk '/VmHWM/ {print int($2 / 1024)}' /proc/$pid/status 2> /dev/null || echo '?')
  kill $pid 2> /dev/null || true
  wait $pid 2> /dev/null || true
  printf '%-28s %6.2fs  peak RSS %sMB  page %s bytes; timeline %6.2fs, %s bytes\n' "$(basename "$trace")" \
    "$(echo "$end - $start" | bc -l)" "$rss" "$(wc -c < "$DIR/landing.html")" "$(echo "$tend - $tstart" | bc -l)" \
    "$(wc -c < "$DIR/timeline.html" 2> /dev/null || echo 0)"
done
