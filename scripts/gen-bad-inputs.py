#!/usr/bin/env python3
"""Writes damaged profiles and what Go 1.27.3's pprof says about each.

Output: Tests/Fixtures/bad-inputs/NAME (the damaged file) and
Tests/Fixtures/bad-inputs/expected/NAME.txt (pprof's stderr for `-top NAME`, then a
line `exit N`; for the few pprof accepts, NAME.stdout.txt holds its report). BadInputGoldenTests runs swprof on every file and compares both.

Usage: GO=/path/to/go scripts/gen-bad-inputs.py      (GO: Go 1.27.3, the reference pprof)
"""
import gzip
import io
import os
import shutil
import struct
import subprocess
import sys
import zlib

from protowire import field, tag, varint  # beside this script

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "Tests", "Fixtures", "bad-inputs")
GO = os.environ.get("GO", "go")


def f_int(number, v):
    return field(number, 0, v)


def f_bytes(number, data):
    return field(number, 2, data)


def f_msg(field, *parts):
    return f_bytes(field, b"".join(parts))


def profile(extra=b"", strings=("", "samples", "count", "main.main"), sample_types=True, samples=None):
    """A small valid profile.proto: one sample type, one sample, location, function."""
    p = b""
    if sample_types:
        p += f_msg(1, f_int(1, 1), f_int(2, 2))
    p += samples if samples is not None else f_msg(2, f_int(1, 1), f_int(2, 5))
    p += f_msg(4, f_int(1, 1), f_msg(4, f_int(1, 1), f_int(2, 3)))
    p += f_msg(5, f_int(1, 1), f_int(2, 3))
    p += extra
    for s in strings:
        p += f_bytes(6, s.encode())
    return p


def gz(data, mtime=0):
    buf = io.BytesIO()
    with gzip.GzipFile(fileobj=buf, mode="wb", mtime=mtime) as f:
        f.write(data)
    return buf.getvalue()


