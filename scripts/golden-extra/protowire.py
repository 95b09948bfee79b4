"""protobuf wire-format helpers for the hand-encoded test profiles
(scripts/golden-extra/realworld.py, Tests/Fixtures/raw/make-handmade.py)."""


def varint(x):
    x &= (1 << 64) - 1
    out = bytearray()
    while x >= 0x80:
        out.append((x & 0x7F) | 0x80)
        x >>= 7
    out.append(x)
    return bytes(out)


def field(n, wire, payload):
    return varint(n << 3 | wire) + payload


def v(n, x):
    """A varint field, written even when zero."""
    return field(n, 0, varint(x))


def msg(n, body):
    """A length-delimited field."""
    return field(n, 2, varint(len(body)) + body)


def packed(n, xs):
    return msg(n, b"".join(varint(x) for x in xs))
