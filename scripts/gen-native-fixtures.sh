#!/usr/bin/env bash
# Builds the C/C++ programs of Tests/Fixtures/native/src with gcc/g++ -g,
# profiles them with gperftools (CPU profiler and tcmalloc's heap profiler),
# and writes go tool pprof's outputs for them as the expected outputs.
#
#   scripts/gen-native-fixtures.sh            rebuild binaries, profiles and outputs
#   scripts/gen-native-fixtures.sh -outputs   keep binaries and profiles, redo outputs
#
# Needs gcc, g++, libgoogle-perftools-dev and Go 1.27 (its pprof, and it builds gohot/) (GO, default
# /work/gobin/bin/go). Binaries are built in Tests/Fixtures/native with
# source paths made relative (src/hot.c), so -list reads the committed sources.
set -euo pipefail
cd "$(dirname "$0")/../Tests/Fixtures/native"
GO=${GO:-/work/gobin/bin/go}
export TZ=UTC
lib=$(dirname "$(gcc -print-file-name=libprofiler.so)")
profiler=$(ls "$lib"/libprofiler.so* /usr/lib/*/libprofiler.so* 2>/dev/null | head -1)
tcmalloc=$(ls "$lib"/libtcmalloc.so* /usr/lib/*/libtcmalloc.so* 2>/dev/null | head -1)

if [[ ${1:-} != -outputs ]]; then
    flags=(-g -fdebug-prefix-map="$PWD"=.)
    gcc "${flags[@]}" -O1 -o hot src/hot.c
    gcc "${flags[@]}" -O1 -o leaky src/leaky.c
    g++ "${flags[@]}" -O2 -fPIC -shared -o libshapes.so src/shapes.cc
    g++ "${flags[@]}" -O2 -o app src/app.cc -L. -lshapes -Wl,-rpath,'$ORIGIN'
    cp hot hot.stripped && strip hot.stripped
    # hot with compressed DWARF: SHF_COMPRESSED zlib and zstd sections, and the older .zdebug_ ones.
    # Only the debug sections differ, so hot.cpu.prof's addresses hold for them.
    gcc "${flags[@]}" -O1 -gz=zlib -o hot.gz src/hot.c
    gcc "${flags[@]}" -O1 -gz=zlib-gnu -o hot.zdebug src/hot.c
    objcopy --compress-debug-sections=zstd hot hot.zstd
    for b in hot.gz hot.zdebug hot.zstd; do
        cmp <(objcopy -O binary -j .text hot /dev/stdout) <(objcopy -O binary -j .text $b /dev/stdout)
    done
    CPUPROFILE=hot.cpu.prof CPUPROFILE_FREQUENCY=500 LD_PRELOAD=$profiler ./hot 40000 >/dev/null
    CPUPROFILE=app.cpu.prof CPUPROFILE_FREQUENCY=500 LD_PRELOAD=$profiler ./app 6000 >/dev/null
    rm -f leaky.*.heap
    # A Go binary and its CPU profile for the web UI's Disassemble and Source views.
    # gohot.w: the same without DWARF (-ldflags=-w), named from .gopclntab only.
    (cd gohot && GOFLAGS= "$GO" build -trimpath -o gohot . && ./gohot gohot.cpu.pb.gz >/dev/null &&
        GOFLAGS= "$GO" build -trimpath -ldflags=-w -o gohot.w . &&
        cmp <(objcopy -O binary -j .text gohot /dev/stdout) <(objcopy -O binary -j .text gohot.w /dev/stdout))
    HEAPPROFILE=leaky LD_PRELOAD=$tcmalloc ./leaky >/dev/null
    mv "$(ls leaky.*.heap | tail -1)" leaky.heap && rm -f leaky.*.heap
fi

# The cases: NAME<TAB>ARGS (run in this directory with PPROF_BINARY_PATH=.).
cases=$(cat cases.tsv)
rm -rf expected && mkdir -p expected
while IFS=$'\t' read -r name args; do
    [[ -z $name || $name == \#* ]] && continue
    # shellcheck disable=SC2086
    PPROF_BINARY_PATH=. "$GO" tool pprof $args >"expected/$name.txt" 2>"expected/$name.stderr" || echo "exit $?" >>"expected/$name.stderr"
done <<<"$cases"
ls -la expected | head
