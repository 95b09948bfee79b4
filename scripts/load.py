#!/usr/bin/env python3
"""Drives swprof's web UI with concurrent requests and reports latencies, errors and memory.

    scripts/load.py [--swprof PATH] [--profile FILE] [--requests 200] [--concurrency 200]
                    [--timeout 60] [--rounds 1] [--unique]

Starts `swprof -http=127.0.0.1:0 -no_browser PROFILE` (loopback only), waits for
"Serving web UI on ...", then sends REQUESTS GET requests, CONCURRENCY at a time,
spread over every view with different options (sample types, granularities, focus,
search, node counts, pivots, hostile parameters, path-traversal attempts). Each
answer is checked (status, content type, a marker in the body). Afterwards the
server must still answer, and its peak RSS (VmHWM) is reported. Exits 1 on any error.
Standard library only; bounded in requests and time.
"""
import argparse
import concurrent.futures
import http.client
import os
import re
import signal
import subprocess
import sys
import threading
import time
import urllib.parse

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

VIEWS = ["/ui/top", "/ui/graph", "/ui/flamegraph", "/ui/peek", "/ui/source"]
OPTIONS = [
    "", "si=alloc_space", "si=inuse_objects", "g=files", "g=lines", "g=addresses", "n=10", "n=50&nf=0.01",
    "f=main", "f=runtime", "i=runtime", "h=runtime", "s=main", "q=main", "sort=cum", "si=alloc_objects&g=files",
    "f=%3Cscript%3E", "q=%28", "p=runtime.main", "tf=x", "ef=0.5&nf=0.5",
]
# Requests that must be refused or answered without leaking files.
HOSTILE = [
    ("/ui/static/../../../../etc/passwd", None), ("/ui/static/%2e%2e/%2e%2e/etc/passwd", None),
    ("/%2e%2e/%2e%2e/etc/passwd", None), ("/ui/source?f=%2Fetc%2Fpasswd", 200),
    ("/ui/static/style.css", 200), ("/ui/download", 200),
]


def start_server(swprof, profile, flags=(), prefix=()):
    """Starts swprof with `flags` (after `prefix`, e.g. a prlimit command) and returns it and its port."""
    proc = subprocess.Popen(
        list(prefix) + [swprof, "-http=127.0.0.1:0", "-no_browser", *flags, profile],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, start_new_session=True)
    deadline = time.time() + 30
    port = None
    lines = []
    while time.time() < deadline:
        line = proc.stdout.readline()
        if not line:
            break
        lines.append(line)
        m = re.search(r"Serving web UI on http://[^:]+:(\d+)", line)
        if m:
            port = int(m.group(1))
            break
    if port is None:
        proc.kill()
        sys.exit("swprof did not start serving:\n" + "".join(lines))
    # Drain further output so the server never blocks on a full pipe.
    threading.Thread(target=lambda: [None for _ in proc.stdout], daemon=True).start()
    return proc, port


def stop_server(proc):
    """Ends the server started by start_server (its own process group), if still running."""
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)


def rss_kb(pid, field):
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith(field + ":"):
                    return int(line.split()[1])
    except OSError:
        return None
    return None


def fetch(port, target, timeout):
    start = time.monotonic()
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        conn.request("GET", target, headers={"Connection": "close"})
        response = conn.getresponse()
        body = response.read()
        return response.status, response.getheader("Content-Type", ""), body, time.monotonic() - start, None
    except Exception as e:  # noqa: BLE001 - every failure is reported
        return None, "", b"", time.monotonic() - start, f"{type(e).__name__}: {e}"
    finally:
        conn.close()


def check(target, expected, status, ctype, body):
    if status is None:
        return "no answer"
    if b"root:x:0:0" in body:
        return "served /etc/passwd"
    if expected is None:
        return None if status in (400, 404) or (status == 200 and b"root:" not in body) else f"status {status}"
    if status != expected:
        return f"status {status}"
    if target.startswith(tuple(VIEWS)):
        if "text/html" not in ctype:
            return f"content type {ctype}"
        if b"<nav class=\"views\"" not in body:
            return "page without navigation"
        if b"<script>alert" in body:
            return "unescaped markup"
    return None


