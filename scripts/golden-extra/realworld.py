#!/usr/bin/env python3
"""Writes real-world-like profiles for the golden matrix, hand-encoded as profile.proto
(no Go needed), into the directory given (default Tests/Fixtures/profiles/extra/realworld):

  python.cpu.pb.gz    a Python sampler's CPU profile: two sample types (samples, cpu),
                      no mappings, file:line:column frames, thread and span labels,
                      identical stacks written as separate samples, a zero-valued sample,
                      a doc_url
  native.heap.pb.gz   a C++ heap profile with four sample types, unsymbolized mappings
                      (addresses only, build IDs, [vdso], an unused mapping), a few
                      symbolized frames, numeric labels with units, drop_frames
  java.lock.pb.gz     a JVM lock profile (contentions, delay) with Java names, an
                      empty-stack sample, labels, IDs out of order and a function name
                      with invalid UTF-8
  node.heap.pb        a Node.js heap profile (uncompressed): (anonymous) frames,
                      file:// URLs, columns, inlined frames

Every file is deterministic: the same bytes each run."""
import gzip
import os
import sys


sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from protowire import msg, varint  # noqa: E402
from protowire import packed as packed_always  # noqa: E402
from protowire import v as v_always  # noqa: E402


def v(n, x):
    """A varint field, left out when zero (as proto3 encoders do)."""
    return v_always(n, x) if x else b""


def packed(n, xs):
    return packed_always(n, xs) if xs else b""


class Builder:
    """Collects a profile's parts; strings are interned in order of first use."""

    def __init__(self):
        self.strings = [b""]
        self.index = {b"": 0}
        self.body = b""

    def s(self, text):
        raw = text if isinstance(text, bytes) else text.encode()
        if raw not in self.index:
            self.index[raw] = len(self.strings)
            self.strings.append(raw)
        return self.index[raw]

    def sample_type(self, t, unit):
        self.body += msg(1, v(1, self.s(t)) + v(2, self.s(unit)))

    def sample(self, locs, vals, labels=()):
        b = packed(1, locs) + packed(2, vals)
        for key, sval, num, unit in labels:
            b += msg(3, v(1, self.s(key)) + (v(2, self.s(sval)) if sval else b"") + v(3, num)
                     + (v(4, self.s(unit)) if unit else b""))
        self.body += msg(2, b)

    def mapping(self, mid, start, limit, offset, file, build_id="", fn=False, fl=False, ln=False, inl=False):
        b = v(1, mid) + v(2, start) + v(3, limit) + v(4, offset) + v(5, self.s(file) if file else 0)
        b += v(6, self.s(build_id) if build_id else 0) + v(7, int(fn)) + v(8, int(fl)) + v(9, int(ln)) + v(10, int(inl))
        self.body += msg(3, b)

    def location(self, lid, mapping=0, address=0, lines=()):
        b = v(1, lid) + v(2, mapping) + v(3, address)
        for fid, line, col in lines:
            b += msg(4, v(1, fid) + v(2, line) + v(3, col))
        self.body += msg(4, b)

    def function(self, fid, name, filename="", start=0, system=None):
        b = v(1, fid) + v(2, self.s(name)) + v(3, self.s(system if system is not None else name))
        b += v(4, self.s(filename) if filename else 0) + v(5, start)
        self.body += msg(5, b)

    def finish(self, time_nanos=0, duration=0, period_type=None, period=0, comments=(),
               default_type="", drop="", keep="", doc=""):
        tail = b""
        # Strings of the header fields are interned before the table is written.
        drop_x = self.s(drop) if drop else 0
        keep_x = self.s(keep) if keep else 0
        pt = msg(11, v(1, self.s(period_type[0])) + v(2, self.s(period_type[1]))) if period_type else b""
        comment_x = [self.s(c) for c in comments]
        default_x = self.s(default_type) if default_type else 0
        doc_x = self.s(doc) if doc else 0
        tail += v(7, drop_x) + v(8, keep_x) + v(9, time_nanos) + v(10, duration) + pt + v(12, period)
        tail += packed(13, comment_x) + v(14, default_x) + v(15, doc_x)
        table = b"".join(msg(6, s) for s in self.strings)
        return self.body + table + tail


T0 = 1_795_000_000_123_456_789  # 2026-11-18, with nanoseconds


