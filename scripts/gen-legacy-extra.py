#!/usr/bin/env python3
"""Writes Tests/Fixtures/profiles/legacy-extra: small legacy profiles made by hand
(or converted from pprof's test files in legacy/) that reach the corners of the
legacy parsers: other word sizes and byte orders, memory-map quirks, the Go
runtime's text formats, and broken inputs. scripts/gen-raw-golden.sh records what
pprof makes of each."""
import os
import struct

root = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "Tests", "Fixtures", "profiles")
src = os.path.join(root, "legacy")
out = os.path.join(root, "legacy-extra")
os.makedirs(out, exist_ok=True)
for f in os.listdir(out):
    os.remove(os.path.join(out, f))


def write(name, data):
    if isinstance(data, str):
        data = data.encode()
    with open(os.path.join(out, name), "wb") as fh:
        fh.write(data)


def cpu_words(path, fmt):
    """The words of a binary CPU profile and the text after its end marker."""
    d = open(path, "rb").read()
    size = struct.calcsize(fmt)
    words = []
    pos = 0
    for _ in range(5):
        words.append(struct.unpack(fmt, d[pos:pos + size])[0])
        pos += size
    while pos < len(d):
        c, k = struct.unpack(fmt[0] + fmt[1:] * 2, d[pos:pos + 2 * size])
        pos += 2 * size
        a = list(struct.unpack(fmt[0] + fmt[1:] * k, d[pos:pos + k * size]))
        pos += k * size
        words += [c, k] + a
        if c == 0 and k == 1 and a[0] == 0:
            break
    return words, d[pos:]


def pack(words, fmt):
    return b"".join(struct.pack(fmt, w) for w in words)


# --- Binary CPU profiles in every word size and byte order -------------------
words, tail = cpu_words(os.path.join(src, "gobench.cpu"), "<Q")
memory_map = (b"00400000-00fcb000 r-xp 00000000 08:01 123 /home/user/gobench\n"
              b"7f0000000000-7f0000001000 rw-p 00000000 08:01 124 /home/user/data\n")
write("cpu.32le", pack(words, "<I") + tail + memory_map)
write("cpu.32be", pack(words, ">I") + tail + memory_map)
write("cpu.64be", pack(words, ">Q") + tail + memory_map)
jwords, jtail = cpu_words(os.path.join(src, "java.cpu"), "<I")
write("java.cpu.64be", pack(jwords, ">Q") + jtail)
cpp = open(os.path.join(src, "cppbench.cpu"), "rb").read()
write("cpu.truncated-samples", cpp[:1003])          # cut inside a stack
write("cpu.truncated-header", cpp[:30])             # fewer than five words
write("cpu.header-only", cpp[:40])                  # header, no samples, no marker
# A depth larger than the data left: not a CPU profile after all.
write("cpu.bad-depth", pack([0, 3, 0, 100, 0, 1, 1000, 5], "<Q"))
# 64-bit words where the depth fits 4-byte words but not 8-byte ones.
write("cpu.short-stack", pack([0, 3, 0, 100, 0, 7, 3, 0x401000], "<Q") + b"\x00" * 8)
# The signal handler frame: the same second frame in every sample is removed.
handler = []
for i in range(40):
    handler += [1, 3, 0x500000 + 16 * (i % 5), 0x7777, 0x400100 + (i % 3)]
handler += [0, 1, 0]
write("cpu.handler-frame", pack([0, 3, 0, 1000, 0] + handler, "<Q")
      + b"MAPPED_LIBRARIES:\n400000-600000 r-xp 00000000 00:00 0 /bin/prog\n")
# The leaf recorded twice (once adjusted by -1): the copy is removed.
dup = [2, 3, 0x401005, 0x401005, 0x402000, 1, 2, 0x401100, 0x401101, 0, 1, 0]
write("cpu.duplicate-leaf", pack([0, 3, 0, 10000, 0] + dup, "<Q"))

# --- Memory maps ---------------------------------------------------------------
sample = "heap profile: 2: 20 [ 2: 20] @ heapprofile\n1: 10 [ 1: 10] @ 0x401001 0x7f0000001001 0x500001\n1: 10 [1: 10] @ 0xb0000001\n"
write("maps.proc", sample + "--- Memory map: ---\n"
      "00400000-00450000 r-xp 00000000 08:01 123   /usr/bin/prog\n"
      "00450000-00500000 r-xp 00050000 08:01 123   /usr/bin/prog\n"
      "00500000-00600000 rw-p 00100000 08:01 123   /usr/bin/prog\n"
      "7f0000000000-7f0000100000 r-xp 00000000 08:01 456   /lib/libc.so.6 (deleted)\n"
      "ffffffffff600000-ffffffffff601000 r-xp 00000000 00:00 0  [vsyscall]\n")
