import SwprofCore

/// Escaping for names that come from profiles. Profiles are untrusted input:
/// C++ and Java names carry `<`, `>`, `&` and quotes, and a crafted profile can
/// carry anything. Every profile-derived string goes through one of these
/// before it reaches HTML, SVG or a URL.
///
/// The functions work on Unicode scalars, not `Character`s: a quote followed by
/// a combining mark is one `Character` that is not equal to `"`, and escaping
/// by `Character` would let it through.
public enum Escape {
    /// Text for HTML or XML content and for double- or single-quoted attribute
    /// values. Characters XML does not allow (most C0 controls, lone
    /// surrogates cannot occur in Swift strings, U+FFFE/U+FFFF) become U+FFFD,
    /// so the result is valid inside inline and standalone SVG too.
    public static func html(_ text: String) -> String {
        var out = String.UnicodeScalarView()
        out.reserveCapacity(text.unicodeScalars.count)
        // Bytes that were not UTF-8 in the profile (see RawBytes) show as U+FFFD.
        for scalar in RawBytes.replaced(text).unicodeScalars {
            switch scalar {
            case "&": out.append(contentsOf: "&amp;".unicodeScalars)
            case "<": out.append(contentsOf: "&lt;".unicodeScalars)
            case ">": out.append(contentsOf: "&gt;".unicodeScalars)
            case "\"": out.append(contentsOf: "&quot;".unicodeScalars)
            case "'": out.append(contentsOf: "&#39;".unicodeScalars)
            case "\t", "\n", "\r": out.append(scalar)
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F || scalar.value == 0xFFFE || scalar.value == 0xFFFF {
                    out.append("\u{FFFD}")
                } else {
                    out.append(scalar)
                }
            }
        }
        return String(out)
    }

    /// A URL query component (name or value): everything but the unreserved
    /// characters of RFC 3986 is percent-encoded as UTF-8, so the result can go
    /// into any attribute, `href`, or Graphviz `URL` unchanged.
    public static func queryComponent(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."),
                UInt8(ascii: "_"), UInt8(ascii: "~"):
                out.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                out += "%"
                out += hexDigits[Int(byte >> 4)]
                out += hexDigits[Int(byte & 0xF)]
            }
        }
        return out
    }

    private static let hexDigits = ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "A", "B", "C", "D", "E", "F"]

    /// Decodes a `application/x-www-form-urlencoded` component: `+` is a
    /// space, `%XX` a byte; invalid escapes are kept as they are, invalid
    /// UTF-8 becomes U+FFFD.
    public static func decodeQueryComponent(_ text: Substring) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count)
        var iterator = Array(text.utf8)[...]
        while let byte = iterator.popFirst() {
            if byte == UInt8(ascii: "+") {
                bytes.append(UInt8(ascii: " "))
            } else if byte == UInt8(ascii: "%"), iterator.count >= 2,
                let high = hexValue(iterator[iterator.startIndex]),
                let low = hexValue(iterator[iterator.startIndex + 1])
            {
                bytes.append(high << 4 | low)
                iterator = iterator.dropFirst(2)
            } else {
                bytes.append(byte)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return byte - UInt8(ascii: "A") + 10
        default: return nil
        }
    }
}