def python_cpu():
    b = Builder()
    b.sample_type("samples", "count")
    b.sample_type("cpu", "nanoseconds")
    funcs = [
        (1, "<module>", "/app/main.py", 1), (2, "main", "/app/main.py", 40),
        (3, "handle_request", "/app/server.py", 12), (4, "parse_json", "/usr/lib/python3.11/json/decoder.py", 332),
        (5, "raw_decode", "/usr/lib/python3.11/json/decoder.py", 343), (6, "render", "/app/templates.py", 7),
        (7, "<listcomp>", "/app/templates.py", 9), (8, "query", "/app/db.py", 20),
        (9, "execute", "/usr/lib/python3.11/sqlite3/dbapi2.py", 1), (10, "sleep", "<built-in>", 0),
    ]
    for fid, name, fn, start in funcs:
        b.function(fid, name, fn, start)
    locs = {
        1: (1, 51, 4), 2: (2, 44, 8), 3: (3, 21, 0), 4: (3, 25, 12), 5: (3, 30, 16), 6: (4, 337, 20),
        7: (5, 353, 8), 8: (6, 8, 4), 9: (7, 9, 15), 10: (8, 22, 11), 11: (9, 1, 0), 12: (10, 0, 0),
        13: (6, 10, 4),
    }
    for lid, (fid, line, col) in locs.items():
        b.location(lid, 0, 0, [(fid, line, col)])
    main = [2, 1]
    stacks = [
        ([7, 6, 3] + main, [3, 30_000_000], "MainThread", "GET /items"),
        ([7, 6, 3] + main, [2, 20_000_000], "MainThread", "GET /items"),  # same stack again
        ([9, 8, 4] + main, [5, 50_000_000], "worker-1", "GET /items"),
        ([9, 8, 4] + main, [4, 40_000_000], "worker-2", "GET /users"),
        ([13, 8, 4] + main, [1, 10_000_000], "worker-2", "GET /users"),
        ([11, 10, 5] + main, [7, 70_000_000], "worker-1", "POST /orders"),
        ([11, 10, 5] + main, [0, 0], "worker-1", "POST /orders"),  # zero-valued
        ([12, 2, 1], [9, 0], "MainThread", ""),  # sleeping: samples but no CPU
        ([3] + main, [1, 10_000_000], "worker-2", "GET /users"),
    ]
    for locs_, vals, thread, span in stacks:
        labels = [("thread", thread, 0, None)]
        if span:
            labels.append(("span", span, 0, None))
        b.sample(locs_, vals, labels)
    return b.finish(T0, 10_000_000_000, ("cpu", "nanoseconds"), 10_000_000,
                    ["py-spy-like sampler, 100 Hz"], "cpu", doc="https://example.com/docs/python-cpu")


def native_heap():
    b = Builder()
    for t, u in [("alloc_objects", "count"), ("alloc_space", "bytes"), ("inuse_objects", "count"),
                 ("inuse_space", "bytes")]:
        b.sample_type(t, u)
    b.mapping(1, 0x400000, 0x800000, 0, "/usr/local/bin/server", "8f3a1c0de1e2f3a4b5c6d7e8f9a0b1c2d3e4f5a6")
    b.mapping(2, 0x7F0000000000, 0x7F0000200000, 0x1000, "/lib/x86_64-linux-gnu/libc.so.6",
              "6e3c087aca9b39549e4ba92c451f1e399b586e28")
    b.mapping(3, 0x7F0000400000, 0x7F0000500000, 0, "/usr/lib/libtcmalloc.so.4", "", fn=True)
    b.mapping(4, 0x7FFF00000000, 0x7FFF00002000, 0, "[vdso]")
    b.mapping(5, 0x7F0000600000, 0x7F0000700000, 0, "/usr/lib/libunused.so.1", "aa")  # unused
    b.function(1, "tcmalloc::allocate_full_malloc_oom", "src/tcmalloc.cc", 100)
    b.function(2, "operator new(unsigned long)", "src/tcmalloc.cc", 200)
    b.location(1, 3, 0x7F0000401234, [(1, 120, 0), (2, 210, 0)])  # inlined
    b.location(2, 3, 0x7F0000402000, [(2, 205, 0)])
    addrs = {3: (1, 0x401a2c), 4: (1, 0x402b10), 5: (1, 0x40ff00), 6: (1, 0x410004), 7: (2, 0x7F0000029d90),
             8: (2, 0x7F0000029e40), 9: (4, 0x7FFF00000a10), 10: (1, 0x401a2c + 4)}
    for lid, (m, a) in addrs.items():
        b.location(lid, m, a)
    def lab(size):
        return [("bytes", None, size, "bytes"), ("allocator", "tcmalloc", 0, None)]
    b.sample([1, 3, 4, 7, 8], [10, 40960, 2, 8192], lab(4096))
    b.sample([1, 3, 5, 7, 8], [100, 3200, 50, 1600], lab(32))
    b.sample([2, 6, 4, 7, 8], [5, 5 << 20, 5, 5 << 20], lab(1 << 20))
    b.sample([2, 10, 4, 7, 8], [7, 448, 0, 0], lab(64))
    b.sample([9, 5, 7, 8], [1, 16, 1, 16], lab(16))
    b.sample([1, 3, 4, 7, 8], [3, 12288, 0, 0], lab(4096))  # same stack again
    return b.finish(T0 + 3_000_000_000, 0, ("space", "bytes"), 524288, [], "inuse_space",
                    drop="operator new.*|tcmalloc::.*", keep="")


