#!/bin/bash
# Regenerates what the trace UI's tests compare with (Tests/Fixtures/traces/ui):
# for every trace in Tests/Fixtures/traces, Go 1.27's `go tool trace -http`
# is started on it and asked for its pages, and the numbers are kept:
#
#   NAME.usertasks.tsv    /usertasks: type, count, histogram (bucket minimum=count ...)
#   NAME.userregions.tsv  /userregions: type (%q), outermost frame (func @ pc, file:line),
#                         count, histogram
#   NAME.mmu.json         /mmu?mode=plot&flags=system|stw|background|assist (the page's
#                         default): xMin, xMax and the 100 (window, MMU) points, or
#                         null where Go's handler fails (a trace without GOMAXPROCS)
#   NAME.mmu-perproc.json the same with the Per-goroutine view (flags perProc|...)
#
#   scripts/gen-trace-ui-golden.sh [TRACE...]
#
# GO127 (default /work/gobin/bin/go) names Go 1.27. TZ=UTC. Run it again after
# `scripts/gen-trace-golden.sh --retrace`, which traces the programs anew.
set -euo pipefail
cd "$(dirname "$0")/.."
GO127=${GO127:-/work/gobin/bin/go}
dir=Tests/Fixtures/traces
out=$dir/ui
mkdir -p "$out"
export TZ=UTC
if [ $# -eq 0 ]; then set -- "$dir"/*.trace; fi

extract() {  # PAGE KIND: the table of /usertasks or /userregions as TSV
  python3 - "$1" "$2" <<'PY'
import html, re, sys
text = open(sys.argv[1], encoding="utf-8").read()
kind = sys.argv[2]
body = text[text.index('<table border="1"'):]
rows = re.split(r'\n  <tr>\n', body)[1:]
for row in rows:
    cells = re.findall(r'    <td>(.*?)</td>\n(?=    <td>|  </tr>)', row, re.S)
    if len(cells) < 3:
        continue
    if kind == "tasks":
        name = html.unescape(cells[0])
    else:
        pre = re.search(r'<pre>(.*)</pre>', cells[0], re.S).group(1)
        name = "\t".join(html.unescape(p) for p in pre.split("<br>"))
    count = re.sub(r'<[^>]*>', '', cells[1]).strip()
    buckets = []
    for tick, n in re.findall(
            r'<td class="histoTime" align="right">(?:<a [^>]*>)?([^<]*)(?:</a>)?</td><td><div [^>]*>&nbsp;</div></td>'
            r'<td align="right"><div [^>]*>(\d+)</div></td>', cells[2]):
        if n != "0":
            buckets.append(html.unescape(tick) + "=" + n)
    print(name + "\t" + count + "\t" + " ".join(buckets))
PY
}

for trace in "$@"; do
  name=$(basename "$trace" .trace)
  port=$((40000 + RANDOM % 20000))
  BROWSER=true "$GO127" tool trace -http=127.0.0.1:$port "$trace" > /dev/null 2>&1 &
  pid=$!
  for _ in $(seq 1 100); do
    curl -s -o /dev/null "http://127.0.0.1:$port/usertasks" && break
    sleep 0.2
  done
  tmp=$(mktemp)
  curl -s "http://127.0.0.1:$port/usertasks" > "$tmp"
  extract "$tmp" tasks > "$out/$name.usertasks.tsv"
  curl -s "http://127.0.0.1:$port/userregions" > "$tmp"
  extract "$tmp" regions > "$out/$name.userregions.tsv"
  # Go's handler panics (empty reply) when the trace has no utilization
  # function (no GOMAXPROCS event): kept as `null`.
  for view in system perProc; do
    file=$out/$name.mmu.json
    [ $view = perProc ] && file=$out/$name.mmu-perproc.json
    curl -sf "http://127.0.0.1:$port/mmu?mode=plot&flags=$view|stw|background|assist" > "$file" || echo null > "$file"
  done
  rm -f "$tmp"
  # `go tool trace` runs the trace binary as its child: stop both.
  pkill -P "$pid" 2>/dev/null || true
  kill "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  echo "$name: $(wc -l < "$out/$name.usertasks.tsv") task types, $(wc -l < "$out/$name.userregions.tsv") region groups"
done
