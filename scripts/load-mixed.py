#!/usr/bin/env python3
"""Cheap pages under heavy load: mixes cached pages, heavy views and hostile patterns.

    scripts/load-mixed.py [--swprof PATH] --profile FILE [--requests 2000] [--concurrency 200]
                          [--timeout 90] [--max-seconds 600] [--deadline 20s]

Starts `swprof -http=127.0.0.1:0 -no_browser PROFILE` (loopback only; warm-up on,
so the landing pages are cached), then sends REQUESTS GET requests, CONCURRENCY
clients at a time, mixing:
  cheap   pages the warm-up caches (Top, Flame Graph, Graph, Top per sample type)
  heavy   views that compute for seconds on a large profile (Peek and Source
          without a pattern, lines granularity, call trees, big node counts, searches)
  hostile patterns that take exponential time in backtracking engines, and invalid ones
Cheap pages must answer 200; heavy ones 200, or 503 with the deadline page. Prints
p50/p99/max latency per class, errors, the server's peak RSS (VmHWM), then sends
SIGTERM while heavy pages compute and reports how long the server took to exit.
Goal (issue 11): cheap pages under 0.5 s at p99. Exits 1 on any error.
Standard library only; bounded in requests and time.
"""
import argparse
import concurrent.futures
import os
import random
import signal
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import load  # noqa: E402  (start_server, fetch, rss_kb, percentile)

CHEAP = ["/ui/top", "/ui/flamegraph", "/ui/graph", "/ui/top?si=alloc_space", "/ui/flamegraph?si=alloc_space",
         "/ui/top?si=inuse_objects"]
HEAVY = ["/ui/peek", "/ui/source", "/ui/top?g=lines", "/ui/graph?calltree=true", "/ui/graph?n=1500",
         "/ui/flamegraph?q=handler", "/ui/peek?n=2000", "/ui/top?g=addresses", "/ui/flamegraph?g=lines",
         "/ui/graph?g=lines&n=300", "/ui/top?g=files&si=alloc_objects"]
HOSTILE = ["/ui/top?f=(.*d){25}", "/ui/top?h=(x%2Bx%2B)%2By", "/ui/flamegraph?q=(.*)*z", "/ui/top?i=(a|aa)*c$",
           "/ui/top?f=(%3F%3Dlook)", "/ui/peek?f=(.*a){20}", "/ui/top?s=((a{10}){10}){10}", "/ui/top?f=a{1001}",
           "/ui/top?tf=(.*d){25}", "/ui/source?f=(.*e){30}x"]


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--swprof", default=os.path.join(load.ROOT, ".build", "release", "swprof"))
    parser.add_argument("--profile", required=True)
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--concurrency", type=int, default=200)
    parser.add_argument("--timeout", type=float, default=90.0, help="per request, seconds")
    parser.add_argument("--max-seconds", type=float, default=600.0, help="stop sending after this long")
    parser.add_argument("--deadline", default="20s", help="the server's -http_deadline")
    parser.add_argument("--seed", type=int, default=11)
    args = parser.parse_args()
    args.requests = max(1, min(args.requests, 10000))
    args.concurrency = max(1, min(args.concurrency, 500))

    proc, port = load.start_server(args.swprof, args.profile, ["-http_deadline=" + args.deadline])
    failures = []
    latencies = {"cheap": [], "heavy": [], "hostile": []}
    statuses = {}
    try:
        # The warm-up computes the cheap pages in the background: wait until they are cached.
        for path in CHEAP:
            load.fetch(port, path, args.timeout)
        print(f"swprof pid {proc.pid} on 127.0.0.1:{port}; RSS after warm-up {load.rss_kb(proc.pid, 'VmRSS') / 1024:.1f} MB")
        rng = random.Random(args.seed)
        targets = []
        for i in range(args.requests):
            roll = rng.random()
            kind = "cheap" if roll < 0.7 else ("heavy" if roll < 0.9 else "hostile")
            pool = {"cheap": CHEAP, "heavy": HEAVY, "hostile": HOSTILE}[kind]
            targets.append((kind, pool[i % len(pool)]))
        started = time.monotonic()
        with concurrent.futures.ThreadPoolExecutor(max_workers=args.concurrency) as pool:
            futures = {}
            for kind, target in targets:
                futures[pool.submit(timed_fetch, port, target, args.timeout, started, args.max_seconds)] = (kind, target)
            for future in concurrent.futures.as_completed(futures):
                kind, target = futures[future]
                status, ctype, body, seconds, error = future.result()
                if status == "skipped":
                    continue
                statuses[(kind, status)] = statuses.get((kind, status), 0) + 1
                problem = error
                if not problem and kind == "cheap" and status != 200:
                    problem = f"status {status}"
                if not problem and kind != "cheap" and status not in (200, 503):
                    problem = f"status {status}"
                if not problem and status == 503 and b"-http_deadline" not in body:
                    problem = "503 without the deadline page"
                if problem:
                    failures.append(f"{kind} {target}: {problem}")
                latencies[kind].append(seconds)
        wall = time.monotonic() - started
        sent = sum(len(v) for v in latencies.values())
        print(f"{sent} requests, {args.concurrency} clients, {wall:.1f} s wall")
        for kind in ("cheap", "heavy", "hostile"):
            values = latencies[kind]
            if values:
                print(f"  {kind:8s} n={len(values):5d}  p50 {load.percentile(values, 50):.3f} s  "
                      f"p99 {load.percentile(values, 99):.3f} s  max {max(values):.3f} s")
        print("  statuses: " + ", ".join(f"{k} {s}: {n}" for (k, s), n in sorted(statuses.items(), key=str)))
        print(f"  peak RSS {load.rss_kb(proc.pid, 'VmHWM') / 1024:.1f} MB")
        # Shutdown while heavy pages compute.
        with concurrent.futures.ThreadPoolExecutor(max_workers=8) as pool:
            for n in range(8):
                pool.submit(load.fetch, port, f"/ui/graph?calltree=true&n={400 + n}", 30)
            time.sleep(1.0)
            stop = time.monotonic()
            os.killpg(proc.pid, signal.SIGTERM)
            try:
                proc.wait(timeout=30)
                print(f"SIGTERM with 8 heavy pages computing: exited after {time.monotonic() - stop:.2f} s "
                      f"(status {proc.returncode})")
                if proc.returncode != 128 + signal.SIGTERM:
                    failures.append(f"exit status {proc.returncode} after SIGTERM, not {128 + signal.SIGTERM}")
            except Exception:  # noqa: BLE001
                failures.append("server still running 30 s after SIGTERM")
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
    print(f"errors: {len(failures)}")
    for failure in failures[:30]:
        print("  " + failure)
    return 1 if failures else 0


def timed_fetch(port, target, timeout, started, max_seconds):
    if time.monotonic() - started > max_seconds:
        return "skipped", "", b"", 0.0, None
    return load.fetch(port, target, timeout)


if __name__ == "__main__":
    sys.exit(main())
