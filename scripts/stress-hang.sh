#!/usr/bin/env bash
# Hunts the intermittent "page never answers" hang: starts a swprof server
# (restarted every round, so that requests also race the background warm-up),
# hammers it with identical and different pages at once, with clients that
# disconnect early, while busy loops at nice 0 starve the report threads
# (nice +10). A page that does not answer within the deadline + 30 s is a
# hang: the script saves every thread's backtrace (gdb) and stops with status 1.
#
#   scripts/stress-hang.sh [SWPROF] [PROFILE] [SECONDS]
#   env: DEADLINE (page deadline, default 3 s), LOAD (busy loops, default 2),
#        CLIENTS (concurrent clients per round, default 24), OUT (logs, default /tmp/stress-hang)
set -uo pipefail
bin="${1:-.build/debug/swprof}"
profile="${2:-/work/shared/profiles/cpu.pb.gz}"
duration="${3:-600}"
deadline="${DEADLINE:-3}"
load="${LOAD:-2}"
clients="${CLIENTS:-24}"
out="${OUT:-/tmp/stress-hang}"
mkdir -p "$out"
limit=$((${deadline%.*} + 30))

busy=()
for _ in $(seq 1 "$load"); do
    (while :; do :; done) &
    busy+=($!)
done
server=""
cleanup() {
    for pid in "${busy[@]}"; do kill "$pid" 2>/dev/null; done
    [[ -n "$server" ]] && kill "$server" 2>/dev/null
    wait 2>/dev/null
}
trap cleanup EXIT

pages=("/ui/top?n=5&sort=cum" "/ui/top" "/ui/flamegraph" "/ui/graph" "/ui/graph?n=10" "/ui/peek" "/ui/source?f=main"
    "/ui/top?f=runtime" "/ui/graph?f=main&n=10" "/ui/flamegraph?w=800&p=main.main" "/ui/top?si=samples" "/ui/top?g=lines")

end=$((SECONDS + duration))
round=0 requests=0 early=0
while ((SECONDS < end)); do
    round=$((round + 1))
    log="$out/server.log"
    "$bin" -http=127.0.0.1:0 -no_browser -http_deadline="${deadline}s" "$profile" 2>"$log" &
    server=$!
    url=""
    for _ in $(seq 1 600); do
        url="$(grep -o 'http://127.0.0.1:[0-9]*' "$log" | head -1 || true)"
        [[ -n "$url" ]] && break
        sleep 0.1
    done
    [[ -z "$url" ]] && { echo "server did not start: $(cat "$log")" >&2; exit 2; }
    # A fresh query string per round for some pages: computed, not cached.
    pids=() names=()
    for i in $(seq 1 "$clients"); do
        page="${pages[$((RANDOM % ${#pages[@]}))]}"
        ((RANDOM % 3 == 0)) && page="$page$([[ $page == *\?* ]] && echo '&' || echo '?')n=$((RANDOM % 40 + 1))"
        if ((RANDOM % 4 == 0)); then
            # Disconnects early (cancels its wait, maybe the computation).
            curl -s -o /dev/null --max-time "0.$((RANDOM % 9 + 1))" "$url$page" &
            early=$((early + 1))
        else
            curl -s -o /dev/null -w '%{http_code}\n' --max-time "$limit" "$url$page" >"$out/client.$i" &
            pids+=($!)
            names+=("$page")
        fi
    done
    hung=""
    for k in "${!pids[@]}"; do
        wait "${pids[$k]}"
        status=$?
        requests=$((requests + 1))
        if ((status == 28)); then hung="${names[$k]}"; fi
    done
    if [[ -n "$hung" ]]; then
        echo "HANG in round $round: $hung got no answer in ${limit}s (deadline ${deadline}s); backtraces in $out/backtrace.txt"
        gdb -p "$server" -batch -ex 'thread apply all bt' >"$out/backtrace.txt" 2>&1
        exit 1
    fi
    kill "$server" 2>/dev/null
    wait "$server" 2>/dev/null
    server=""
    echo "round $round: $requests answered, $early early disconnects" >"$out/progress"
done
echo "no hang: $round rounds, $requests answered requests, $early early disconnects, ${duration}s, deadline ${deadline}s, $load busy loops"