write("maps.brief", sample + "MAPPED_LIBRARIES:\n"
      "0x7f0000000000-0x7f0000100000 /lib/libfoo.so (@2000) abcdef\n"
      "0x400000 0x600000 /opt/prog (@0) 0123456789abcdef\n"
      "junk line that is no mapping\n"
      "a0000000-c0000000: [heap]\n")
write("maps.hugepage", sample + "--- Memory map: ---\n"
      "00400000-00401000 r-xp 00000000 00:00 0 /anon_hugepage (deleted)\n"
      "00401000-00600000 r-xp 00001000 08:01 1 /usr/bin/prog\n"
      "7f0000000000-7f0000100000 r-xp 00000000 08:01 2 /lib/libc-2.15.so\n")
write("maps.offset", sample + "--- Memory map: ---\n"
      "00401000-00600000 r-xp 00001000 08:01 1 /usr/bin/prog\n"
      "7f0000001000-7f0000100000 r-xp 00001000 08:01 2 /lib/libc.so\n")
write("maps.split-back", "heap profile: 1: 10 [ 1: 10] @ heapprofile\n1: 10 [ 1: 10] @ 0x7f0000000801 0x7f0000002001\n"
      "--- Memory map: ---\n"
      "7f0000002000-7f0000003000 r-xp 00002000 08:01 2 /lib/libc.so\n"
      "00401000-00600000 r-xp 00001000 08:01 1 /usr/bin/prog\n")
write("maps.variables", sample + "--- Memory map: ---\n"
      "dir = /opt/app\n"
      "I0101 12:00:00.000000  1234 profiler.cc:99] 00400000-00600000 r-xp 00000000 08:01 1 $dir/bin/prog\n"
      "dir = /ignored\n"
      "7f0000000000-7f0000100000 r-xp 00000000 08:01 2 $dir/lib/libc.so\n")
write("maps.numbers-only", sample + "--- Memory map: ---\n12345 hello\nab=cd\n")

# --- Heap profiles -----------------------------------------------------------
write("heap.v2", "heap profile: 3: 3000 [ 5: 5000] @ heap_v2/524288\n"
      "1: 1000 [ 2: 2000] @ 0x401001 0x402001\n"
      "2: 2000 [ 3: 3000] @ 0x403001\n"
      "0: 0 [ 0: 0] @ 0x404001\n")
write("heap.go-nohist", "heap profile: 1: 100 [ 1: 100] @ heap/0\n1: 100 [ 1: 100] @ 0x401001\n")
write("heap.negative", "heap profile: 1: 100 [ 1: 100] @ heapprofile\n-3: -300 [ 1: 100] @ 0x401001\n")
write("heap.zero-count", "heap profile: 1: 100 [ 1: 100] @ heapprofile\n0: 100 [ 1: 100] @ 0x401001\n")
write("heap.bad-sample", "heap profile: 1: 100 [ 1: 100] @ heapprofile\nthis is not a sample\n")
write("heap.big-address", "heap profile: 1: 100 [ 1: 100] @ heapprofile\n1: 100 [ 1: 100] @ 0x10000000000000000\n")
write("heap.big-number", "heap profile: 1: 100 [ 1: 100] @ heapprofile\n99999999999999999999: 100 [ 1: 100] @ 0x1\n")
write("heap.unknown-kind", "heap profile: 1: 100 [ 1: 100] @ heapz_v3/10\n1: 100 [ 1: 100] @ 0x1\n")
write("heap.fragmentation", "heap profile:   2:   64 [   2:   64] @ fragmentationz\n"
      "   2:   64 [   2:   64] @ 0x401001 0x402001\n")
write("heap.growth-alloc", "heap profile: 2: 64 [ 4: 128] @ growthz\n2: 64 [ 4: 128] @ 0x401001\n")
write("heap.crlf", "heap profile: 1: 64 [ 1: 64] @ heap/1048576\r\n1: 64 [ 1: 64] @ 0x401001 0x402001\r\n\r\n# comment\r\n")
write("heap.unicode-space", "heap profile: 1: 64 [ 1: 64] @ heapprofile\n\u00a0 1: 64 [ 1: 64] @ 0x401001\u2003\n")
write("heap.long-line", "heap profile: 1: 64 [ 1: 64] @ heapprofile\n1: 64 [ 1: 64] @ 0x401001\n# " + "x" * 70000 + "\n")
write("heap.almost-long-line", "heap profile: 1: 64 [ 1: 64] @ heapprofile\n1: 64 [ 1: 64] @ 0x401001\n# " + "x" * 65533 + "\n")
write("heap.odd-splits", "xx heap profile: 10: 20 [30: 40] @ heapz_v2/7abc\n"
      "junk 5:6 [7: 8] @ 0x10 zz 0x20 0x0\n")

