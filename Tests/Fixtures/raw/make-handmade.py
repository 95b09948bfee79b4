#!/usr/bin/env python3
"""Writes handmade.pb: a small profile.proto exercising what Go runtime profiles rarely
have (labels with and without units, duplicate stacks and locations, several mappings,
unknown mapping IDs, folded locations, comments, a default sample type, zero and
negative values, unpacked fields, unknown fields, non-ASCII names).
regenerate.sh then records what `go tool pprof` prints for it."""

import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "../../../scripts/golden-extra"))
from protowire import field, msg, packed, v, varint  # noqa: E402,F401

strings = ["", "objects", "count", "space", "bytes", "main", "main.go", "helper", "util.go",
           "/bin/app", "libc.so.6", "abc123", "thread", "t1", "t2", "size", "kb", "note",
           "first comment", "second comment", "σ.Ünïcode", "ünï.go", "main.(*T).m", "space",
           "", "wall", "nanoseconds", "req", "keep.*"]
S = {s: i for i, s in reversed(list(enumerate(strings)))}

out = b""
out += v(99, 12345)                               # unknown field
out += msg(1, v(1, S["objects"]) + v(2, S["count"]))
out += msg(1, v(1, S["space"]) + v(2, S["bytes"]))

def sample(locs, vals, labels=(), pack=True):
    body = packed(1, locs) if pack else b"".join(v(1, l) for l in locs)
    body += packed(2, vals) if pack else b"".join(v(2, x) for x in vals)
    for key, s, num, unit in labels:
        lb = b""
        if key: lb += v(1, key)
        if s: lb += v(2, s)
        if num: lb += v(3, num)
        if unit: lb += v(4, unit)
        body += msg(3, lb)
    return msg(2, body)

out += sample([1, 2, 3], [1, 100], [(S["thread"], S["t1"], 0, 0)])
out += sample([1, 2, 3], [2, 200], [(S["thread"], S["t1"], 0, 0)])                # same stack and labels
out += sample([1, 2, 3], [4, 400], [(S["thread"], S["t2"], 0, 0)])                # other label
out += sample([4, 2, 3], [8, 800], [(S["thread"], S["t1"], 0, 0)], pack=False)     # location 4 = location 1
out += sample([5, 3], [0, 0])                                                      # zero sample
out += sample([5, 3], [-3, 5], [(S["size"], 0, 2048, S["bytes"]), (S["size"], 0, 7, 0),
                                (S["req"], 0, 3, 0), (S["note"], S["t1"], 0, 0),
                                (S["note"], S["t2"], 0, 0)])
out += sample([6], [1, 1], [(S["size"], 0, 5, S["kb"]), (S["size"], 0, 6, S["bytes"])])
out += sample([7, 6], [1, 2])
out += sample([1000, 9], [3, 4])

# Mappings: main binary second, a library first; mapping 3 is unused.
out += msg(3, v(1, 1) + v(2, 0x7f0000) + v(3, 0x7f8000) + v(4, 0x1000) + v(5, S["libc.so.6"]) + v(7, 1))
out += msg(3, v(1, 2) + v(2, 0x400000) + v(3, 0x401800) + v(5, S["/bin/app"]) + v(6, S["abc123"])
           + v(7, 1) + v(8, 1) + v(9, 1) + v(10, 1))
out += msg(3, v(1, 3) + v(2, 0x900000) + v(3, 0x901000) + v(5, S["/bin/app"]))

def line(fn, ln):
    return msg(4, v(1, fn) + v(2, ln))

out += msg(4, v(1, 1) + v(2, 2) + v(3, 0x400100) + line(1, 10) + line(2, 20))   # inlined
out += msg(4, v(1, 2) + v(2, 2) + v(3, 0x400200) + line(2, 30))
out += msg(4, v(1, 3) + v(2, 1) + v(3, 0x7f0100) + line(3, 5))
out += msg(4, v(1, 4) + v(2, 2) + v(3, 0x400100) + line(1, 10) + line(2, 20))   # same as 1
out += msg(4, v(1, 5) + v(2, 77) + v(3, 0x1234))                                 # unknown mapping, no lines
out += msg(4, v(1, 6) + v(3, 0x5678) + line(4, 1) + v(5, 1))                    # folded, unmapped
out += msg(4, v(1, 7) + v(2, 2) + v(3, 0x400300) + line(5, 0))
out += msg(4, v(1, 1000) + v(2, 2) + v(3, 0x400400) + line(1000000, 8))         # large IDs
out += msg(4, v(1, 9) + v(2, 2) + v(3, 0x400500) + line(6, 9))

out += msg(5, v(1, 1) + v(2, S["main"]) + v(3, S["main"]) + v(4, S["main.go"]) + v(5, 3))
out += msg(5, v(1, 2) + v(2, S["helper"]) + v(3, S["main.(*T).m"]) + v(4, S["util.go"]) + v(5, 18))
out += msg(5, v(1, 3) + v(2, S["σ.Ünïcode"]) + v(3, S["σ.Ünïcode"]) + v(4, S["ünï.go"]))
out += msg(5, v(1, 4) + v(2, S["helper"]) + v(4, S["util.go"]) + v(5, 18))
out += msg(5, v(1, 5) + v(2, S["main"]) + v(3, S["main"]) + v(4, S["main.go"]) + v(5, 3))  # same as 1
out += msg(5, v(1, 1000000) + v(2, S["helper"]) + v(3, S["main.(*T).m"]) + v(4, S["util.go"]) + v(5, 18))  # same as 2
out += msg(5, v(1, 6) + v(2, S["main"]) + v(3, S["main"]) + v(4, S["main.go"]) + v(5, 4))  # other start line

for s in strings:
    out += msg(6, s.encode())
out += v(8, S["keep.*"])
out += v(9, 1_700_000_000_123_000_000)
out += v(10, 61_500_000_000)
out += msg(11, v(1, S["wall"]) + v(2, S["nanoseconds"]))
out += v(12, 1000)
out += v(13, S["first comment"]) + v(13, S["second comment"])
out += v(14, S["space"])
out += field(50, 5, b"\x01\x02\x03\x04") + field(51, 1, b"\x00" * 8)   # unknown fixed fields

open("handmade.pb", "wb").write(out)