def percentile(values, p):
    if not values:
        return 0.0
    values = sorted(values)
    k = min(len(values) - 1, max(0, int(round(p / 100.0 * (len(values) - 1)))))
    return values[k]


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--swprof", default=os.path.join(ROOT, ".build", "debug", "swprof"))
    parser.add_argument("--profile", default=os.path.join(ROOT, "Tests", "Fixtures", "profiles", "heap.1.pb.gz"))
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--concurrency", type=int, default=200)
    parser.add_argument("--timeout", type=float, default=60.0, help="per request, seconds")
    parser.add_argument("--rounds", type=int, default=1, help="repeat the batch (memory must stay flat)")
    parser.add_argument("--unique", action="store_true",
                        help="give every request its own node count, so no two share a cached page")
    args = parser.parse_args()
    args.requests = max(1, min(args.requests, 5000))
    args.concurrency = max(1, min(args.concurrency, 500))
    args.rounds = max(1, min(args.rounds, 20))

    proc, port = start_server(args.swprof, args.profile)
    failures = []
    try:
        base_rss = rss_kb(proc.pid, "VmRSS")
        print(f"swprof pid {proc.pid} on 127.0.0.1:{port}; RSS after start {base_rss / 1024:.1f} MB")
        targets = []
        i = 0
        while len(targets) < args.requests:
            if i % 20 == 19:
                targets.append(HOSTILE[(i // 20) % len(HOSTILE)])
            else:
                view = VIEWS[i % len(VIEWS)]
                option = OPTIONS[(i * 7 + i // len(VIEWS)) % len(OPTIONS)]
                if view == "/ui/source" and "f=" not in option:
                    option = (option + "&" if option else "") + "f=main"
                if args.unique:
                    option = (option + "&" if option else "") + f"n={5 + i}"
                targets.append((view + ("?" + option if option else ""), 200))
            i += 1
        for round_number in range(1, args.rounds + 1):
            latencies = []
            by_view = {}
            started = time.monotonic()
            with concurrent.futures.ThreadPoolExecutor(max_workers=args.concurrency) as pool:
                futures = {pool.submit(fetch, port, t, args.timeout): (t, e) for t, e in targets}
                for future in concurrent.futures.as_completed(futures):
                    target, expected = futures[future]
                    status, ctype, body, seconds, error = future.result()
                    problem = error or check(target, expected, status, ctype, body)
                    if problem:
                        failures.append(f"{target}: {problem}")
                    latencies.append(seconds)
                    by_view.setdefault(urllib.parse.urlsplit(target).path, []).append(seconds)
            wall = time.monotonic() - started
            print(f"round {round_number}: {len(targets)} requests, {args.concurrency} at a time, "
                  f"{wall:.2f} s wall, {len(targets) / wall:.1f} req/s")
            print(f"  latency s: p50 {percentile(latencies, 50):.3f}  p90 {percentile(latencies, 90):.3f}  "
                  f"p99 {percentile(latencies, 99):.3f}  max {max(latencies):.3f}")
            for path in sorted(by_view):
                values = by_view[path]
                print(f"  {path:28s} n={len(values):4d}  p50 {percentile(values, 50):.3f}  max {max(values):.3f}")
            print(f"  RSS now {rss_kb(proc.pid, 'VmRSS') / 1024:.1f} MB, peak {rss_kb(proc.pid, 'VmHWM') / 1024:.1f} MB")
        alive = fetch(port, "/ui/top", args.timeout)
        if alive[0] != 200:
            failures.append(f"server not answering after the load: {alive[4] or alive[0]}")
        if proc.poll() is not None:
            failures.append(f"server exited with status {proc.returncode}")
    finally:
        stop_server(proc)
    print(f"errors: {len(failures)}")
    for failure in failures[:30]:
        print("  " + failure)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
