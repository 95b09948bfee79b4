#!/usr/bin/env bash
# Compares what two swprof binaries print and serve, byte for byte: a refactor
# must change neither a report nor a page.
#
#   scripts/compare-outputs.sh [--build-base REF] [OLD_BIN] [NEW_BIN]
#
# OLD_BIN defaults to .build-base/swprof; `--build-base REF` (e.g. main) first
# builds REF's swprof there (its sources exported with `git archive` into
# .build-base/src, built with --scratch-path .build-base/scratch; .build-base
# is ignored by git). NEW_BIN defaults to .build/debug/swprof.
#
# Each binary runs the same list of CLI reports (text, DOT, SVG, proto,
# -flamegraph, -base/-diff_base/-normalize, -trend, -trace_profile) and an
# -html export, on the profiles in $PROFILES (default /work/shared/profiles)
# and the test traces; then serves a profile, a comparison, a trend, a
# goroutine profile and a trace with -http and fetches a list of pages
# (status line, headers but Date, body). The outputs land in OUT/old and
# OUT/new (OUT defaults to a temporary directory) and are compared with diff;
# the exit status is 0 when every output is identical. EXCLUDE="NAME ..."
# leaves out files whose names end in .NAME (e.g. EXCLUDE="head-top post-top"
# when comparing across a deliberate change of the HEAD and 405 answers).
set -euo pipefail

here="$(cd "$(dirname "$0")/.." && pwd)"
cd "$here"

if [[ "${1:-}" == "--build-base" ]]; then
    ref="${2:?--build-base needs a git revision}"
    shift 2
    rm -rf .build-base/src
    mkdir -p .build-base/src
    git archive "$ref" | tar -x -C .build-base/src
    swift build --package-path .build-base/src --scratch-path .build-base/scratch
    cp .build-base/scratch/debug/swprof .build-base/swprof
fi

old="${1:-.build-base/swprof}"
new="${2:-.build/debug/swprof}"
profiles="${PROFILES:-/work/shared/profiles}"
traces="$here/Tests/Fixtures/traces"
out="${OUT:-$(mktemp -d /tmp/swprof-compare.XXXXXX)}"
for bin in "$old" "$new"; do
    [[ -x "$bin" ]] || { echo "no binary at $bin" >&2; exit 2; }
done
old="$(cd "$(dirname "$old")" && pwd)/$(basename "$old")"
new="$(cd "$(dirname "$new")" && pwd)/$(basename "$new")"

export TZ=UTC SWPROF_NO_WARMUP=1

