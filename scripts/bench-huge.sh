#!/usr/bin/env bash
# Huge profiles against the cost of reading them (issue 17): time and peak RSS of swprof,
# `gzip -dc` and Go 1.27's pprof on synthetic heap profiles of 20k, 200k and 2M stacks,
# the web UI's start and pages at each size, and a fleet of 1,000 ~1 MB profiles merged.
#
#   scripts/bench-huge.sh [--pprof-2m] [--no-fleet] [--fleet-only] [--fleet-pprof] [SIZES...]
#
# SIZES default to 20000 200000 2000000. pprof runs on every size up to 200k; on 2M it
# takes ~7 minutes and ~3 GB, so it runs only with --pprof-2m, and otherwise the figure
# measured before (PPROF_2M_SECS / PPROF_2M_MB, default 410 s and 2900 MB, Go 1.27.3 on
# this kind of machine) is printed in brackets and used for the ratio. The fleet
# (1,000 pods of one service, ~1 MB each: 26k samples each from a pool of 50k call paths over 4,000 functions, `swprof-bench 26000 OUT 4000 POD`) is merged with
# `-top -nodecount=20`; pprof on it runs only with --fleet-pprof, on the first
# FLEET_PPROF_PODS pods (default "100 250 500"; add 1000 for the whole fleet, ~40
# minutes and ~10 GB), each next to swprof on the same pods, with CPU seconds too.
# Environment: GO (the oracle, default /work/gobin/bin/go), DIR (default .build/bench-huge),
# NO_BUILD=1 (skip the release build), REPEAT (runs per measure, default 3; the median
# is printed, every run's time goes to stderr). Times are wall seconds of one process
# (/usr/bin/time), RSS its peak in MB; "×gz" is swprof's time over gzip -dc's, taken in
# the same round, so the ratio holds on a loaded machine.
set -euo pipefail
cd "$(dirname "$0")/.."
export TZ=UTC
GO=${GO:-/work/gobin/bin/go}
DIR=${DIR:-.build/bench-huge}
REPEAT=${REPEAT:-3}
PPROF_2M=0; FLEET=1; FLEET_PPROF=0; SIZES=()
for a in "$@"; do
  case "$a" in
    --pprof-2m) PPROF_2M=1 ;;
    --no-fleet) FLEET=0 ;;
    --fleet-pprof) FLEET_PPROF=1 ;;
    --fleet-only) SIZES=(none) ;;
    -*) echo "unknown option $a" >&2; exit 2 ;;
    *) SIZES+=("$a") ;;
  esac
done
[ ${#SIZES[@]} -gt 0 ] || SIZES=(20000 200000 2000000)
mkdir -p "$DIR"
[ -n "${NO_BUILD:-}" ] || swift build -c release >&2
BIN=$(swift build -c release --show-bin-path)
SWPROF="$BIN/swprof"
HAVE_GO=0; [ -x "$GO" ] && HAVE_GO=1

# "SECONDS MB" of one run of a command (stdout to $DIR/out, stderr to $DIR/err)
measure() {
  /usr/bin/time -f '%e %M' -o "$DIR/time.txt" "$@" >"$DIR/out" 2>"$DIR/err" || true
  read -r s kb < <(tail -1 "$DIR/time.txt")
  echo "$s $((kb / 1024))"
}
median() { python3 -c 'import sys,statistics as s;print("%.2f"%s.median(map(float,sys.argv[1:])))' "$@"; }
div() { python3 -c 'import sys;a,b=float(sys.argv[1]),float(sys.argv[2]);print("%.2f"%(a/b) if b>0 else "-")' "$1" "$2"; }

# Seconds from the server's start until GET $2 answers, then each page's seconds.
serve() {
  local prof=$1; shift
  local t0 url=""
  t0=$(date +%s.%N)
  "$SWPROF" -http=127.0.0.1:0 -no_browser "$prof" 2>"$DIR/server.err" >/dev/null &
  local spid=$!
  for _ in $(seq 1 6000); do
    url=$(grep -o 'http://[^ ]*' "$DIR/server.err" | head -1 || true)
    [ -n "$url" ] && break; sleep 0.02
  done
  until curl -s -o /dev/null "$url/ui/top?nodecount=1" 2>/dev/null; do sleep 0.02; done
  printf 'answering %.2f\n' "$(python3 -c "import time;print(time.time()-$t0)")"
  # While loading, pages answer 503 ("loading"); the first page is the first 200.
  until [ "$(curl -s -o /dev/null -w '%{http_code}' "$url/ui/top?nodecount=1")" = 200 ]; do sleep 0.02; done
  printf 'first-page %.2f\n' "$(python3 -c "import time;print(time.time()-$t0)")"
  for page in "$@"; do
    curl -s -o /dev/null -w "$page %{time_total}\n" "$url/$page"
  done
  printf 'server-rss %d\n' $(( $(awk '/VmRSS/{print $2}' /proc/$spid/status) / 1024 ))
  printf 'server-peak %d\n' $(( $(awk '/VmHWM/{print $2}' /proc/$spid/status) / 1024 ))
  kill $spid 2>/dev/null || true; wait $spid 2>/dev/null || true
}

printf '%-9s %-26s %8s %8s %8s %8s %7s %7s\n' stacks measure swprof MB gunzip pprof "×gz" "÷pprof"
for n in "${SIZES[@]}"; do
  [ "$n" = none ] && continue
  prof="$DIR/heap-$n.pb.gz"
  [ -s "$prof" ] || "$BIN/swprof-bench" "$n" "$prof" >&2
  echo "# $n stacks: $prof ($(( $(stat -c %s "$prof") / 1000000 )) MB gzipped)" >&2
  sw=(); swmb=(); gz=(); ratios=()
  for _ in $(seq 1 "$REPEAT"); do
    read -r g _ < <(measure gzip -dc "$prof")
    read -r s m < <(measure "$SWPROF" -top -nodecount=20 "$prof")
    cp "$DIR/out" "$DIR/top-$n.swprof"
    sw+=("$s"); swmb+=("$m"); gz+=("$g"); ratios+=("$(div "$s" "$g")")
    echo "#   run: swprof $s s $m MB, gzip -dc $g s" >&2
  done
  pp=-; ppmb=-; known=""
  if [ $HAVE_GO = 1 ] && { [ "$n" -le 200000 ] || [ $PPROF_2M = 1 ]; }; then
    read -r pp ppmb < <(measure "$GO" tool pprof -top -nodecount=20 "$prof")
    if cmp -s "$DIR/out" "$DIR/top-$n.swprof"; then echo "# -top output identical to pprof's" >&2
    else echo "# -top output DIFFERS from pprof's: diff $DIR/out $DIR/top-$n.swprof" >&2; fi
  elif [ "$n" = 2000000 ]; then
    pp=${PPROF_2M_SECS:-410}; ppmb=${PPROF_2M_MB:-2900}; known=" (pprof: known figure)"
  fi
  s=$(median "${sw[@]}"); g=$(median "${gz[@]}")
  printf '%-9s %-26s %8s %8s %8s %8s %7s %7s%s\n' "$n" "-top -nodecount=20" "$s" "$(median "${swmb[@]}")" "$g" \
    "$pp" "$(median "${ratios[@]}")" "$( [ "$pp" = - ] && echo - || div "$pp" "$s")" "$known"
  [ "$ppmb" = - ] || printf '%-9s %-26s %8s %8s %8s %8s\n' "$n" "pprof peak RSS (MB)" - - - "$ppmb"

  # The web UI (default warm-up on): start until it answers, then the heavy pages, first request.
  serve "$prof" "ui/flamegraph" "ui/graph" "ui/flamegraph?si=alloc_space" "ui/graph?si=alloc_objects" >"$DIR/ui.txt"
  read -r g _ < <(measure gzip -dc "$prof")
  while read -r what secs; do
    case "$what" in
      answering) printf '%-9s %-26s %8s %8s %8s %8s %7s\n' "$n" "web UI answering after" "$secs" - "$g" - "$(div "$secs" "$g")" ;;
      first-page) printf '%-9s %-26s %8s %8s %8s %8s %7s\n' "$n" "first page (Top) after" "$secs" - "$g" - "$(div "$secs" "$g")" ;;
      server-rss|server-peak) printf '%-9s %-26s %8s %8s\n' "$n" "$what after pages (MB)" - "$secs" ;;
      *) printf '%-9s %-26s %8s\n' "$n" "/$what" "$secs" ;;
    esac
  done <"$DIR/ui.txt"
