"""Protocol-buffer wire encoding for the scripts that write profile.proto by hand
(gen-bad-inputs.py, gen-hostile-profile.py). Standard library only."""


def varint(n):
    """An unsigned varint; negative numbers as their 64-bit two's complement."""
    n &= (1 << 64) - 1
    out = bytearray()
    while True:
        b = n & 0x7F
        n >>= 7
        if n:
            out.append(b | 0x80)
        else:
            out.append(b)
            return bytes(out)


def tag(number, wire):
    return varint(number << 3 | wire)


def field(number, wire, payload):
    """Field `number`: a varint (wire 0) or length-delimited bytes (wire 2)."""
    if wire == 0:
        return tag(number, 0) + varint(payload)
    return tag(number, wire) + varint(len(payload)) + payload
