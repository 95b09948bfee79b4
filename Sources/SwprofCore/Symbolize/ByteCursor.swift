/// Reads little- or big-endian integers, LEB128 numbers and C strings from a
/// byte range. Reading past the end sets `failed` and yields zeros, as Go's
/// debug/dwarf buffer does, so a truncated section ends a walk instead of crashing.
struct ByteCursor {
    let base: UnsafeRawBufferPointer
    /// Current position, relative to `base`.
    var offset: Int
    /// Where reading stops (exclusive), relative to `base`.
    var end: Int
    let bigEndian: Bool
    var failed = false

    init(_ base: UnsafeRawBufferPointer, from offset: Int = 0, to end: Int? = nil, bigEndian: Bool = false) {
        self.base = base
        self.offset = offset
        self.end = min(end ?? base.count, base.count)
        self.bigEndian = bigEndian
        if offset > self.end || offset < 0 { failed = true; self.offset = self.end }
    }

    var remaining: Int { end - offset }
    var atEnd: Bool { offset >= end }

    mutating func skip(_ n: Int) {
        if n < 0 || n > remaining { failed = true; offset = end; return }
        offset += n
    }

    mutating func u8() -> UInt8 {
        guard offset < end else { failed = true; return 0 }
        defer { offset += 1 }
        return base[offset]
    }

    /// An unsigned integer of `size` bytes (1...8).
    mutating func uint(size: Int) -> UInt64 {
        guard size > 0, size <= remaining else { failed = true; offset = end; return 0 }
        var value: UInt64 = 0
        if bigEndian {
            for i in 0..<size { value = value << 8 | UInt64(base[offset + i]) }
        } else {
            for i in stride(from: size - 1, through: 0, by: -1) { value = value << 8 | UInt64(base[offset + i]) }
        }
        offset += size
        return value
    }

    mutating func u16() -> UInt64 { uint(size: 2) }
    mutating func u32() -> UInt64 { uint(size: 4) }
    mutating func u64() -> UInt64 { uint(size: 8) }

    /// Unsigned LEB128 (bits past 64 are dropped, as Go does).
    mutating func uleb() -> UInt64 {
        var result: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            let byte = u8()
            if failed { return 0 }
            if shift < 64 { result |= UInt64(byte & 0x7f) << shift }
            shift += 7
            if byte & 0x80 == 0 { return result }
        }
    }

    /// Signed LEB128.
    mutating func sleb() -> Int64 {
        var result: Int64 = 0
        var shift: Int64 = 0
        var byte: UInt8 = 0
        repeat {
            byte = u8()
            if failed { return 0 }
            if shift < 64 { result |= Int64(byte & 0x7f) << shift }
            shift += 7
        } while byte & 0x80 != 0
        if shift < 64 && byte & 0x40 != 0 { result |= -1 << shift }
        return result
    }

    /// A NUL-terminated string (the NUL is consumed). Invalid UTF-8 is repaired.
    mutating func cString() -> String {
        var i = offset
        while i < end && base[i] != 0 { i += 1 }
        guard i < end else { failed = true; offset = end; return "" }
        let text = String(decoding: UnsafeRawBufferPointer(rebasing: base[offset..<i]), as: UTF8.self)
        offset = i + 1
        return text
    }

    /// The string at `offset` of `section` (a string table), "" and failure when out of range.
    static func string(in section: UnsafeRawBufferPointer, at offset: UInt64) -> String? {
        guard offset < UInt64(section.count) else { return nil }
        var cursor = ByteCursor(section, from: Int(offset))
        let text = cursor.cString()
        return cursor.failed ? nil : text
    }
}
