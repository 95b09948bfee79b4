#!/usr/bin/env bash
# Makes the extra inputs of swprof's golden tests (run once; the results are committed):
#   Tests/Fixtures/profiles/extra/  more real Go profiles
#     compile.cpu.pb.gz       CPU profile of Debian's Go compiler building go/types: deep
#                             inlining, (partial-inline) frames, absolute source paths
#     labels.cpu.pb.gz        CPU profile whose samples carry pprof labels (worker, phase)
#     labels.goroutine.pb.gz  goroutine profile with labels
#     heap.1.pb               heap.1.pb.gz uncompressed (profile.proto without gzip)
#     compile.nethttp.cpu.pb.gz  the compiler building net/http (more samples, other units)
#     run2/                   a second run of the leaky service (gen-profiles.sh): the
#                             same programs with other numbers, for unit and -base cases
#   Tests/Fixtures/source/    source files the -list cases read (-source_path=../source)
#   Tests/Fixtures/golden/bad/ malformed inputs for the bad-input tests
#   Tests/Fixtures/profiles/extra/realworld/  hand-encoded profiles of other languages and
#                             shapes (scripts/golden-extra/realworld.py; needs only python3)
# Needs Debian's golang-go (Go 1.19; the committed inputs were made with it) and, for run2, curl and the shared gen-profiles.sh
# (GEN_PROFILES, default /work/shared/tools/gen-profiles.sh).
# Usage: scripts/gen-golden-inputs.sh [PART...]
#   PART: compile labels raw nethttp run2 source bad realworld (default: all of them). Remaking a
#   part changes its numbers: run scripts/gen-golden.sh afterwards and commit both.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
fixtures=$root/Tests/Fixtures
extra=$fixtures/profiles/extra
goroot=$(go env GOROOT)
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
export GOCACHE=$work/gocache GOFLAGS=-trimpath TZ=UTC

parts=("$@")
((${#parts[@]})) || parts=(compile labels raw nethttp run2 source bad realworld)
wants() { [[ " ${parts[*]} " == *" $1 "* ]]; }

mkdir -p "$extra"

# The compiler's own CPU profile while it compiles one package (-a: really compile it).
if wants compile; then
  go build -a -gcflags="go/types=-cpuprofile=$work/compile.cpu" -o /dev/null go/types
  cp "$work/compile.cpu" "$extra/compile.cpu.pb.gz"
fi
if wants nethttp; then
  go build -a -gcflags="net/http=-cpuprofile=$work/nethttp.cpu" -o /dev/null net/http
  cp "$work/nethttp.cpu" "$extra/compile.nethttp.cpu.pb.gz"
fi

# Labelled CPU and goroutine profiles from a small program.
if wants labels; then
  (cd "$root/scripts/golden-extra/labels" && go run . -out "$extra")
fi

# Real-world-like profiles, hand-encoded.
if wants realworld; then
  python3 "$root/scripts/golden-extra/realworld.py" "$extra/realworld"
fi

# profile.proto without gzip.
if wants raw; then
  gzip -dc "$fixtures/profiles/heap.1.pb.gz" > "$extra/heap.1.pb"
fi

# A second run of the leaky service; keep the profiles the golden matrix uses.
if wants run2; then
  "${GEN_PROFILES:-/work/shared/tools/gen-profiles.sh}" "$work/run2" >/dev/null
  mkdir -p "$extra/run2"
  for f in cpu.pb.gz heap.1.pb.gz heap.3.pb.gz allocs.pb.gz block.pb.gz mutex.pb.gz \
    goroutine.1.pb.gz goroutine.3.pb.gz regexp.mem.pb.gz; do
    cp "$work/run2/$f" "$extra/run2/$f"
  done
fi

for f in "$extra"/* "$extra"/run2/*; do
  [[ -f $f ]] || continue
  size=$(stat -c %s "$f")
  if (( size > 200000 )); then echo "$f is $size bytes, keep extras under 200 KB" >&2; exit 1; fi
done

if wants source; then
# Sources for -list: the paths the profiles record, below one search root.
# leaky/main.go is the service that made the leaky.bin profiles (LEAKY_SRC, default: the
# shared tools folder); when it is not there, the committed copy stays.
src=$fixtures/source
mkdir -p "$src/leaky" "$src/strings" "$src/regexp" "$src/cmd/compile/internal/ssa"
leaky=${LEAKY_SRC:-/work/shared/tools/leaky}/main.go
if [[ -f $leaky ]]; then cp "$leaky" "$src/leaky/main.go"; fi
cp "$goroot/src/strings/builder.go" "$src/strings/builder.go"
cp "$goroot/src/regexp/exec.go" "$src/regexp/exec.go"
cp "$goroot/src/cmd/compile/internal/ssa/deadcode.go" "$src/cmd/compile/internal/ssa/deadcode.go"
cat > "$src/README.md" <<'EOF'
Source files read by the golden `-list` cases (`-source_path=../source`, run from
Tests/Fixtures/profiles). `leaky/main.go` is the test service of /work/shared/tools/leaky;
the others are copies of Go 1.19 standard library and compiler files (BSD-style licence of the Go
project, see each file's header), at the paths the profiles record (after `-trim_path=/usr/lib/go-1.19/src`).
EOF

fi

if wants bad; then
# Malformed inputs. Each must make swprof exit 1 with one line naming the file.
bad=$fixtures/golden/bad
rm -rf "$bad"; mkdir -p "$bad"
heap=$fixtures/profiles/heap.1.pb.gz
: > "$bad/empty.pb.gz"
head -c 1000 "$heap" > "$bad/truncated.pb.gz"
cp "$heap" "$bad/badcrc.pb.gz"; chmod u+w "$bad/badcrc.pb.gz"
n=$(stat -c %s "$bad/badcrc.pb.gz")
# Overwrite the CRC-32 in the gzip trailer (8 bytes before the end).
printf '\xde\xad\xbe\xef' | dd of="$bad/badcrc.pb.gz" bs=1 seek=$((n - 8)) conv=notrunc status=none
head -c 2000 "$extra/heap.1.pb" > "$bad/truncated.pb"
head -c 777 /dev/urandom > "$bad/random.bin"
gzip -nc "$heap" > "$bad/gzip-of-gzip.pb.gz"
head -c 700 /dev/urandom | gzip -nc > "$bad/gzip-of-random.gz"
printf 'this is not a profile\njust some text\n' > "$bad/text.txt"
# A 1x1 PNG image, written byte by byte.
python3 - "$bad/image.png" <<'EOF'
import struct, sys, zlib
def chunk(kind, data):
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
png = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0))
png += chunk(b"IDAT", zlib.compress(b"\x00\xff\x00\x00")) + chunk(b"IEND", b"")
open(sys.argv[1], "wb").write(png)
EOF
fi

ls -laR "$extra"
