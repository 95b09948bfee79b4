#!/usr/bin/env bash
# Builds scripts/demangle-oracle (main.go) into $1/oracle against the demangle
# and profile packages vendored in Go 1.27's source tree (GO, default
# /work/gobin/bin/go): they are copied into a throw-away vendor directory.
set -euo pipefail
out=$1
GO=${GO:-/work/gobin/bin/go}
vendor=$("$GO" env GOROOT)/src/cmd/vendor/github.com
mod=$(mktemp -d)
trap 'rm -rf "$mod"' EXIT
mkdir -p "$mod/vendor/github.com"
cp -r "$vendor/ianlancetaylor" "$vendor/google" "$mod/vendor/github.com/"
printf '# github.com/ianlancetaylor/demangle v0.0.0\n## explicit; go 1.22\ngithub.com/ianlancetaylor/demangle\n# github.com/google/pprof v0.0.0\n## explicit; go 1.22\ngithub.com/google/pprof/profile\n' >"$mod/vendor/modules.txt"
printf 'module oracle\ngo 1.22\nrequire (\n\tgithub.com/ianlancetaylor/demangle v0.0.0\n\tgithub.com/google/pprof v0.0.0\n)\n' >"$mod/go.mod"
cp "$(dirname "$0")/main.go" "$mod/"
(cd "$mod" && GOFLAGS=-mod=vendor "$GO" build -o "$out/oracle" .)
