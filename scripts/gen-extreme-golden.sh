#!/usr/bin/env bash
# Expected outputs for the extreme-value profiles (Tests/Fixtures/extreme): what
# `go tool pprof` prints for each line of cases.tsv, with TZ=UTC.
#
#   scripts/gen-extreme-golden.sh [GO]       (default: go on PATH)
#
# The profiles are written by the Swift builder first (Tests/Shared/ExtremeValueProfile.swift):
#   SWPROF_WRITE_EXTREME_FIXTURES=1 swift test --filter ExtremeValueTests/fixturesMatchTheBuilder
# Tests/SwprofCLITests/ExtremeValueTests.swift compares swprof's output with these files.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
go=${1:-go}
dir="$root/Tests/Fixtures/extreme"
mkdir -p "$dir/golden"
cd "$dir"
grep -v '^#' cases.tsv | while IFS=$'\t' read -r name args; do
  [ -n "$name" ] || continue
  # shellcheck disable=SC2086
  status=0
  TZ=UTC "$go" tool pprof $args > "golden/$name.txt" 2> "golden/$name.stderr" < /dev/null || status=$?
  echo "$status" > "golden/$name.status"
  echo "$name: exit $status"
done