def java_lock():
    b = Builder()
    b.sample_type("contentions", "count")
    b.sample_type("delay", "nanoseconds")
    names = {
        31: ("java.util.concurrent.locks.ReentrantLock.lock", "ReentrantLock.java", 0),
        17: ("com.example.cache.LruCache.get", "LruCache.java", 40),
        23: ("com.example.api.ItemsHandler.handle", "ItemsHandler.java", 12),
        5: ("io.netty.channel.nio.NioEventLoop.run", "NioEventLoop.java", 500),
        40: ("java.lang.Thread.run", "Thread.java", 830),
        41: (b"com.example.Caf\xe9.brew", "Caf\xe9.java", 1),  # Latin-1 bytes: invalid UTF-8
        42: ("com.example.cache.LruCache$$Lambda$17/0x0000000800c0b440.apply", "", 0),
    }
    for fid, (name, fn, start) in names.items():
        b.function(fid, name, fn, start)
    locs = {900: (31, 220), 12: (17, 48), 7: (23, 30), 300: (5, 512), 2: (40, 833), 55: (41, 3), 56: (42, 0)}
    for lid, (fid, line) in locs.items():
        b.location(lid, 0, 0, [(fid, line, 0)])
    b.sample([900, 12, 7, 300, 2], [12, 48_000_000], [("thread", "nioEventLoopGroup-3-1", 0, None)])
    b.sample([900, 56, 12, 7, 300, 2], [3, 9_500_000], [("thread", "nioEventLoopGroup-3-2", 0, None)])
    b.sample([900, 55, 2], [1, 2_000_000], [("thread", "brewer", 0, None)])
    b.sample([], [2, 1_000_000], [("thread", "GC", 0, None)])  # no stack
    b.sample([900, 12, 7, 300, 2], [4, 16_000_000], [("thread", "nioEventLoopGroup-3-1", 0, None)])
    return b.finish(T0 + 7_000_000_000, 30_000_000_000, ("contentions", "count"), 1, ["async-profiler-like lock profile"])


def node_heap():
    b = Builder()
    b.sample_type("objects", "count")
    b.sample_type("space", "bytes")
    funcs = [(1, "(anonymous)", "file:///app/index.js"), (2, "processTicksAndRejections", "node:internal/process/task_queues"),
             (3, "handler", "file:///app/routes/items.js"), (4, "JSON.parse", ""), (5, "buildPage", "file:///app/views/page.js"),
             (6, "(anonymous)", "file:///app/views/page.js")]
    for fid, name, fn in funcs:
        b.function(fid, name, fn)
    b.location(1, 0, 0, [(1, 12, 5)])
    b.location(2, 0, 0, [(2, 95, 5)])
    b.location(3, 0, 0, [(3, 20, 17)])
    b.location(4, 0, 0, [(4, 0, 0)])
    b.location(5, 0, 0, [(6, 33, 21), (5, 30, 9)])  # inlined anonymous closure
    b.location(6, 0, 0, [(3, 24, 3)])
    b.sample([4, 3, 2], [120, 983040])
    b.sample([5, 6, 2], [40, 40960])
    b.sample([5, 1, 2], [8, 8192])
    b.sample([3, 2], [1, 64])
    return b.finish(T0 + 11_000_000_000, 0, ("space", "bytes"), 524288, [])


def main():
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(root, "Tests/Fixtures/profiles/extra/realworld")
    os.makedirs(out, exist_ok=True)
    for name, data, gz in [("python.cpu.pb.gz", python_cpu(), True), ("native.heap.pb.gz", native_heap(), True),
                           ("java.lock.pb.gz", java_lock(), True), ("node.heap.pb", node_heap(), False)]:
        if gz:
            data = gzip.compress(data, mtime=0)
        with open(os.path.join(out, name), "wb") as f:
            f.write(data)


if __name__ == "__main__":
    main()
