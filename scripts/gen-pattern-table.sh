#!/usr/bin/env bash
# Regenerates Tests/Fixtures/patterns/go-patterns.json: which patterns Go's regexp
# accepts, its exact error texts, and its matches on sample strings
# (scripts/go-patterns/main.go). The pattern tests compare swprof's Pattern (RE2)
# against it without Go. GO picks the toolchain (default: go on PATH).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
export TZ=UTC GOFLAGS=-mod=mod GO111MODULE=off
out=$root/Tests/Fixtures/patterns/go-patterns.json
mkdir -p "$(dirname "$out")"
"${GO:-go}" run "$root/scripts/go-patterns/main.go" > "$out.tmp"
mv "$out.tmp" "$out"
echo "wrote $out"
