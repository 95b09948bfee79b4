/// Strings from profiles may hold bytes that are not UTF-8 (a Latin-1 file name, a
/// truncated symbol). pprof passes such bytes through to its text reports; a Swift
/// `String` cannot hold them. Each byte that is not part of a valid UTF-8 sequence is
/// kept as one private-use scalar, U+10FF00 + byte (U+10FF80…U+10FFFF), so that:
/// - text reports write the original bytes back (`RawBytes.utf8(_:)`);
/// - profiles written with `-proto` keep them (the encoder uses `utf8(_:)` too);
/// - HTML, SVG and DOT show U+FFFD for them (`RawBytes.replaced(_:)`).
/// A name that really holds one of those 128 scalars is written as such a byte: they
/// are unassigned private-use code points no toolchain emits.
public enum RawBytes {
    static let base: UInt32 = 0x10FF00

    /// `bytes` as a string, invalid UTF-8 bytes kept as escape scalars.
    public static func string<C: Collection>(_ bytes: C) -> String where C.Element == UInt8 {
        if let valid = String(validating: bytes, as: UTF8.self) { return valid }
        var out = String.UnicodeScalarView()
        let b = Array(bytes)
        var i = 0
        while i < b.count {
            let (scalar, length) = decode(b, at: i)
            if let scalar {
                out.append(scalar)
                i += length
            } else {
                out.append(Unicode.Scalar(base + UInt32(b[i]))!)
                i += 1
            }
        }
        return String(out)
    }

    /// The valid UTF-8 sequence at `i` (its scalar and length), or nil.
    private static func decode(_ b: [UInt8], at i: Int) -> (Unicode.Scalar?, Int) {
        let lead = b[i]
        if lead < 0x80 { return (Unicode.Scalar(lead), 1) }
        let length: Int
        var value: UInt32
        switch lead {
        case 0xC2...0xDF: length = 2; value = UInt32(lead & 0x1F)
        case 0xE0...0xEF: length = 3; value = UInt32(lead & 0x0F)
        case 0xF0...0xF4: length = 4; value = UInt32(lead & 0x07)
        default: return (nil, 1)
        }
        guard i + length <= b.count else { return (nil, 1) }
        for k in 1..<length {
            let c = b[i + k]
            guard c & 0xC0 == 0x80 else { return (nil, 1) }
            value = value << 6 | UInt32(c & 0x3F)
        }
        // Overlong forms, surrogates and values past U+10FFFF are not UTF-8.
        let minimum: UInt32 = length == 3 ? 0x800 : length == 4 ? 0x10000 : 0x80
        guard value >= minimum, let scalar = Unicode.Scalar(value) else { return (nil, 1) }
        return (scalar, length)
    }

    /// Whether `s` holds escaped bytes (a quick test on its UTF-8).
    public static func hasEscapes(_ s: String) -> Bool {
        // U+10FF80…U+10FFFF encode as F4 8F BE/BF xx.
        var previous: (UInt8, UInt8) = (0, 0)
        for byte in s.utf8 {
            if previous == (0xF4, 0x8F) && (byte == 0xBE || byte == 0xBF) { return true }
            previous = (previous.1, byte)
        }
        return false
    }

    private static func isEscape(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value >= base + 0x80 && scalar.value <= base + 0xFF
    }

    /// The bytes `s` stands for: UTF-8, with escaped bytes written back as they were.
    public static func utf8(_ s: String) -> [UInt8] {
        guard hasEscapes(s) else { return Array(s.utf8) }
        var out: [UInt8] = []
        out.reserveCapacity(s.utf8.count)
        for scalar in s.unicodeScalars {
            if isEscape(scalar) {
                out.append(UInt8(scalar.value - base))
            } else {
                out.append(contentsOf: String(scalar).utf8)
            }
        }
        return out
    }

    /// `s` with every escaped byte shown as U+FFFD (for HTML, SVG and DOT).
    public static func replaced(_ s: String) -> String {
        guard hasEscapes(s) else { return s }
        var out = String.UnicodeScalarView()
        for scalar in s.unicodeScalars {
            out.append(isEscape(scalar) ? "\u{FFFD}" : scalar)
        }
        return String(out)
    }
}
