/// Byte-level helpers with the semantics of Go's `strings`, `bytes` and `strconv`
/// functions pprof's parsers call.
enum GoText {
    /// The Unicode white space characters other than ASCII ones, as UTF-8 (the set
    /// Go's `unicode.IsSpace` accepts).
    private static let wideSpaces: [[UInt8]] = [
        [0xC2, 0x85], [0xC2, 0xA0], [0xE1, 0x9A, 0x80],
        [0xE2, 0x80, 0x80], [0xE2, 0x80, 0x81], [0xE2, 0x80, 0x82], [0xE2, 0x80, 0x83],
        [0xE2, 0x80, 0x84], [0xE2, 0x80, 0x85], [0xE2, 0x80, 0x86], [0xE2, 0x80, 0x87],
        [0xE2, 0x80, 0x88], [0xE2, 0x80, 0x89], [0xE2, 0x80, 0x8A],
        [0xE2, 0x80, 0xA8], [0xE2, 0x80, 0xA9], [0xE2, 0x80, 0xAF], [0xE2, 0x81, 0x9F],
        [0xE3, 0x80, 0x80],
    ]

    static func isASCIISpace(_ b: UInt8) -> Bool {
        b == 0x20 || (b >= 0x09 && b <= 0x0D)
    }

    /// Go's `strings.TrimSpace`: strips Unicode white space at both ends.
    static func trimSpace(_ s: ArraySlice<UInt8>) -> ArraySlice<UInt8> {
        var lo = s.startIndex
        var hi = s.endIndex
        outer: while lo < hi {
            let b = s[lo]
            if b < 0x80 {
                if isASCIISpace(b) {
                    lo += 1
                    continue
                }
                break
            }
            for w in wideSpaces where hi - lo >= w.count && s[lo..<(lo + w.count)].elementsEqual(w) {
                lo += w.count
                continue outer
            }
            break
        }
        outer: while hi > lo {
            let b = s[hi - 1]
            if b < 0x80 {
                if isASCIISpace(b) {
                    hi -= 1
                    continue
                }
                break
            }
            for w in wideSpaces where hi - lo >= w.count && s[(hi - w.count)..<hi].elementsEqual(w) {
                hi -= w.count
                continue outer
            }
            break
        }
        return s[lo..<hi]
    }

    static func trimSpace(_ s: String) -> String {
        string(trimSpace(Array(s.utf8)[...]))
    }

    static func string(_ s: ArraySlice<UInt8>) -> String {
        String(decoding: s, as: UTF8.self)
    }

    static func hasPrefix(_ s: ArraySlice<UInt8>, _ prefix: String) -> Bool {
        let p = Array(prefix.utf8)
        return s.count >= p.count && s.prefix(p.count).elementsEqual(p)
    }

    /// Whether `needle` occurs in `s`.
    static func contains(_ s: ArraySlice<UInt8>, _ needle: String) -> Bool {
        firstIndex(of: Array(needle.utf8), in: s) != nil
    }

    static func firstIndex(of needle: [UInt8], in s: ArraySlice<UInt8>) -> Int? {
        if needle.isEmpty { return s.startIndex }
        if s.count < needle.count { return nil }
        let first = needle[0]
        var i = s.startIndex
        let last = s.endIndex - needle.count
        while i <= last {
            if s[i] == first && s[i..<(i + needle.count)].elementsEqual(needle) { return i }
            i += 1
        }
        return nil
    }

    /// A line with nothing but white space, or whose first non-space byte is `#`.
    static func isSpaceOrComment(_ line: ArraySlice<UInt8>) -> Bool {
        let t = trimSpace(line)
        return t.isEmpty || t.first == UInt8(ascii: "#")
    }

    /// Go's `strings.Fields` for ASCII-separated text.
    static func fields(_ s: ArraySlice<UInt8>) -> [ArraySlice<UInt8>] {
        var out: [ArraySlice<UInt8>] = []
        var i = s.startIndex
        while i < s.endIndex {
            while i < s.endIndex && isASCIISpace(s[i]) { i += 1 }
            let start = i
            while i < s.endIndex && !isASCIISpace(s[i]) { i += 1 }
            if i > start { out.append(s[start..<i]) }
        }
        return out
    }

