#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// printf-style number formatting through the C library.
///
/// Go's `fmt` verbs `%.2f`, `%5.2g` and `%.1f` produce the same bytes as C's
/// (both round the exact binary value), so reports format numbers here rather
/// than through Foundation's slower `String(format:)`.
enum CFormat {
    /// Formats one `Double` with a printf format such as `"%.2f"` or `"%5.2g%%"`.
    static func double(_ format: String, _ value: Double) -> String {
        var buffer = [CChar](repeating: 0, count: 64)
        let written = withVaList([value]) { args in
            buffer.withUnsafeMutableBufferPointer { out in
                vsnprintf(out.baseAddress, out.count, format, args)
            }
        }
        if written >= buffer.count {
            buffer = [CChar](repeating: 0, count: Int(written) + 1)
            _ = withVaList([value]) { args in
                buffer.withUnsafeMutableBufferPointer { out in
                    vsnprintf(out.baseAddress, out.count, format, args)
                }
            }
        }
        return buffer.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
    }

    /// `text` right-aligned in `width` columns (Go's `%10s`); width counts runes.
    static func padLeft(_ text: String, _ width: Int) -> String {
        let count = text.unicodeScalars.count
        return count >= width ? text : String(repeating: " ", count: width - count) + text
    }

    /// Lower-case hexadecimal, zero-padded to `width` digits (Go's `%016x`).
    static func hex(_ value: UInt64, width: Int = 0) -> String {
        let digits = String(value, radix: 16)
        return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
    }
}
