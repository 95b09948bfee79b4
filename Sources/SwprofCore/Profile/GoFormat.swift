#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Go's conversion of a float64 to int64 on amd64: values that do not fit
/// (and NaN) become the "integer indefinite" value, Int64.min, instead of trapping.
func goInt64(_ d: Double) -> Int64 {
    guard d.isFinite, d >= -9.223372036854775808e18, d < 9.223372036854775808e18 else {
        return Int64.min
    }
    return Int64(d)
}

/// A Go-syntax double-quoted string, as `strconv.Quote` (`%q`) writes it.
public func goQuoted(_ s: String) -> String {
    var out = "\""
    for scalar in s.unicodeScalars {
        switch scalar {
        case "\"": out += "\\\""
        case "\\": out += "\\\\"
        case "\u{07}": out += "\\a"
        case "\u{08}": out += "\\b"
        case "\u{0C}": out += "\\f"
        case "\n": out += "\\n"
        case "\r": out += "\\r"
        case "\t": out += "\\t"
        case "\u{0B}": out += "\\v"
        default:
            if scalar.value < 0x20 || scalar.value == 0x7f {
                out += "\\x" + hex(scalar.value, width: 2)
            } else if scalar.value < 0x7f || isGoPrintable(scalar) {
                out.unicodeScalars.append(scalar)
            } else if scalar.value < 0x10000 {
                out += "\\u" + hex(scalar.value, width: 4)
            } else {
                out += "\\U" + hex(scalar.value, width: 8)
            }
        }
    }
    return out + "\""
}

private func hex(_ v: UInt32, width: Int) -> String {
    let digits = String(v, radix: 16)
    return String(repeating: "0", count: max(0, width - digits.count)) + digits
}

/// Go's `unicode.IsPrint`: letters, marks, numbers, punctuation, symbols and U+0020.
private func isGoPrintable(_ scalar: Unicode.Scalar) -> Bool {
    switch scalar.properties.generalCategory {
    case .control, .format, .surrogate, .privateUse, .unassigned,
        .spaceSeparator, .lineSeparator, .paragraphSeparator:
        return scalar == " "
    default:
        return true
    }
}

/// Go's `time.Duration.String()`: "1h2m3.5s", "1.5ms", "2µs", "0s".
func goDurationString(_ nanos: Int64) -> String {
    var u = nanos.magnitude
    var out: [UInt8] = []  // built backwards
    func frac(_ v: inout UInt64, _ prec: Int) {
        var printing = false
        for _ in 0..<prec {
            let digit = UInt8(v % 10)
            printing = printing || digit != 0
            if printing { out.append(digit + 48) }
            v /= 10
        }
        if printing { out.append(UInt8(ascii: ".")) }
    }
    func int(_ v: UInt64) {
        if v == 0 {
            out.append(48)
            return
        }
        var x = v
        while x > 0 {
            out.append(UInt8(x % 10) + 48)
            x /= 10
        }
    }
    if u < 1_000_000_000 {
        out.append(UInt8(ascii: "s"))
        if u == 0 { return "0s" }
        let prec: Int
        if u < 1000 {
            prec = 0
            out.append(UInt8(ascii: "n"))
        } else if u < 1_000_000 {
            prec = 3
            out.append(contentsOf: [0xB5, 0xC2])  // "µ" backwards
        } else {
            prec = 6
            out.append(UInt8(ascii: "m"))
        }
        frac(&u, prec)
        int(u)
    } else {
        out.append(UInt8(ascii: "s"))
        frac(&u, 9)
        int(u % 60)
        u /= 60
        if u > 0 {
            out.append(UInt8(ascii: "m"))
            int(u % 60)
            u /= 60
            if u > 0 {
                out.append(UInt8(ascii: "h"))
                int(u)
            }
        }
    }
    if nanos < 0 { out.append(UInt8(ascii: "-")) }
    return String(decoding: out.reversed(), as: UTF8.self)
}

/// The first `n` characters (runes) of `s`, as Go's `%.Nv`/`%.Ns` precision cuts a string.
func goTruncated(_ s: String, _ n: Int) -> String {
    String(String.UnicodeScalarView(s.unicodeScalars.prefix(n)))
}

/// Go's `time.Time.String()` for `time.Unix(0, nanos)` in the local time zone:
/// "2006-01-02 15:04:05.999999999 -0700 MST" (fraction without trailing zeros).
func goTimeString(unixNanos nanos: Int64) -> String {
    var seconds = nanos / 1_000_000_000
    var fraction = nanos % 1_000_000_000
    if fraction < 0 {
        fraction += 1_000_000_000
        seconds -= 1
    }
    var t = time_t(seconds)
    var parts = tm()
    guard localtime_r(&t, &parts) != nil else {
        return "\(seconds).\(fraction)"  // out of the C library's range
    }
    func pad(_ v: Int, _ width: Int) -> String {
        let digits = String(v.magnitude)
        return (v < 0 ? "-" : "") + String(repeating: "0", count: max(0, width - digits.count)) + digits
    }
    var s = pad(Int(parts.tm_year) + 1900, 4) + "-" + pad(Int(parts.tm_mon) + 1, 2) + "-" + pad(Int(parts.tm_mday), 2)
    s += " " + pad(Int(parts.tm_hour), 2) + ":" + pad(Int(parts.tm_min), 2) + ":" + pad(Int(parts.tm_sec), 2)
    if fraction != 0 {
        var digits = pad(Int(fraction), 9)
        while digits.hasSuffix("0") { digits.removeLast() }
        s += "." + digits
    }
    let offset = Int(parts.tm_gmtoff)
    let offsetMinutes = abs(offset) / 60
    let numericZone = (offset < 0 ? "-" : "+") + pad(offsetMinutes / 60, 2) + pad(offsetMinutes % 60, 2)
    var zoneName = ""
    if let zone = parts.tm_zone {
        zoneName = String(cString: zone)
    }
    s += " " + numericZone + " " + (zoneName.isEmpty ? numericZone : zoneName)
    return s
}
