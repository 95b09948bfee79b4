/// Shortening of function names for graph labels (pprof's
/// `ShortenFunctionName`): package paths, Java packages and C++ namespaces
/// are dropped so `net/http.(*conn).serve` becomes `http.(*conn).serve`.
///
/// The matching follows pprof's regular expressions exactly; they are
/// written out by hand because they run for every node label.
public enum FunctionName {
    public static func shorten(_ name: String) -> String {
        var bytes = Array(name.utf8)
        let anonymous = Array("(anonymous namespace)::".utf8)
        if bytes.starts(with: anonymous) {
            bytes.removeFirst(anonymous.count)
        }
        bytes = removingModuleVersion(bytes)
        if let short = goShortName(bytes) ?? javaShortName(bytes) ?? cppShortName(bytes) {
            return String(decoding: short, as: UTF8.self)
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    private static func isWord(_ c: UInt8) -> Bool {
        (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c == 95
    }
    private static func isLower(_ c: UInt8) -> Bool { c >= 97 && c <= 122 }
    private static func isUpper(_ c: UInt8) -> Bool { c >= 65 && c <= 90 }
    private static func isLetterOrUnderscore(_ c: UInt8) -> Bool { isLower(c) || isUpper(c) || c == 95 }
    private static func isDigit(_ c: UInt8) -> Bool { c >= 48 && c <= 57 }
    private static let slash = UInt8(ascii: "/")
    private static let dot = UInt8(ascii: ".")
    private static let newline = UInt8(ascii: "\n")

    /// Removes the first `/vN` major-version element (N ≥ 2) that is followed
    /// by `.` or `/`: `example.com/mod/v2/pkg.F` → `example.com/mod/pkg.F`.
    private static func removingModuleVersion(_ s: [UInt8]) -> [UInt8] {
        if s.contains(newline) { return s }
        var i = 0
        while i + 2 < s.count {
            if s[i] == slash && s[i + 1] == UInt8(ascii: "v") {
                var j = i + 2
                while j < s.count && isDigit(s[j]) { j += 1 }
                let digits = j - (i + 2)
                let first = digits > 0 ? s[i + 2] : 0
                let valid = (digits == 1 && first >= UInt8(ascii: "2")) || (digits >= 2 && first != UInt8(ascii: "0"))
                if valid && j < s.count && (s[j] == dot || s[j] == slash) {
                    return Array(s[..<i]) + Array(s[j...])
                }
            }
            i += 1
        }
        return s
    }

    /// Go: everything after the last leading `path/` element.
    private static func goShortName(_ s: [UInt8]) -> [UInt8]? {
        var ends: [Int] = []
        var p = 0
        while true {
            var q = p
            while q < s.count && (isWord(s[q]) || s[q] == UInt8(ascii: "-") || s[q] == dot) { q += 1 }
            if q > p && q < s.count && s[q] == slash {
                p = q + 1
                ends.append(p)
            } else {
                break
            }
        }
        for end in ends.reversed() {
            // The rest must be non-empty up to the first newline.
            var stop = end
            while stop < s.count && s[stop] != newline { stop += 1 }
            if stop > end {
                return Array(s[end..<stop])
            }
        }
        return nil
    }

    /// Java: `Class.method` out of `pkg.sub.Class.method(args)`.
    private static func javaShortName(_ s: [UInt8]) -> [UInt8]? {
        var p = 0
        // Package elements: a lower-case letter, word characters, a dot.
        while p < s.count && isLower(s[p]) {
            var q = p + 1
            while q < s.count && isWord(s[q]) { q += 1 }
            guard q < s.count && s[q] == dot else { break }
            p = q + 1
        }
        let start = p
        guard p < s.count && isUpper(s[p]) else { return nil }
        p += 1
        while p < s.count && (isWord(s[p]) || s[p] == UInt8(ascii: "$")) { p += 1 }
        guard p < s.count && s[p] == dot else { return nil }
        p += 1
        let initMarker = Array("<init>".utf8)
        if s[p...].starts(with: initMarker) {
            p += initMarker.count
        } else {
            guard p < s.count && isLower(s[p]) else { return nil }
            p += 1
            while p < s.count && (isWord(s[p]) || s[p] == UInt8(ascii: "$")) { p += 1 }
        }
        guard p == s.count || s[p] == UInt8(ascii: "(") else { return nil }
        return Array(s[start..<p])
    }

    /// C++: `Class::method` (with template arguments) out of `ns::Class::method`.
    private static func cppShortName(_ s: [UInt8]) -> [UInt8]? {
        let colon = UInt8(ascii: ":")
        var starts: [Int] = []
        var p = 0
        while p < s.count && isLetterOrUnderscore(s[p]) {
            var q = p + 1
            while q < s.count && isWord(s[q]) { q += 1 }
            guard q + 1 < s.count && s[q] == colon && s[q + 1] == colon else { break }
            p = q + 2
            starts.append(p)
        }
        for start in starts.reversed() {
            if let end = cppMethodEnd(s, from: start) {
                return Array(s[start..<end])
            }
        }
        return nil
    }

    /// Matches `_*[A-Z]\w*::~?[_a-zA-Z]\w*(<.*>)?` at `start`; returns its end.
    private static func cppMethodEnd(_ s: [UInt8], from start: Int) -> Int? {
        let colon = UInt8(ascii: ":")
        var p = start
        while p < s.count && s[p] == 95 { p += 1 }
        guard p < s.count && isUpper(s[p]) else { return nil }
        p += 1
        while p < s.count && isWord(s[p]) { p += 1 }
        guard p + 1 < s.count && s[p] == colon && s[p + 1] == colon else { return nil }
        p += 2
        if p < s.count && s[p] == UInt8(ascii: "~") { p += 1 }
        guard p < s.count && isLetterOrUnderscore(s[p]) else { return nil }
        p += 1
        while p < s.count && isWord(s[p]) { p += 1 }
        if p < s.count && s[p] == UInt8(ascii: "<") {
            // Greedy `<.*>`: up to the last `>` before a newline.
            var lineEnd = p + 1
            while lineEnd < s.count && s[lineEnd] != newline { lineEnd += 1 }
            if let close = s[(p + 1)..<lineEnd].lastIndex(of: UInt8(ascii: ">")) {
                p = close + 1
            }
        }
        return p
    }
}
