/// Appends protobuf wire format to a byte array, the way pprof's encoder lays it out:
/// repeated scalars with more than two values are packed, `…Opt` writers skip zero.
struct ProtoWriter {
    var bytes: [UInt8] = []

    init(capacity: Int = 0) {
        bytes.reserveCapacity(capacity)
    }

    @inline(__always)
    mutating func varint(_ value: UInt64) {
        var x = value
        while x >= 0x80 {
            bytes.append(UInt8(truncatingIfNeeded: x) | 0x80)
            x >>= 7
        }
        bytes.append(UInt8(x))
    }

    @inline(__always)
    mutating func tag(_ field: Int, _ wire: UInt8) {
        varint(UInt64(field) << 3 | UInt64(wire))
    }

    mutating func uint64(_ field: Int, _ value: UInt64) {
        tag(field, WireType.varint)
        varint(value)
    }

    mutating func uint64Opt(_ field: Int, _ value: UInt64) {
        if value != 0 { uint64(field, value) }
    }

    mutating func int64(_ field: Int, _ value: Int64) {
        uint64(field, UInt64(bitPattern: value))
    }

    mutating func int64Opt(_ field: Int, _ value: Int64) {
        if value != 0 { int64(field, value) }
    }

    mutating func boolOpt(_ field: Int, _ value: Bool) {
        if value { uint64(field, 1) }
    }

    /// A repeated varint field: packed when it has more than two values.
    mutating func uint64s<C: Collection>(_ field: Int, _ values: C) where C.Element == UInt64 {
        if values.count > 2 {
            message(field) { w in
                for v in values { w.varint(v) }
            }
        } else {
            for v in values { uint64(field, v) }
        }
    }

    mutating func int64s<C: Collection>(_ field: Int, _ values: C) where C.Element == Int64 {
        uint64s(field, values.lazy.map { UInt64(bitPattern: $0) })
    }

    mutating func string(_ field: Int, _ value: String) {
        if RawBytes.hasEscapes(value) {
            // Bytes a profile held that are not UTF-8 are written back as they were.
            let raw = RawBytes.utf8(value)
            tag(field, WireType.lengthDelimited)
            varint(UInt64(raw.count))
            bytes.append(contentsOf: raw)
            return
        }
        var s = value
        s.withUTF8 { utf8 in
            tag(field, WireType.lengthDelimited)
            varint(UInt64(utf8.count))
            bytes.append(contentsOf: utf8)
        }
    }

    /// A length-delimited field whose payload `body` writes. The payload is written
    /// in place, then moved up to make room for the tag and length in front of it.
    @inline(__always)
    mutating func message(_ field: Int, _ body: (inout ProtoWriter) -> Void) {
        let start = bytes.count
        body(&self)
        let length = bytes.count - start
        let tagValue = UInt64(field) << 3 | UInt64(WireType.lengthDelimited)
        let headerSize = Self.varintSize(tagValue) + Self.varintSize(UInt64(length))
        for _ in 0..<headerSize { bytes.append(0) }
        bytes.withUnsafeMutableBytes { raw in
            let base = raw.baseAddress!
            (base + start + headerSize).copyMemory(from: base + start, byteCount: length)
        }
        let next = put(tagValue, at: start)
        _ = put(UInt64(length), at: next)
    }

    @inline(__always)
    static func varintSize(_ value: UInt64) -> Int {
        var n = 1
        var x = value
        while x >= 0x80 {
            x >>= 7
            n += 1
        }
        return n
    }

    /// Writes a varint over existing bytes at `index`; returns the index after it.
    private mutating func put(_ value: UInt64, at index: Int) -> Int {
        var x = value
        var i = index
        while x >= 0x80 {
            bytes[i] = UInt8(truncatingIfNeeded: x) | 0x80
            x >>= 7
            i += 1
        }
        bytes[i] = UInt8(x)
        return i + 1
    }
}
