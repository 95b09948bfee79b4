#!/bin/sh
# Screenshots of every web UI view with Debian's headless Chromium, to look
# at while working on the pages:  web/screenshots.sh [OUTDIR] [PROFILE...]
# Serves the bundled sample (or the given profiles) on a loopback port,
# writes OUTDIR/<view>.png (default /tmp/swprof-screens), stops the server.
set -e
cd "$(dirname "$0")/.."
out=${1:-/tmp/swprof-screens}
[ $# -gt 0 ] && shift
port=${SWPROF_SCREEN_PORT:-18123}
browser=$(command -v chromium || command -v chromium-browser || true)
if [ -z "$browser" ]; then
    echo "screenshots.sh: chromium is not installed (apt-get install -y chromium)" >&2
    exit 1
fi
swift build --product swprof >/dev/null
mkdir -p "$out"
.build/debug/swprof -http=127.0.0.1:$port -no_browser "$@" >/dev/null 2>&1 &
server=$!
trap 'kill $server 2>/dev/null' EXIT
for i in 1 2 3 4 5 6 7 8 9 10; do
    curl -s -o /dev/null "http://127.0.0.1:$port/ui/top" && break
    sleep 0.5
done
for view in top graph flamegraph peek source; do
    "$browser" --headless --no-sandbox --disable-gpu --window-size=1400,900 \
        --screenshot="$out/$view.png" "http://127.0.0.1:$port/ui/$view" >/dev/null 2>&1
    echo "$out/$view.png"
done
