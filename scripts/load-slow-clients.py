#!/usr/bin/env python3
"""Slow, idle and half-sent clients beside normal ones: normal pages must keep answering
and the server's memory must stay flat.

    scripts/load-slow-clients.py [--swprof PATH] [--profile FILE] [--duration 60]
                                 [--slow 60] [--idle 60] [--halfsent 40] [--nofile N]
                                 [--slow-targets PAGE,...]

Starts `swprof -http=127.0.0.1:0 -no_browser PROFILE` (loopback only; with --nofile, under
that open-file limit, to show the server neither spins nor dies when clients outnumber its
connection cap). For DURATION seconds (at most 600):

- SLOW clients each ask for a large page (--slow-targets) with a small receive buffer and
  then read nothing;
- IDLE clients connect and send nothing, reconnecting when the server closes them;
- HALFSENT clients send a request head one byte every two seconds, reconnecting when closed;
- one normal client GETs a rotation of pages every 0.5 s and checks each answer.

Every second it samples the server's RSS, open descriptors and CPU time. At the end it
reports normal latencies and failures, RSS at the start of the load, at its end and at its
peak, how many hostile connections the server closed, and the server's CPU use. Exits 1
when a normal request fails or the server dies. Standard library only; bounded in clients
(500 each) and time.
"""
import argparse
import os
import select
import socket
import subprocess
import sys
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import load  # noqa: E402  (start_server, fetch, check, rss_kb, percentile)

ROOT = load.ROOT
NORMAL = ["/ui/top", "/ui/flamegraph", "/ui/graph", "/ui/top?si=alloc_space", "/ui/peek?f=main", "/ui/source?f=main",
          "/ui/static/style.css"]


class Counters:
    def __init__(self):
        self.lock = threading.Lock()
        self.closed_by_server = {"slow": 0, "idle": 0, "halfsent": 0}
        self.connections = {"slow": 0, "idle": 0, "halfsent": 0}

    def add(self, table, kind):
        with self.lock:
            table[kind] += 1


def connect(port, rcvbuf=None):
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    if rcvbuf:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, rcvbuf)
    s.settimeout(5)
    s.connect(("127.0.0.1", port))
    return s


def peer_closed(s):
    """Whether the server closed `s`, even with unread data pending (POLLRDHUP)."""
    poller = select.poll()
    poller.register(s, select.POLLRDHUP | select.POLLHUP | select.POLLERR)
    return any(events & (select.POLLRDHUP | select.POLLHUP | select.POLLERR) for _, events in poller.poll(0))


def slow_client(port, until, counters, index, targets):
    target = targets[index % len(targets)]
    while time.time() < until:
        try:
            s = connect(port, rcvbuf=4096)
            counters.add(counters.connections, "slow")
            s.sendall(f"GET {target} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\r\n".encode())
            # Read nothing; look (without reading the page) whether the server gave up on us.
            while time.time() < until:
                time.sleep(1)
                if peer_closed(s):
                    counters.add(counters.closed_by_server, "slow")
                    break
            s.close()
        except OSError:
            time.sleep(0.5)


def idle_client(port, until, counters, kind):
    head = f"GET /ui/top HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nX-Slow: 1\r\n\r\n".encode()
    while time.time() < until:
        try:
            s = connect(port)
            counters.add(counters.connections, kind)
            sent = 0
            while time.time() < until:
                if kind == "halfsent" and sent < len(head) - 2:
                    s.send(head[sent:sent + 1])
                    sent += 1
                time.sleep(2 if kind == "halfsent" else 1)
                if peer_closed(s):
                    counters.add(counters.closed_by_server, kind)
                    break
            s.close()
        except OSError:
            time.sleep(0.5)


def server_socket_states(port):
    """Counts of the server's sockets on `port` by TCP state (ss from iproute2), {} without ss."""
    try:
        out = subprocess.run(["ss", "-Htan", f"sport = :{port}"], capture_output=True, text=True, timeout=10).stdout
    except (OSError, subprocess.SubprocessError):
        return {}
    counts = {}
    for line in out.splitlines():
        state = line.split()[0]
        if state != "LISTEN":
            counts[state] = counts.get(state, 0) + 1
    return counts