# --- Contention / mutex / block ---------------------------------------------
write("contention.go-mutex", "--- mutex:\ncycles/second=2394407560\nsampling period=5\n"
      "38094 2 @ 0x43b2f6 0x407e5b 0x46b221\n#\t0x43b2f5\tsync.(*Mutex).Unlock+0x55\t/go/src/sync/mutex.go:1\n\n"
      "100 1 @ 0x43b2f6 0x407e99 0x46b221\n")
write("contention.go-block", "--- contention:\ncycles/second=1000000000\n"
      "5000 3 @ 0x401001 0x402001\n123 1 @ 0x401001\n")
write("contention.no-period", "--- contentionz 1 ---\nsampling period = 0\ncycles/second = 1000\n777 7 @ 0x1 0x2\n")
write("contention.split-digits", "--- contentionz 1 ---\n123 @ 0x401001\n")
write("contention.bad-attribute", "--- contentionz 1 ---\nfoo = bar\n1 2 @ 0x1\n")
write("contention.bad-sample", "--- contentionz 1 ---\ncycles/second = 100\nnot a sample\n")
write("contention.memory-map", "--- contentionz 1 ---\ncycles/second = 3000000000\nsampling period = 100\n"
      "ms since reset = 1234\ndiscarded samples = 0\n300000 3 @ 0x401001 0x7f0000001001\n"
      "--- Memory map: ---\n00400000-00600000: /bin/prog\n7f0000000000-7f0000100000: /lib/libc.so\n")

# --- Count profiles ----------------------------------------------------------
write("count.octal", "# leading comment\n\ngoroutine profile: total 9\n010 @ 0x401001 0x402001\n1 @ 0x401001\n")
write("count.bad-octal", "goroutine profile: total 9\n09 @ 0x401001\n")
write("count.malformed", "threadcreate profile: total 2\n1 @ 0x401001 junk\n")
write("count.sections", "custom profile: total 2\n2 @ 0x401001 0x402001\n---- section\nignored\n"
      "--- Memory map: ---\n00400000-00600000 r-xp 00000000 00:00 0 /bin/prog\n")
write("count.zero-address", "goroutine profile: total 1\n1 @ 0x0 0x401001\n")

# --- Threads -----------------------------------------------------------------
write("thread.same-as-previous", "--- threadz 1 ---\n\n"
      "--- Thread 1 (name: main/1) stack: ---\n  PC: 0x401000\n  0x402001\n"
      "--- Thread 2 (name: a/2) stack: ---\n  same as previous thread\n"
      "--- Thread 3 (name: b/3) stack: ---\n  PC: 0x401000\n  0x401001\n"
      "--- Thread 4 (name: c/4) stack: ---\n"
      "---- no stack trace for thread 5\n")
write("thread.no-threadz", "--- Thread 1 (name: main/1) stack: ---\n0x401000 0x402001\n"
      "--- Memory map: ---\n00400000-00600000 r-xp 00000000 00:00 0 /bin/prog\n")
write("thread.bad-block", "--- threadz 1 ---\n--- Thread 1 (name: main/1) stack: ---\n0x401000\n--- Something else ---\n0x1\n")

# --- Java --------------------------------------------------------------------
write("java.heap.no-resolution", "--- heapz 1 ---\nformat = java\n   100 1 @ 0x1\n 0x1 com.example.A (A.java:1)\n")
write("java.heap.zero-count", "--- heapz 1 ---\nformat = java\nresolution = bytes\n   100 0 @ 0x1\n")
write("java.contention.symbols", "--- contentionz 1 ---\nformat = java\nresolution = microseconds\n"
      "sampling period = 10\nms since reset = 100\n"
      "   7  2 @ 0x1 0x2 0x3 0x4 0x5\n   3  1 @ 0x2 0x6\n"
      " 0x1 com.example.Lock.lock (Lock.java:-5)\n 0x2 libjvm (/usr/lib/jvm/lib/server/libjvm.so)\n"
      " 0x3 generated stub/JIT code\n 0x4 GC\n 0x5 com.example.Lock.lock (Other.java:9)\n"
      " 0xzz not an id\n 0x7 com.example.Unused (U.java:1)\n")
write("java.not-java", "--- heapz 1 ---\nformat = cpp\n")
write("java.no-newline", "--- heapz 1 ---")

# --- Not profiles ------------------------------------------------------------
write("garbage.text", "hello world\nthis is not a profile\n")
write("garbage.binary", bytes(range(256)) * 4)