done

if [ $FLEET = 1 ]; then
  fleet="$DIR/fleet"
  mkdir -p "$fleet"
  if [ "$(ls "$fleet" | wc -l)" -lt 1000 ]; then
    echo "# writing 1,000 pods of 26k samples to $fleet (~20 minutes)" >&2
    for i in $(seq 0 999); do
      f="$fleet/pod-$(printf %04d "$i").pb.gz"
      [ -s "$f" ] || "$BIN/swprof-bench" 26000 "$f" 4000 "$i" >&2
    done
  fi
  # "SECONDS MB CPU-SECONDS" of one run (stdout to $DIR/out)
  measure_cpu() {
    /usr/bin/time -f '%e %M %U %S' -o "$DIR/time.txt" "$@" >"$DIR/out" 2>"$DIR/err" || true
    read -r s kb u sy < <(tail -1 "$DIR/time.txt")
    echo "$s $((kb / 1024)) $(python3 -c "print('%.1f'%($u+$sy))")"
  }
  pods() { ls "$fleet"/*.pb.gz | head -"$1"; }
  if [ $HAVE_GO = 1 ] && [ $FLEET_PPROF = 1 ]; then
    for n in ${FLEET_PPROF_PODS:-100 250 500}; do
      # shellcheck disable=SC2046
      read -r pp ppmb ppcpu < <(measure_cpu "$GO" tool pprof -top -nodecount=20 $(pods "$n"))
      cp "$DIR/out" "$DIR/top-fleet-$n.pprof"
      # shellcheck disable=SC2046
      read -r s m cpu < <(measure_cpu "$SWPROF" -top -nodecount=20 $(pods "$n"))
      if cmp -s "$DIR/out" "$DIR/top-fleet-$n.pprof"; then same=identical; else same="DIFFERS: diff $DIR/out $DIR/top-fleet-$n.pprof"; fi
      printf '%-9s %-26s %8s %8s %8s %8s %7s %7s\n' "${n}×1MB" "merged -top (pprof beside)" "$s" "$m" - "$pp" - "$(div "$pp" "$s")"
      echo "#   $n pods: swprof $s s wall, $cpu s CPU, $m MB; pprof $pp s wall, $ppcpu s CPU, $ppmb MB; output $same" >&2
    done
  fi
  read -r s m cpu < <(measure_cpu "$SWPROF" -top -nodecount=20 "$fleet"/*.pb.gz)
  cp "$DIR/out" "$DIR/top-fleet.swprof"
  start=$(date +%s.%N); cat "$fleet"/*.pb.gz | gzip -dc >/dev/null; g=$(python3 -c "import time;print('%.2f'%(time.time()-$start))")
  printf '%-9s %-26s %8s %8s %8s %8s %7s %7s\n' "1000×1MB" "merged -top -nodecount=20" "$s" "$m" "$g" - \
    "$(div "$s" "$g")" -
  echo "#   1000 pods: swprof $s s wall, $cpu s CPU, $m MB peak" >&2
fi
