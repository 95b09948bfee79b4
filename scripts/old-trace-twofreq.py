#!/usr/bin/env python3
"""Writes a copy of an old-format (Go 1.11-1.21) trace with a second
frequency event, twice the first, appended to its last batch. Go uses the
frequency of the batch its merge loads last, so the reader must take its
tables in merge order (OldTraceParser.tablesInMergeOrder).

    scripts/old-trace-twofreq.py IN.trace OUT.trace
"""
import sys

from protowire import varint  # beside this script: the same base-128 varints


def uvarint(data, i):
    value = shift = 0
    while True:
        byte = data[i]
        i += 1
        value |= (byte & 0x7F) << shift
        shift += 7
        if byte < 0x80:
            return value, i


data = open(sys.argv[1], "rb").read()
i, frequency = 16, None
while i < len(data):
    header = data[i]
    i += 1
    kind, count = header & 0x3F, (header >> 6) + 1
    if kind == 37:  # string: id, length, bytes
        _, i = uvarint(data, i)
        length, i = uvarint(data, i)
        i += length
    elif kind == 1:  # batch: P, time
        _, i = uvarint(data, i)
        _, i = uvarint(data, i)
    elif count <= 3:
        values = []
        for _ in range(count):
            value, i = uvarint(data, i)
            values.append(value)
        if kind == 2:
            frequency = values[0]
    else:  # length-prefixed arguments (a log's message after them)
        length, i = uvarint(data, i)
        i += length
        if kind == 48:
            length, i = uvarint(data, i)
            i += length
if frequency is None:
    sys.exit(f"{sys.argv[1]}: no frequency event")
open(sys.argv[2], "wb").write(data + bytes([2]) + varint(frequency * 2))
