#!/usr/bin/env python3
"""Writes a gzipped profile.proto whose names, files, labels and comments are hostile.

    scripts/gen-hostile-profile.py OUT.pb.gz [--stacks 2000]

Function and file names carry markup (`<script>`, quotes, `&`), newlines, backslashes,
DOT syntax, invalid UTF-8, path traversal, and 20 kB C++ template names; labels and
comments carry the same. Stacks share prefixes so every view has something to draw.
Used with scripts/load.py (--profile) to load the web UI with what a hostile profile holds.
Standard library only.
"""
import gzip
import random
import sys

from protowire import field, varint  # beside this script


def message(*fields):
    return b"".join(fields)


NAMES = [
    b"main.<script>alert(1)</script>",
    b'evil"quote\'s & <b>bold</b>',
    b"back\\slash\\\"escaped\\n",
    b"new\nline\r\nname",
    b"dot} -> { label=\"x\" ] [",
    b"bad utf8 \xff\xfe\xc3(",
    b"../../../../etc/passwd",
    b"%2e%2e/%2e%2e/secret",
    b"std::map<" + b"std::vector<std::pair<int, std::string>>, " * 480 + b"int>::insert",
    b"javascript:alert(document.cookie)",
    b"runtime.main",
    b"main.main",
]
FILES = [b"/src/<img src=x onerror=alert(1)>.go", b"../../etc/shadow", b"C:\\Windows\\evil\".cc", b"/src/ok.go"]


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    out = sys.argv[1]
    stacks = int(sys.argv[3]) if len(sys.argv) > 3 and sys.argv[2] == "--stacks" else 2000
    strings = [b""]
    index = {}

    def s(text):
        if text not in index:
            index[text] = len(strings)
            strings.append(text)
        return index[text]

    parts = []
    parts.append(field(1, 2, message(field(1, 0, s(b"alloc_space")), field(2, 0, s(b"bytes")))))
    parts.append(field(1, 2, message(field(1, 0, s(b"inuse_<space>")), field(2, 0, s(b"by\"tes")))))
    for i, name in enumerate(NAMES):
        fn = message(field(1, 0, i + 1), field(2, 0, s(name)), field(3, 0, s(name + b"\x00sys")),
                     field(4, 0, s(FILES[i % len(FILES)])), field(5, 0, i))
        parts.append(field(5, 2, fn))
        line = message(field(1, 0, i + 1), field(2, 0, 10 + i))
        parts.append(field(4, 2, message(field(1, 0, i + 1), field(3, 0, 0x1000 + i), field(4, 2, line))))
    rng = random.Random(7)
    for n in range(stacks):
        depth = rng.randint(1, 8)
        locs = [rng.randint(1, len(NAMES)) for _ in range(depth)] + [len(NAMES)]
        packed = b"".join(varint(x) for x in locs)
        label = message(field(1, 0, s(b"<tag>\"k\"")), field(2, 0, s(b"v<%d>&\n" % (n % 5))))
        num = message(field(1, 0, s(b"bytes")), field(3, 0, 1 << (n % 20)))
        values = varint(rng.randint(1, 10_000)) + varint(rng.randint(-50, 5_000) & ((1 << 64) - 1))
        parts.append(field(2, 2, message(field(1, 2, packed), field(2, 2, values), field(3, 2, label), field(3, 2, num))))
    parts.append(field(13, 0, s(b"<script>comment</script>\n\"&")))
    parts.append(field(13, 0, s(b"bad utf8 \xff")))
    body = b"".join(parts) + b"".join(field(6, 2, text) for text in strings)
    with open(out, "wb") as f:
        f.write(gzip.compress(body))


if __name__ == "__main__":
    main()
