#!/bin/sh
# Regenerates the expected outputs of the decode/encode/merge tests with Go's pprof.
# Run from this directory: ./regenerate.sh   (needs `go`, Go 1.19's pprof).
set -eu
P=../profiles
export TZ=UTC
for f in "$P"/*.pb.gz; do
    name=$(basename "$f" .pb.gz)
    go tool pprof -raw "$f" > "$name.raw.txt" 2>/dev/null
    # pprof's own profile.proto for the profile (merged, as pprof always merges), uncompressed.
    go tool pprof -proto "$f" 2>/dev/null | gunzip > "$name.pprof.pb"
done
go tool pprof -raw "$P/heap.1.pb.gz" "$P/heap.2.pb.gz" > heap.1+2.raw.txt 2>/dev/null
go tool pprof -raw "$P/heap.1.pb.gz" "$P/heap.2.pb.gz" "$P/heap.3.pb.gz" > heap.1+2+3.raw.txt 2>/dev/null
go tool pprof -raw "$P/goroutine.1.pb.gz" "$P/goroutine.2.pb.gz" "$P/goroutine.3.pb.gz" > goroutine.1+2+3.raw.txt 2>/dev/null
go tool pprof -raw "$P/heap.1.pb.gz" "$P/allocs.pb.gz" > heap.1+allocs.raw.txt 2>/dev/null
# A hand-made profile with labels, units, duplicates and odd IDs (see make-handmade.py).
python3 make-handmade.py
go tool pprof -raw handmade.pb > handmade.raw.txt 2>/dev/null
go tool pprof -proto handmade.pb 2>/dev/null | gunzip > handmade.pprof.pb
