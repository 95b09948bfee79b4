#!/usr/bin/env bash
# Fuzzes swprof with libFuzzer and AddressSanitizer: the decoders (gzip, profile.proto, the
# legacy parsers, validation), then every text report and the flame graph of what they accept.
# Inputs that start with the bytes E7 5F are recipes for profiles (Tests/Shared/ProfileRecipe.swift):
# values at the edges of int64, huge counts, deep stacks, many sample types, extreme line
# numbers and IDs. The harness is the separate package in Fuzz/, so the main package's
# `swift build` never sees it; its checks (Tests/Shared/FuzzChecks.swift) are the ones
# `swift test` replays the corpus with.
#
#   scripts/fuzz.sh [SECONDS] [libFuzzer options...]      (default: 600 seconds)
#
# Seeds: Fuzz/corpus (committed, kept small) plus the fixture profiles, gzipped and
# not, and 64 random recipes. New inputs go to a scratch corpus; at the end the committed corpus is
# re-minimised (-merge=1) from everything, keeping only inputs under 4 KB.
# Crashes, leaks and timeouts are written to Fuzz/artifacts/ (not committed): fix the
# decoder, then copy the input to Fuzz/regressions/, which
# Tests/SwprofCoreTests/FuzzCorpusTests.swift runs with the corpus in every `swift test`.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
seconds=${1:-600}
shift || true
cd "$root/Fuzz"
# Optimised, with AddressSanitizer: the reports and flame graphs run per input are
# heavy, and a debug build manages about one input per second on a loaded machine.
swift build -c release -Xswiftc -sanitize=fuzzer,address -Xswiftc -g
bin=$(swift build -c release -Xswiftc -sanitize=fuzzer,address -Xswiftc -g --show-bin-path)/ProfileFuzzer

work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
mkdir -p "$work/seeds" "$work/new" corpus artifacts
for f in "$root"/Tests/Fixtures/profiles/*.pb.gz "$root"/Tests/Fixtures/profiles/*.txt \
    "$root"/Tests/Fixtures/profiles/legacy/* "$root"/Tests/Fixtures/golden/bad/*; do
  [ -f "$f" ] || continue
  name=$(basename "$f")
  if [ "$(stat -c %s "$f")" -le 65536 ]; then cp "$f" "$work/seeds/$name"; fi
  if gzip -t "$f" 2>/dev/null; then
    gzip -dc "$f" | head -c 65536 > "$work/seeds/$name.raw"
  fi
done

for i in $(seq 1 64); do
  { printf '\xe7\x5f'; head -c $((32 + RANDOM % 480)) /dev/urandom; } > "$work/seeds/recipe-$i"
done

"$bin" "$work/new" corpus "$work/seeds" \
  -max_total_time="$seconds" -max_len=65536 -timeout=20 -rss_limit_mb=2048 \
  -artifact_prefix=artifacts/ -print_final_stats=1 "$@" || status=$?

# Keep the committed corpus small: a minimal set of inputs under 4 KB covering what all found.
mkdir -p "$work/small" "$work/merged"
find corpus "$work/new" -type f -size -4k -exec cp {} "$work/small/" \;
"$bin" -merge=1 "$work/merged" "$work/small" >/dev/null 2>&1 || true
if [ -n "$(ls -A "$work/merged")" ]; then
  rm -f corpus/*
  cp "$work/merged"/* corpus/
fi
echo "corpus: $(ls corpus | wc -l) files, $(du -sh corpus | cut -f1)"
exit "${status:-0}"
