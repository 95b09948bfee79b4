# Writes an address-only pprof profile for BINARY: N random addresses of its .text, one
# sample each (value 1000+rank, so reports order them stably), one mapping at start 0.
#   python3 scripts/address-profile.py BINARY OUT.pb N
import sys, subprocess, random
binary, out, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
hdr = subprocess.run(['readelf', '-SW', binary], capture_output=True, text=True).stdout
lo = hi = None
for line in hdr.splitlines():
    parts = line.replace('[ ', '[').split()
    if len(parts) > 5 and parts[1] == '.text':
        addr = int(parts[3], 16); size = int(parts[5], 16); lo, hi = addr, addr + size
random.seed(7)
addrs = sorted(set(random.randrange(lo, hi) for _ in range(n)))
def varint(v):
    b = bytearray()
    while True:
        x = v & 0x7f; v >>= 7
        if v: b.append(x | 0x80)
        else: b.append(x); return bytes(b)
def field(num, wt, payload):
    if wt == 0: return varint(num << 3) + varint(payload)
    return varint(num << 3 | 2) + varint(len(payload)) + payload
strings = ['', 'samples', 'count', binary]
p = bytearray()
p += field(1, 2, field(1, 0, 1) + field(2, 0, 2))
for i, a in enumerate(addrs):
    p += field(2, 2, field(1, 2, varint(i + 1)) + field(2, 2, varint(1000 + i)))
p += field(3, 2, field(1, 0, 1) + field(2, 0, 0) + field(3, 0, 1 << 40) + field(5, 0, 3))
for i, a in enumerate(addrs):
    p += field(4, 2, field(1, 0, i + 1) + field(2, 0, 1) + field(3, 0, a))
for s in strings: p += field(6, 2, s.encode())
open(out, 'wb').write(p)
print(len(addrs), hex(lo), hex(hi))