    /// Go's `path/filepath.Base` on Unix.
    static func baseName(_ path: String) -> String {
        if path.isEmpty { return "." }
        var bytes = Array(path.utf8)
        while bytes.count > 0 && bytes.last == UInt8(ascii: "/") { bytes.removeLast() }
        if bytes.isEmpty { return "/" }
        if let slash = bytes.lastIndex(of: UInt8(ascii: "/")) {
            bytes = Array(bytes[(slash + 1)...])
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    // MARK: strconv

    /// Why a Go `strconv` parse failed.
    enum NumberError: Error {
        case syntax
        case range

        var text: String { self == .syntax ? "invalid syntax" : "value out of range" }
    }

    /// Go's `strconv.ParseUint(s, base, 64)` for base 0, 10 or 16.
    static func parseUint(_ s: ArraySlice<UInt8>, base: Int) -> Result<UInt64, NumberError> {
        if s.isEmpty { return .failure(.syntax) }
        let original = s
        var digits = s
        var b = base
        if base == 0 {
            b = 10
            if digits.first == UInt8(ascii: "0") {
                let second = digits.count >= 3 ? digits[digits.startIndex + 1] | 0x20 : 0
                switch second {
                case UInt8(ascii: "b"):
                    b = 2
                    digits = digits.dropFirst(2)
                case UInt8(ascii: "o"):
                    b = 8
                    digits = digits.dropFirst(2)
                case UInt8(ascii: "x"):
                    b = 16
                    digits = digits.dropFirst(2)
                default:
                    b = 8
                    digits = digits.dropFirst(1)
                }
            }
        }
        var n: UInt64 = 0
        var underscores = false
        let ubase = UInt64(b)
        let cutoff = UInt64.max / ubase + 1
        for c in digits {
            var d: UInt64
            if c == UInt8(ascii: "_") && base == 0 {
                underscores = true
                continue
            } else if c >= 0x30 && c <= 0x39 {
                d = UInt64(c - 0x30)
            } else if (c | 0x20) >= UInt8(ascii: "a") && (c | 0x20) <= UInt8(ascii: "z") {
                d = UInt64((c | 0x20) - UInt8(ascii: "a")) + 10
            } else {
                return .failure(.syntax)
            }
            if d >= ubase { return .failure(.syntax) }
            if n >= cutoff { return .failure(.range) }
            n = n &* ubase
            let n1 = n &+ d
            if n1 < n { return .failure(.range) }
            n = n1
        }
        if underscores && !underscoreOK(original) { return .failure(.syntax) }
        return .success(n)
    }

    /// Go's `strconv.ParseInt(s, base, 64)` for base 0 or 10.
    static func parseInt(_ s: ArraySlice<UInt8>, base: Int) -> Result<Int64, NumberError> {
        if s.isEmpty { return .failure(.syntax) }
        var rest = s
        var negative = false
        if rest.first == UInt8(ascii: "+") {
            rest = rest.dropFirst()
        } else if rest.first == UInt8(ascii: "-") {
            negative = true
            rest = rest.dropFirst()
        }
        switch parseUint(rest, base: base) {
        case .failure(let e):
            return .failure(e)
        case .success(let u):
            let cutoff = UInt64(1) << 63
            if !negative && u >= cutoff { return .failure(.range) }
            if negative && u > cutoff { return .failure(.range) }
            return .success(negative ? Int64(bitPattern: 0 &- u) : Int64(u))
        }
    }

    static func parseInt(_ s: String, base: Int) -> Result<Int64, NumberError> {
        parseInt(Array(s.utf8)[...], base: base)
    }

    /// Go's rule for where `_` may stand in a number with base prefix 0.
    private static func underscoreOK(_ s: ArraySlice<UInt8>) -> Bool {
        var saw: UInt8 = UInt8(ascii: "^")
        var t = s
        if let f = t.first, f == UInt8(ascii: "-") || f == UInt8(ascii: "+") { t = t.dropFirst() }
        var hex = false
        var i = t.startIndex
        if t.count >= 2 && t[i] == UInt8(ascii: "0") {
            let l = t[i + 1] | 0x20
            if l == UInt8(ascii: "b") || l == UInt8(ascii: "o") || l == UInt8(ascii: "x") {
                i += 2
                saw = UInt8(ascii: "0")
                hex = l == UInt8(ascii: "x")
            }
        }
        while i < t.endIndex {
            let c = t[i]
            let lower = c | 0x20
            if (c >= 0x30 && c <= 0x39) || (hex && lower >= UInt8(ascii: "a") && lower <= UInt8(ascii: "f")) {
                saw = UInt8(ascii: "0")
            } else if c == UInt8(ascii: "_") {
                if saw != UInt8(ascii: "0") { return false }
                saw = UInt8(ascii: "_")
            } else {
                if saw == UInt8(ascii: "_") { return false }
                saw = UInt8(ascii: "!")
            }
            i += 1
        }
        return saw != UInt8(ascii: "_")
    }

    /// The error text Go's `strconv.ParseInt`/`ParseUint` gives.
    static func numberErrorText(function: String, _ s: ArraySlice<UInt8>, _ error: NumberError) -> String {
        "strconv.\(function): parsing \(goQuoted(string(s))): \(error.text)"
    }

    /// Go's conversion of a float64 to int64 on amd64: truncation, and the
    /// "integer indefinite" value (the most negative int64) when out of range or NaN.
    static func int64(_ x: Double) -> Int64 {
        if x.isNaN || x >= 9_223_372_036_854_775_808.0 || x < -9_223_372_036_854_775_808.0 {
            return Int64.min
        }
        return Int64(x)
    }

    /// Go's int64 division: truncating, with MinInt64 / -1 == MinInt64.
    static func divide(_ a: Int64, _ b: Int64) -> Int64 {
        a.dividedReportingOverflow(by: b).partialValue
    }
}

extension String {
    fileprivate func leftPadded(_ width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