# name|arguments (run in $profiles; `{dir}` is a fresh directory for -html).
reports=(
    "cpu-top|-top cpu.pb.gz"
    "cpu-top-cum|-top -cum -nodecount=15 cpu.pb.gz"
    "cpu-traces|-traces cpu.pb.gz"
    "cpu-tree|-tree cpu.pb.gz"
    "cpu-peek|-peek=runtime cpu.pb.gz"
    "cpu-tags|-tags cpu.pb.gz"
    "cpu-raw|-raw cpu.pb.gz"
    "cpu-dot|-dot cpu.pb.gz"
    "cpu-svg|-svg cpu.pb.gz"
    "cpu-lines|-top -lines -noinlines cpu.pb.gz"
    "cpu-focus|-top -focus=main -ignore=runtime cpu.pb.gz"
    "cpu-list|-list=main.busyWork cpu.pb.gz"
    "cpu-list-source|-list=main.busyWork -source_path=$here/Tests/Fixtures/source/leaky cpu.pb.gz"
    "cpu-proto|-proto cpu.pb.gz"
    "cpu-flamegraph|-flamegraph cpu.pb.gz"
    "heap-top|-top heap.2.pb.gz"
    "heap-alloc|-top -alloc_space heap.2.pb.gz"
    "heap-base|-top -base=heap.1.pb.gz heap.2.pb.gz"
    "heap-base-traces|-traces -base=heap.1.pb.gz heap.3.pb.gz"
    "heap-diffbase|-top -diff_base=heap.1.pb.gz heap.3.pb.gz"
    "heap-diffbase-dot|-dot -diff_base=heap.1.pb.gz heap.3.pb.gz"
    "heap-normalize|-top -normalize -base=heap.1.pb.gz heap.3.pb.gz"
    "heap-base-proto|-proto -base=heap.1.pb.gz heap.3.pb.gz"
    "heap-flame-diff|-flamegraph -base=heap.1.pb.gz heap.3.pb.gz"
    "heap-flame-diff-cb|-flamegraph -palette=cb -base=heap.1.pb.gz heap.3.pb.gz"
    "heap-merge|-top heap.1.pb.gz heap.2.pb.gz"
    "heap-trend|-trend heap.1.pb.gz heap.2.pb.gz heap.3.pb.gz"
    "heap-trend-traces|-trend -traces heap.1.pb.gz heap.2.pb.gz heap.3.pb.gz"
    "heap-debug1|-top heap.debug1.txt"
    "allocs-top|-top -sample_index=alloc_objects allocs.pb.gz"
    "block-top|-top -contentions block.pb.gz"
    "mutex-top|-top -mean_delay mutex.pb.gz"
    "goroutine-traces|-traces goroutine.2.pb.gz"
    "goroutine-debug2|-traces goroutine.debug2.txt"
    "goroutine-diff|-traces -diff_base=goroutine.1.pb.gz goroutine.3.pb.gz"
    "threadcreate-top|-top threadcreate.pb.gz"
    "regexp-top|-top regexp.cpu.pb.gz"
    "regexp-mem-tree|-tree -nodecount=10 regexp.mem.pb.gz"
    "legacy-java|-top legacy/java.cpu"
    "legacy-cpp|-top legacy/cppbench.heap"
    "bad-flag|-top -nosuchflag cpu.pb.gz"
    "bad-file|-top legacy"
    "missing-base|-top -base=nope.pb.gz cpu.pb.gz"
    "mode-unsupported|-weblist=main -inuse_space -alloc_space heap.2.pb.gz"
    "mode-trend-top|-trend -top -alloc_space -inuse_space heap.1.pb.gz heap.2.pb.gz"
    "mode-trend-base|-trend -base=heap.1.pb.gz heap.2.pb.gz heap.3.pb.gz"
    "mode-flame-http|-flamegraph -http=:0 cpu.pb.gz"
    "mode-html-top|-html={dir} -top cpu.pb.gz"
    "mode-no-source|-top"
    "mode-two-formats|-top -svg cpu.pb.gz"
    "mode-normalize|-normalize -top cpu.pb.gz"
    "mode-every|-every=1s cpu.pb.gz"
    "mode-palette|-flamegraph -palette=x cpu.pb.gz"
    "trace-sync|-top -trace_profile=sync $traces/blocking-go127.trace"
    "trace-sched-old|-traces -trace_profile=sched $traces/blocking-go119.trace"
    "html-cpu|-html={dir} cpu.pb.gz"
    "html-diff|-html={dir} -base=heap.1.pb.gz heap.3.pb.gz"
    "html-trend|-html={dir} -trend heap.1.pb.gz heap.2.pb.gz heap.3.pb.gz"
    "html-goroutine|-html={dir} goroutine.debug2.txt"
    "html-trace|-html={dir} $traces/annotated-go127.trace"
)

# name|server arguments|paths
servers=(
    "cpu|cpu.pb.gz|/ / /ui/ /ui/top /ui/top?n=5&sort=cum /ui/graph /ui/graph?f=main&n=10 /ui/flamegraph /ui/flamegraph?w=800&p=main.main /ui/peek /ui/peek?f=runtime /ui/source /ui/source?f=main.busyWork /ui/top?f=((( /ui/top?si=nope /ui/top?n=-1 /ui/nope /ui/download /ui/static/style.css /ui/static/swprof.js /ui/top?refine=f&re=main /ui/goroutines /ui/trend"
    "heapdiff|-base=heap.1.pb.gz heap.3.pb.gz|/ui/flamegraph /ui/flamegraph?cmp=side /ui/flamegraph?palette=cb /ui/top /ui/top?cmp=side /ui/graph /ui/peek /ui/source /ui/download"
    "trend|-trend heap.1.pb.gz heap.2.pb.gz heap.3.pb.gz|/ui/trend /ui/trend?stacks=1 /ui/top /ui/flamegraph /ui/goroutines"
    "goroutine|goroutine.debug2.txt|/ui/goroutines /ui/goroutines?q=main /ui/top /ui/flamegraph"
    "goroutinediff|-base=goroutine.1.pb.gz goroutine.3.pb.gz|/ui/goroutines /ui/top"
    "trace|$traces/blocking-go127.trace|/ /trace /trace/timeline /trace/mmu /trace/logs /trace/tasks /trace/regions /trace/goroutines /trace/goroutines?sort=sched /trace/goroutines?sort=nope /trace/sync /trace/sync/ui/top /trace/sync/ui/flamegraph /trace/net/ui/graph /trace/sched/ui/peek /trace/sync/ui/top?refine=f&re=main /trace/syscall/ui/download /trace/nope /ui/nope"
)