def cases():
    good = profile()
    c = {}
    step = max(1, len(good) // 12)
    for cut in range(1, len(good), step):
        c[f"cut{cut}.pb"] = good[:cut]
    g = gz(good)
    for cut in (1, 2, 9, 10, len(g) // 2, len(g) - 8, len(g) - 4, len(g) - 1):
        c[f"gzcut{cut}.pb.gz"] = g[:cut]
    c["overlong-varint.pb"] = profile(tag(9, 0) + b"\xff" * 11 + b"\x01")
    c["huge-length.pb"] = profile(tag(2, 2) + varint((1 << 64) - 1))
    c["wrong-wire-type.pb"] = profile(f_int(4, 7))
    c["string-index.pb"] = profile(f_msg(5, f_int(1, 2), f_int(2, 1000)))
    c["negative-string-index.pb"] = profile(f_int(13, (1 << 64) - 5))
    c["missing-location.pb"] = profile(f_msg(2, f_int(1, 42), f_int(2, 1)))
    c["missing-function.pb"] = profile(f_msg(4, f_int(1, 9), f_msg(4, f_int(1, 77))))
    c["missing-mapping.pb"] = profile(f_msg(4, f_int(1, 9), f_int(2, 5)))
    c["values-mismatch.pb"] = profile(f_msg(2, f_int(1, 1), f_int(2, 5), f_int(2, 6)))
    c["no-sample-types.pb"] = profile(sample_types=False)
    c["zero-location-id.pb"] = profile(f_msg(4, f_int(1, 0)))
    c["duplicate-location-id.pb"] = profile(f_msg(4, f_int(1, 1)))
    c["duplicate-function-id.pb"] = profile(f_msg(5, f_int(1, 1), f_int(2, 3)))
    c["concatenated.pb"] = profile(f_int(9, 1)) + profile(f_int(9, 2))
    c["concatenated.pb.gz"] = gz(profile(f_int(9, 1)) + profile(f_int(9, 2)))
    c["garbage-legacy.txt"] = b"--- heap profile: garbage\n@ 0xzz 0x\n\x01\x02binary"
    c["garbage-cpu.txt"] = b"--- threadz 1 ---\n--- Thread 7f (name: x) (depth: -5) ---\n  0xnope\n"
    c["gzip-of-gzip.pb.gz"] = gz(gz(good))
    c["gzip-of-gzip-of-gzip.pb.gz"] = gz(gz(g))
    c["gzip-empty.pb.gz"] = gz(b"")
    bad_crc = bytearray(g)
    bad_crc[-8] ^= 0xFF
    c["bad-crc.pb.gz"] = bytes(bad_crc)
    bad_len = bytearray(g)
    bad_len[-1] ^= 0x01
    c["bad-length.pb.gz"] = bytes(bad_len)
    bad_method = bytearray(g)
    bad_method[2] = 7
    c["bad-method.pb.gz"] = bytes(bad_method)
    bad_flags = bytearray(g)
    bad_flags[3] = 0xE0
    c["bad-flags.pb.gz"] = bytes(bad_flags)
    c["trailing-short.pb.gz"] = g + b"junk"
    c["trailing-junk.pb.gz"] = g + b"this is not gzip data"
    c["trailing-zeros.pb.gz"] = g + b"\0" * 512
    c["trailing-magic.pb.gz"] = g + b"\x1f\x8b"
    c["two-members.pb.gz"] = gz(good[: len(good) // 2]) + gz(good[len(good) // 2 :])
    # A stored (uncompressed) deflate block whose length check fails, and a block of the
    # reserved type 3: damage that inflate itself detects.
    raw = zlib.compressobj(9, zlib.DEFLATED, -15)
    body = raw.compress(good) + raw.flush()
    header = b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\xff"
    trailer = struct.pack("<II", zlib.crc32(good), len(good))
    c["deflate-reserved-block.pb.gz"] = header + bytes([body[0] | 0x06]) + body[1:] + trailer
    stored = bytes([0x01]) + struct.pack("<HH", len(good), len(good) ^ 0x1234) + good
    c["deflate-bad-stored-length.pb.gz"] = header + stored + trailer
    # A real profile's dynamic-Huffman data damaged at several places: Go names the
    # offset where its bit reader was when it noticed.
    real = open(os.path.join(ROOT, "Tests", "Fixtures", "profiles", "allocs.pb.gz"), "rb").read()
    for at in (20, 64, 200, 700, 1500, 2500, 3000):
        for bits in (0x01, 0x5A, 0xFF):
            damaged = bytearray(real)
            damaged[at] ^= bits
            c[f"allocs-flip{at}-{bits:02x}.pb.gz"] = bytes(damaged)
    return c


def main():
    if os.path.isdir(OUT):
        shutil.rmtree(OUT)
    os.makedirs(os.path.join(OUT, "expected"))
    env = dict(os.environ, TZ="UTC", PPROF_BINARY_PATH="/nonexistent/pprof/binaries")
    for name, data in sorted(cases().items()):
        with open(os.path.join(OUT, name), "wb") as f:
            f.write(data)
        runs = []
        for _ in range(2):
            r = subprocess.run([GO, "tool", "pprof", "-top", name], cwd=OUT, env=env,
                               capture_output=True, timeout=60)
            runs.append((r.returncode, r.stderr, r.stdout))
        if runs[0] != runs[1]:
            sys.exit(f"{name}: pprof printed different things twice")
        code, err, out = runs[0]
        with open(os.path.join(OUT, "expected", name + ".txt"), "wb") as f:
            f.write(err + f"exit {code}\n".encode())
        if code == 0:  # accepted: the report must match too
            with open(os.path.join(OUT, "expected", name + ".stdout.txt"), "wb") as f:
                f.write(out)
        print(f"{name}: exit {code}: {err.decode(errors='replace').splitlines()[0] if err else ''}")


if __name__ == "__main__":
    main()