def cpu_seconds(pid):
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def open_fds(pid):
    try:
        return len(os.listdir(f"/proc/{pid}/fd"))
    except OSError:
        return -1


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--swprof", default=os.path.join(ROOT, ".build", "release", "swprof"))
    parser.add_argument("--profile", default=os.path.join(ROOT, "Tests", "Fixtures", "profiles", "heap.1.pb.gz"))
    parser.add_argument("--duration", type=float, default=60)
    parser.add_argument("--slow", type=int, default=60)
    parser.add_argument("--idle", type=int, default=60)
    parser.add_argument("--halfsent", type=int, default=40)
    parser.add_argument("--nofile", type=int, default=0, help="run the server under this open-file limit")
    parser.add_argument("--slow-targets", default="/ui/flamegraph",
                        help="comma-separated pages the slow readers ask for (large, cacheable pages show sharing)")
    args = parser.parse_args()
    args.duration = max(5, min(args.duration, 600))
    for name in ("slow", "idle", "halfsent"):
        setattr(args, name, max(0, min(getattr(args, name), 500)))

    # prlimit(1) applies the open-file limit to the server alone.
    prefix = ["prlimit", f"--nofile={args.nofile}"] if args.nofile else []
    proc, port = load.start_server(args.swprof, args.profile, prefix=prefix)
    failures = []
    samples = []
    counters = Counters()
    try:
        # Warm the normal pages first: memory is judged from here on.
        for target in NORMAL + args.slow_targets.split(","):
            load.fetch(port, target, 120)
        start_rss = load.rss_kb(proc.pid, "VmRSS")
        start_cpu = cpu_seconds(proc.pid)
        print(f"swprof pid {proc.pid} on 127.0.0.1:{port}; RSS after warm-up {start_rss / 1024:.1f} MB")
        until = time.time() + args.duration
        threads = []
        slow_targets = [t for t in args.slow_targets.split(",") if t]
        for i in range(args.slow):
            threads.append(threading.Thread(target=slow_client, args=(port, until, counters, i, slow_targets), daemon=True))
        for _ in range(args.idle):
            threads.append(threading.Thread(target=idle_client, args=(port, until, counters, "idle"), daemon=True))
        for _ in range(args.halfsent):
            threads.append(threading.Thread(target=idle_client, args=(port, until, counters, "halfsent"), daemon=True))
        for t in threads:
            t.start()
        latencies = []
        i = 0
        next_sample = time.time()
        while time.time() < until:
            target = NORMAL[i % len(NORMAL)]
            i += 1
            status, ctype, body, seconds, error = load.fetch(port, target, 30)
            problem = error or load.check(target, 200, status, ctype, body)
            if problem:
                failures.append(f"{target}: {problem} after {seconds:.1f} s")
            latencies.append(seconds)
            if time.time() >= next_sample:
                samples.append((load.rss_kb(proc.pid, "VmRSS"), open_fds(proc.pid)))
                next_sample = time.time() + 1
            time.sleep(0.5)
            if proc.poll() is not None:
                failures.append(f"server exited with status {proc.returncode}")
                break
        # Just before the clients stop: the server's side of their connections, by TCP state
        # (a connection the server gave up on while its response sat unread shows as FIN-WAIT).
        states = server_socket_states(port)
        for t in threads:
            t.join(timeout=10)
        end_rss = load.rss_kb(proc.pid, "VmRSS")
        end_fds = open_fds(proc.pid)
        cpu = cpu_seconds(proc.pid) - start_cpu
        rss_values = [s[0] for s in samples if s[0]]
        fds = [s[1] for s in samples]
        print(f"clients: {args.slow} slow readers, {args.idle} idle, {args.halfsent} half-sent, for {args.duration:.0f} s"
              + (f", server open-file limit {args.nofile}" if args.nofile else ""))
        print(f"hostile connections made: {counters.connections}; seen closed by the server: {counters.closed_by_server}")
        print(f"server-side sockets by TCP state near the end: {states}")
        print(f"normal requests: {len(latencies)}, failed {len(failures)}; latency s p50 {load.percentile(latencies, 50):.3f}"
              f"  p95 {load.percentile(latencies, 95):.3f}  max {max(latencies) if latencies else 0:.3f}")
        print(f"RSS MB: warm {start_rss / 1024:.1f}  during min {min(rss_values) / 1024:.1f}  max {max(rss_values) / 1024:.1f}"
              f"  end {end_rss / 1024:.1f}  peak (VmHWM) {load.rss_kb(proc.pid, 'VmHWM') / 1024:.1f}")
        print(f"server open descriptors: max {max(fds)}, after the clients stopped {end_fds}; server CPU during the load {cpu:.1f} s of {args.duration:.0f} s")
    finally:
        load.stop_server(proc)
    for failure in failures[:30]:
        print("  " + failure)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