# Writes the outputs of binary $1 into directory $2.
run_all() {
    local bin="$1" dest="$2"
    mkdir -p "$dest/cli" "$dest/web"
    local home="$dest/home"
    mkdir -p "$home"
    for entry in "${reports[@]}"; do
        local name="${entry%%|*}" args="${entry#*|}"
        local dir="$dest/cli/$name.site"
        args="${args//\{dir\}/$dir}"
        # shellcheck disable=SC2086
        (cd "$profiles" && HOME="$home" "$bin" $args >"$dest/cli/$name.out" 2>"$dest/cli/$name.err"; echo "exit $?" >"$dest/cli/$name.status") || true
    done
    for entry in "${servers[@]}"; do
        IFS='|' read -r name args paths <<<"$entry"
        local log="$dest/web/$name.log"
        : >"$log"
        # shellcheck disable=SC2086
        (cd "$profiles" && HOME="$home" exec "$bin" -http=127.0.0.1:0 -no_browser $args) 2>"$log" &
        local pid=$!
        local url=""
        for _ in $(seq 1 600); do
            url="$(grep -o 'http://127.0.0.1:[0-9]*' "$log" | head -1 || true)"
            [[ -n "$url" ]] && break
            sleep 0.1
        done
        if [[ -z "$url" ]]; then
            echo "server $name did not start (see $log)" >&2
            kill "$pid" 2>/dev/null || true
            continue
        fi
        local n=0
        for path in $paths; do
            n=$((n + 1))
            curl -s --max-time 120 -D - -o "$dest/web/$name.$n.body" "$url$path" | tr -d '\r' | grep -vi '^date:' >"$dest/web/$name.$n.head" || true
            echo "$path" >"$dest/web/$name.$n.path"
        done
        # HEAD and a wrong method on a view.
        curl -s --max-time 120 -I "$url/ui/top" | tr -d '\r' | grep -vi '^date:' >"$dest/web/$name.head-top" || true
        curl -s --max-time 120 -X POST -D - "$url/ui/top" | tr -d '\r' | grep -vi '^date:' >"$dest/web/$name.post-top" || true
        kill "$pid" 2>/dev/null || true
        wait "$pid" 2>/dev/null || true
        # The log holds the port, which differs from run to run.
        sed -i 's/127\.0\.0\.1:[0-9]*/127.0.0.1:PORT/g' "$log"
    done
    rm -rf "$home"
}

echo "old: $old"
echo "new: $new"
echo "outputs: $out"
run_all "$old" "$out/old"
run_all "$new" "$out/new"
# Paths that name the output directory differ by old/new.
for side in old new; do
    grep -rl "$out/$side" "$out/$side" 2>/dev/null | while read -r f; do sed -i "s#$out/$side#OUT#g" "$f"; done
done
files=$(find "$out/old" -type f | wc -l)
excluded=()
for name in ${EXCLUDE:-}; do excluded+=(-x "*.$name"); done
if diff -r "${excluded[@]}" "$out/old" "$out/new" >"$out/diff.txt"; then
    echo "identical: $files files (CLI reports, -html sites, web pages)${EXCLUDE:+, leaving out *.${EXCLUDE// /, *.}}"
else
    echo "DIFFERENT: see $out/diff.txt" >&2
    head -50 "$out/diff.txt" >&2
    exit 1
fi
