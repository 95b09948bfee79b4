/// Where Go's `regexp` syntax and RE2 (Debian's libre2, 2022) part ways, and
/// Go's error wording. `Pattern` passes user patterns through `translate`
/// before RE2 compiles them, and words RE2's errors with `message`, so that
/// swprof accepts, rejects and reports exactly what `go tool pprof` does
/// (checked against Go by `Tests/Fixtures/patterns/go-patterns.json`).
enum GoRegexpSyntax {
    /// A pattern rewritten for RE2.
    struct Translation {
        var pattern: String
        /// Go's error when Go refuses what RE2 accepts: capturing groups
        /// nested 1000 deep (Go limits its parse tree's height to 1000; this
        /// counts groups only, not the repetitions and concatenations that
        /// also add height).
        var error: String? = nil
        /// Whether a `\C` (RE2: any byte; Go: an invalid escape) was replaced
        /// by an escape RE2 rejects, `\Z`, and whether that came first.
        fileprivate var byteEscapeFirst = false
        fileprivate var original: String

        /// Go's error text for RE2's error `code` on `argument`.
        func message(re2Code code: Int, argument: String) -> String {
            if code == 13 {
                // RE2 calls a `\x{` cut short by the end "invalid UTF-8";
                // Swift strings are valid UTF-8, so nothing else can be.
                let start = original.ranges(of: "\\x{").last?.lowerBound ?? original.startIndex
                return GoRegexpSyntax.message(re2Code: 2, argument: String(original[start...]))
            }
            return GoRegexpSyntax.message(re2Code: code, argument: untranslate(argument))
        }

        /// The part of the original pattern an RE2 error `argument` blames.
        func untranslate(_ argument: String) -> String {
            if argument == "\\Z" && byteEscapeFirst { return "\\C" }
            if original.contains(argument) { return argument }
            return argument.replacing("(?P<", with: "(?<")
        }
    }

    /// Go accepts `(?<name>…)` (Go 1.22), which this RE2 only knows as
    /// `(?P<name>…)`; Go rejects `\C`, which RE2 takes as "any byte".
    /// Everything inside `\Q…\E` is literal and left alone.
    static func translate(_ source: String) -> Translation {
        let bytes = Array(source.utf8)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count + 8)
        var translation = Translation(pattern: source, original: source)
        var sawGenuineZ = false
        var inClass = false
        var groups: [Bool] = []
        var depth = 0
        var deepest = 0
        var i = 0
        while i < bytes.count {
            let byte = bytes[i]
            if byte == UInt8(ascii: "\\"), i + 1 < bytes.count {
                let next = bytes[i + 1]
                if next == UInt8(ascii: "Q") && !inClass {
                    // Literal text up to `\E` (or the end), copied as it is.
                    var j = i + 2
                    while j < bytes.count && !(bytes[j] == UInt8(ascii: "\\") && j + 1 < bytes.count && bytes[j + 1] == UInt8(ascii: "E")) {
                        j += 1
                    }
                    let end = min(bytes.count, j + 2)
                    out += bytes[i..<end]
                    i = end
                    continue
                }
                if next == UInt8(ascii: "C") {
                    if !sawGenuineZ && !translation.byteEscapeFirst { translation.byteEscapeFirst = true }
                    out += Array("\\Z".utf8)
                    i += 2
                    continue
                }
                if next == UInt8(ascii: "Z") && !translation.byteEscapeFirst { sawGenuineZ = true }
                out += [byte, next]
                i += 2
                continue
            }
            if inClass {
                if byte == UInt8(ascii: "["), i + 1 < bytes.count, bytes[i + 1] == UInt8(ascii: ":"),
                    let close = closingColonBracket(bytes, from: i + 2)
                {
                    out += bytes[i..<close]
                    i = close
                    continue
                }
                if byte == UInt8(ascii: "]") { inClass = false }
                out.append(byte)
                i += 1
                continue
            }
            if byte == UInt8(ascii: "[") {
                inClass = true
                out.append(byte)
                i += 1
                // `]` first (after an optional `^`) is a literal.
                if i < bytes.count && bytes[i] == UInt8(ascii: "^") { out.append(bytes[i]); i += 1 }
                if i < bytes.count && bytes[i] == UInt8(ascii: "]") { out.append(bytes[i]); i += 1 }
                continue
            }
            if byte == UInt8(ascii: "(") {
                // Capturing groups are levels of Go's tree; `(?:…)` and flag groups vanish.
                let plain = i + 1 >= bytes.count || bytes[i + 1] != UInt8(ascii: "?")
                let named = !plain && i + 2 < bytes.count && (bytes[i + 2] == UInt8(ascii: "P") || bytes[i + 2] == UInt8(ascii: "<"))
                groups.append(plain || named)
                if plain || named { depth += 1 }
                deepest = max(deepest, depth)
            } else if byte == UInt8(ascii: ")"), let capturing = groups.popLast(), capturing {
                depth -= 1
            }
            if byte == UInt8(ascii: "("), i + 2 < bytes.count, bytes[i + 1] == UInt8(ascii: "?"), bytes[i + 2] == UInt8(ascii: "<") {
                out += Array("(?P<".utf8)
                i += 3
                continue
            }
            out.append(byte)
            i += 1
        }
        translation.pattern = String(decoding: out, as: UTF8.self)
        // A group adds one level above what it holds (at least one more).
        if deepest + 1 > maxHeight {
            translation.error = "error parsing regexp: expression nests too deeply: `\(source)`"
        }
        return translation
    }

    /// Go's `maxHeight`: the deepest parse tree it accepts.
    static let maxHeight = 1000

    /// The index just past the `:]` closing a `[:name:]` that starts at `from`.
    private static func closingColonBracket(_ bytes: [UInt8], from: Int) -> Int? {
        var j = from
        while j + 1 < bytes.count {
            if bytes[j] == UInt8(ascii: ":") && bytes[j + 1] == UInt8(ascii: "]") { return j + 2 }
            if bytes[j] == UInt8(ascii: "]") { return nil }
            j += 1
        }
        return nil
    }

    /// Go's `syntax.Error` text for RE2's error `code` (`RE2::ErrorCode`) on
    /// `argument`: "error parsing regexp: CODE: `ARGUMENT`".
    static func message(re2Code code: Int, argument: String) -> String {
        "error parsing regexp: \(goErrorCode(re2Code: code)): `\(argument)`"
    }

    /// Go's `syntax.ErrorCode` strings, by RE2's error codes.
    static func goErrorCode(re2Code code: Int) -> String {
        switch code {
        case 2: return "invalid escape sequence"
        case 3: return "invalid character class"
        case 4: return "invalid character class range"
        case 5: return "missing closing ]"
        case 6: return "missing closing )"
        case 7: return "unexpected )"
        case 8: return "trailing backslash at end of expression"
        case 9: return "missing argument to repetition operator"
        case 10: return "invalid repeat count"
        case 11: return "invalid nested repetition operator"
        case 12: return "invalid or unsupported Perl syntax"
        case 13: return "invalid UTF-8"
        case 14: return "invalid named capture"
        case 15: return "expression too large"
        default: return "regexp/syntax: internal error"
        }
    }
}
