/// A failure to read the protobuf wire format: a short sentence and the byte offset.
struct ProtoWireError: Error, Sendable {
    var message: String
}

/// The protobuf wire types proto3 uses (groups, 3 and 4, are not accepted).
enum WireType {
    static let varint: UInt8 = 0
    static let fixed64: UInt8 = 1
    static let lengthDelimited: UInt8 = 2
    static let fixed32: UInt8 = 5

    static func name(_ wire: UInt8) -> String {
        switch wire {
        case varint: return "varint"
        case fixed64: return "fixed64"
        case lengthDelimited: return "length-delimited"
        case fixed32: return "fixed32"
        default: return "wire type \(wire)"
        }
    }
}

/// One field read from a message: its number, wire type and payload.
/// For varint and fixed fields `value` holds the number; for length-delimited
/// fields `start..<end` is the payload (absolute offsets into the buffer).
struct ProtoField {
    var number: UInt64
    var wire: UInt8
    var value: UInt64
    var start: Int
    var end: Int
    /// Offset of the field's tag, for error messages.
    var offset: Int
}

/// Reads protobuf wire format from a borrowed buffer, never past its end.
///
/// Offsets are absolute in `buffer`, so a reader for a nested message reports
/// positions in the whole input. The buffer must outlive the reader: use it only
/// inside `withUnsafeBufferPointer`.
struct ProtoReader {
    let buffer: UnsafeBufferPointer<UInt8>
    private(set) var position: Int
    let end: Int

    init(_ buffer: UnsafeBufferPointer<UInt8>) {
        self.buffer = buffer
        self.position = 0
        self.end = buffer.count
    }

    /// A reader over `start..<end` of the same buffer.
    init(_ buffer: UnsafeBufferPointer<UInt8>, start: Int, end: Int) {
        self.buffer = buffer
        self.position = start
        self.end = end
    }

    var isAtEnd: Bool { position >= end }

    /// A base-128 varint of at most 10 bytes (bits past 64 are dropped, as pprof does).
    @inline(__always)
    mutating func readVarint() throws(ProtoWireError) -> UInt64 {
        var i = position
        // Fast path: one byte.
        if i < end {
            let b = buffer[i]
            if b < 0x80 {
                position = i + 1
                return UInt64(b)
            }
        }
        var result: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            guard i < end else {
                throw ProtoWireError(message: "varint at byte \(position) runs past the end of its message (byte \(end))")
            }
            guard shift < 70 else {
                throw ProtoWireError(message: "varint at byte \(position) is longer than 10 bytes")
            }
            let b = buffer[i]
            i += 1
            result |= UInt64(b & 0x7f) << shift
            if b < 0x80 {
                position = i
                return result
            }
            shift += 7
        }
    }

    /// Reads the next field: its tag and payload. Unknown wire types are an error.
    @inline(__always)
    mutating func readField() throws(ProtoWireError) -> ProtoField {
        let offset = position
        let tag = try readVarint()
        let wire = UInt8(truncatingIfNeeded: tag & 7)
        var field = ProtoField(number: tag >> 3, wire: wire, value: 0, start: 0, end: 0, offset: offset)
        switch wire {
        case WireType.varint:
            field.value = try readVarint()
        case WireType.lengthDelimited:
            let lengthOffset = position
            let length = try readVarint()
            guard length <= UInt64(end - position) else {
                if end == buffer.count {
                    throw ProtoWireError(
                        message: "field \(field.number) at byte \(offset) claims \(length) bytes "
                            + "but the data ends \(end - position) bytes later (truncated file?)")
                }
                throw ProtoWireError(
                    message: "field \(field.number) at byte \(offset) claims \(length) bytes "
                        + "but only \(end - position) remain in its message (from byte \(lengthOffset))")
            }
            field.start = position
            field.end = position + Int(length)
            position = field.end
        case WireType.fixed64:
            guard end - position >= 8 else {
                throw ProtoWireError(message: "fixed64 field \(field.number) at byte \(offset) runs past the end of its message")
            }
            var v: UInt64 = 0
            for k in 0..<8 { v |= UInt64(buffer[position + k]) << UInt64(8 * k) }
            field.value = v
            position += 8
        case WireType.fixed32:
            guard end - position >= 4 else {
                throw ProtoWireError(message: "fixed32 field \(field.number) at byte \(offset) runs past the end of its message")
            }
            var v: UInt64 = 0
            for k in 0..<4 { v |= UInt64(buffer[position + k]) << UInt64(8 * k) }
            field.value = v
            position += 4
        default:
            throw ProtoWireError(message: "field \(field.number) at byte \(offset) has unsupported wire type \(wire)")
        }
        return field
    }
}

extension ProtoField {
    /// The field as a varint scalar; any other wire type is an error (pprof's "type mismatch").
    @inline(__always)
    func varint(_ what: @autoclosure () -> String) throws(ProtoWireError) -> UInt64 {
        guard wire == WireType.varint else { throw mismatch(what(), expected: WireType.varint) }
        return value
    }

    /// The field as a length-delimited payload.
    @inline(__always)
    func payload(_ what: @autoclosure () -> String) throws(ProtoWireError) -> Range<Int> {
        guard wire == WireType.lengthDelimited else { throw mismatch(what(), expected: WireType.lengthDelimited) }
        return start..<end
    }

    /// Calls `body` for every value of a repeated varint field, packed or not.
    @inline(__always)
    func forEachVarint(
        in buffer: UnsafeBufferPointer<UInt8>, _ what: @autoclosure () -> String,
        _ body: (UInt64) -> Void
    ) throws(ProtoWireError) {
        switch wire {
        case WireType.varint:
            body(value)
        case WireType.lengthDelimited:
            var packed = ProtoReader(buffer, start: start, end: end)
            while !packed.isAtEnd { body(try packed.readVarint()) }
        default:
            throw mismatch(what(), expected: WireType.varint)
        }
    }

    func mismatch(_ what: String, expected: UInt8) -> ProtoWireError {
        ProtoWireError(
            message: "\(what) (field \(number)) at byte \(offset) is \(WireType.name(wire)), expected \(WireType.name(expected))")
    }
}
