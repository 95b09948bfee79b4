#!/usr/bin/env bash
# Regenerates Tests/Fixtures/demangle: mangled names taken from programs of our
# own (src/names.cc built with g++, src/names.rs with rustc: C++ Itanium names,
# Rust legacy and v0 names), the names pprof's symbolizer gives them in each
# demangling mode (table.tsv, from the demangle package Go's pprof vendors), a
# profile naming them (names.pb.gz) and go tool pprof's reports on it.
#
# Needs g++, rustc, and Go 1.27 (GO, default /work/gobin/bin/go), whose source
# tree provides the vendored packages the generator builds with.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
dir=$root/Tests/Fixtures/demangle
GO=${GO:-/work/gobin/bin/go}
export TZ=UTC
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

g++ -g -O2 -std=c++17 -o "$tmp/names_cc" "$dir/src/names.cc"
rustc -O -o "$tmp/names_rs" "$dir/src/names.rs"
rustc -O -C symbol-mangling-version=v0 -o "$tmp/names_rs_v0" "$dir/src/names.rs"
{
    nm "$tmp/names_cc" | awk '{print $NF}' | grep -E '^_Z'
    nm "$tmp/names_rs" | awk '{print $NF}' | grep -E '^_ZN.*17h[0-9a-f]{16}E'
    nm "$tmp/names_rs_v0" | awk '{print $NF}' | grep -E '^_R' | grep -E 'names|core|alloc' | sed -n 1,200p
    # Names that are not mangled, or look like already demangled C++ (heuristics).
    printf '%s\n' main hash_block 'std::vector<int>::push_back(int const&)' 'ns::f(int)' '_not_mangled' \
        'main.(*T).Method' 'Foo<int>::bar' '_ZN3fooE.cold' '_Z3foov.part.0' '_Z3barIiEvT_.constprop.0.isra.0'
} | awk '!seen[$0]++' >"$tmp/names"

"$root/scripts/demangle-oracle/build.sh" "$tmp"

cp "$tmp/names" "$dir/names.txt"
"$tmp/oracle" table <"$tmp/names" >"$dir/table.tsv"
"$tmp/oracle" profile "$dir/names.pb.gz" <"$tmp/names"
rm -rf "$dir/expected" && mkdir -p "$dir/expected"
for mode in default templates full none; do
    for report in top traces; do
        "$GO" tool pprof -$report -nodecount=1000 -symbolize=demangle=$mode "$dir/names.pb.gz" >"$dir/expected/$report.$mode.txt" 2>/dev/null
    done
done
wc -l "$dir/table.tsv" "$dir/names.txt"
