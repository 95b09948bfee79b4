/// Builds ASCII/UTF-8 text as bytes: much cheaper than appending to a `String` piece
/// by piece when the output has millions of small fields (`rawText` of a big profile).
struct TextBuffer {
    private(set) var bytes: [UInt8] = []

    init(capacity: Int) {
        bytes.reserveCapacity(capacity)
    }

    var text: String { String(decoding: bytes, as: UTF8.self) }

    @inline(__always)
    mutating func append(_ s: String) {
        var s = s
        s.withUTF8 { bytes.append(contentsOf: $0) }
    }

    @inline(__always)
    mutating func append(_ s: StaticString) {
        s.withUTF8Buffer { bytes.append(contentsOf: $0) }
    }

    @inline(__always)
    mutating func append(byte: UInt8) {
        bytes.append(byte)
    }

    mutating func append(spaces n: Int) {
        for _ in 0..<max(0, n) { bytes.append(0x20) }
    }

    /// `v` in decimal, right-aligned in `width` columns (Go's `%Nd`).
    mutating func append(_ v: Int64, width: Int = 0) {
        appendDigits(v.magnitude, radix: 10, negative: v < 0, width: width)
    }

    mutating func append(_ v: UInt64, width: Int = 0) {
        appendDigits(v, radix: 10, negative: false, width: width)
    }

    /// `v` as Go's `%#x`: "0x" and lower-case hex digits.
    mutating func appendHex(_ v: UInt64) {
        append("0x" as StaticString)
        appendDigits(v, radix: 16, negative: false, width: 0)
    }

    private mutating func appendDigits(_ magnitude: UInt64, radix: UInt64, negative: Bool, width: Int) {
        // 20 digits and a sign at most, written backwards.
        var digits: (UInt64, UInt64, UInt64) = (0, 0, 0)
        var count = 0
        withUnsafeMutableBytes(of: &digits) { buf in
            var x = magnitude
            repeat {
                let d = UInt8(x % radix)
                buf[23 - count] = d < 10 ? 0x30 + d : 0x57 + d
                count += 1
                x /= radix
            } while x != 0
            if negative {
                buf[23 - count] = UInt8(ascii: "-")
                count += 1
            }
        }
        append(spaces: width - count)
        withUnsafeBytes(of: &digits) { buf in
            bytes.append(contentsOf: buf[(24 - count)...])
        }
    }
}
