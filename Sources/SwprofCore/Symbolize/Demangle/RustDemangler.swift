import Foundation
/// Rust symbol names as the demangle package prints them: v0 names (`_R…`,
/// RFC 2603) and legacy names (`_ZN…17h<hash>E`).
enum RustDemangler {
    /// A legacy name (`_ZN` length-prefixed identifiers, `17h` and a 16-digit
    /// hash, `E`), with `$LT$`-style escapes and `..` decoded; nil if it is not one.
    static func legacy(_ name: Substring) -> String? {
        var u = Array(name.utf8.dropFirst(3))
        guard u.count >= 20 else { return nil }
        var seen: UInt16 = 0
        for c in u[(u.count - 17)..<(u.count - 1)] {
            guard let d = hexDigit(c) else { return nil }
            seen |= 1 << d
        }
        guard seen.nonzeroBitCount >= 5 else { return nil }
        u.removeLast(20)
        var out: [UInt8] = []
        var i = 0
        while i < u.count {
            guard ItaniumParser.isDigit(u[i]) else { return nil }
            var length = 0
            while i < u.count, ItaniumParser.isDigit(u[i]) {
                let add = Int(u[i] - 48)
                if length >= Int(Int32.max) / 10 - add { return nil }
                length = length * 10 + add
                i += 1
            }
            if i < u.count && u[i] == UInt8(ascii: "_") {
                i += 1
                length -= 1
            }
            guard length >= 0, u.count - i >= length else { return nil }
            var id = Array(u[i..<i + length])
            i += length
            if !out.isEmpty { out.append(contentsOf: "::".utf8) }
            if id.starts(with: "_$".utf8) { id.removeFirst() }
            decodeLegacyIdentifier(id, into: &out)
        }
        return String(decoding: out, as: UTF8.self)
    }

    private static let legacyCodes: [String: UInt8] = [
        "SP": UInt8(ascii: "@"), "BP": UInt8(ascii: "*"), "RF": UInt8(ascii: "&"), "LT": UInt8(ascii: "<"),
        "GT": UInt8(ascii: ">"), "LP": UInt8(ascii: "("), "RP": UInt8(ascii: ")"),
    ]

    private static func decodeLegacyIdentifier(_ id: [UInt8], into out: inout [UInt8]) {
        var j = 0
        while j < id.count {
            let c = id[j]
            if c == UInt8(ascii: "$") {
                let rest = id.count - j
                if rest > 2 && id[j + 1] == UInt8(ascii: "C") && id[j + 2] == UInt8(ascii: "$") {
                    out.append(UInt8(ascii: ","))
                    j += 3
                    continue
                }
                if rest > 4 && id[j + 1] == UInt8(ascii: "u") && id[j + 4] == UInt8(ascii: "$") {
                    if let d1 = hexDigit(id[j + 2]), let d2 = hexDigit(id[j + 3]), d1 <= 7, (d1 << 4 | d2) >= 32 {
                        out.append(d1 << 4 | d2)
                        j += 5
                        continue
                    }
                } else if rest > 3 && id[j + 3] == UInt8(ascii: "$") {
                    if let code = legacyCodes[String(decoding: id[j + 1..<j + 3], as: UTF8.self)] {
                        out.append(code)
                        j += 4
                        continue
                    }
                }
                out.append(contentsOf: id[j...])
                return
            }
            if c == UInt8(ascii: "."), j + 1 < id.count, id[j + 1] == UInt8(ascii: ".") {
                out.append(contentsOf: "::".utf8)
                j += 2
                continue
            }
            out.append(c)
            j += 1
        }
    }

    static func hexDigit(_ c: UInt8) -> UInt8? {
        switch c {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return c - 48
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return c - 87
        default: return nil
        }
    }

    /// A v0 name (a `.suffix` is dropped); nil if it does not parse.
    static func v0(_ name: String, templateArgs: Bool) -> String? {
        var body = Substring(name.dropFirst(2))
        if let dot = body.firstIndex(of: ".") { body = body[..<dot] }
        var state = RustV0State(Array(body.utf8), genericArgs: templateArgs)
        guard (try? state.symbolName()) != nil else { return nil }
        return String(decoding: state.out, as: UTF8.self)
    }
}

/// The v0 demangler's cursor and output: it prints while it parses, and
/// prints nothing while `skip` is set (the instantiating crate, impl paths,
/// generic arguments when they are not wanted).
struct RustV0State {
    private let text: [UInt8]
    private var pos = 0
    /// End of the text being read (a back reference reads an earlier part).
    private var end: Int
    private(set) var out: [UInt8] = []
    private var skip = false
    private var lifetimes: Int64 = 0
    private let genericArgs: Bool
    private var depth = 0
    /// Output longer than this stops printing (back references can repeat text exponentially).
    private static let maxOutput = 1 << 16

    init(_ text: [UInt8], genericArgs: Bool) {
        self.text = text
        self.end = text.count
        self.genericArgs = genericArgs
    }

    private var atEnd: Bool { pos >= end }
    private func peek() -> UInt8? { pos < end ? text[pos] : nil }
    private func at(_ c: Character) -> Bool { peek() == c.asciiValue! }
    private func fail(_ m: String) -> DemangleError { DemangleError(message: m) }
    private mutating func expect(_ c: Character) throws {
        guard at(c) else { throw fail("expected \(c)") }
        pos += 1
    }

    private mutating func write(_ s: String) {
        guard !skip else { return }
        if out.count > Self.maxOutput {
            skip = true
            return
        }
        out.append(contentsOf: s.utf8)
    }

    private mutating func write(_ b: UInt8) {
        guard !skip else { return }
        if out.count > Self.maxOutput {
            skip = true
            return
        }
        out.append(b)
    }

    private var last: UInt8 { out.last ?? 0 }

    private mutating func nest() throws {
        depth += 1
        if depth > 500 { throw fail("too deeply nested") }
    }

    mutating func symbolName() throws {
        guard let c = peek() else { throw fail("expected symbol-name") }
        if ItaniumParser.isDigit(c) { throw fail("unsupported Rust encoding version") }
        try path(needsSeparator: true)
        if !atEnd {
            skip = true
            try path(needsSeparator: false)
        }
        if !atEnd { throw fail("unparsed characters at end of mangled name") }
    }

    private mutating func path(needsSeparator: Bool) throws {
        try nest()
        defer { depth -= 1 }
        guard let c = peek() else { throw fail("expected path") }
        switch c {
        case UInt8(ascii: "C"):
            pos += 1
            write(try identifier().1)
        case UInt8(ascii: "M"), UInt8(ascii: "X"):
            pos += 1
            try implPath()
            write("<")
            try demangleType()
            if c == UInt8(ascii: "X") {
                write(" as ")
                try path(needsSeparator: false)
            }
            write(">")
        case UInt8(ascii: "Y"):
            pos += 1
            write("<")
            try demangleType()
            write(" as ")
            try path(needsSeparator: false)
            write(">")
        case UInt8(ascii: "N"):
            pos += 1
            guard let ns = peek(), ItaniumParser.isLower(ns) || ItaniumParser.isUpper(ns) else {
                throw fail("invalid namespace character")
            }
            pos += 1
            try path(needsSeparator: needsSeparator)
            let (dis, ident) = try identifier()
            if ItaniumParser.isUpper(ns) {
                write("::{")
                if ns == UInt8(ascii: "C") {
                    write("closure")
                } else if ns == UInt8(ascii: "S") {
                    write("shim")
                } else {
                    write(ns)
                }
                if !ident.isEmpty {
                    write(":")
                    write(ident)
                }
                write("#\(dis)}")
            } else {
                write("::")
                write(ident)
            }
        case UInt8(ascii: "I"):
            pos += 1
            try path(needsSeparator: needsSeparator)
            if needsSeparator { write("::") }
            write("<")
            try genericArgList()
            write(">")
            try expect("E")
        case UInt8(ascii: "B"):
            try backref { try $0.path(needsSeparator: needsSeparator) }
        default:
            throw fail("unrecognized letter in path")
        }
    }

    private mutating func implPath() throws {
        let hold = skip
        skip = true
        defer { skip = hold }
        _ = try disambiguator()
        try path(needsSeparator: false)
    }

    private mutating func identifier() throws -> (Int64, String) {
        let dis = try disambiguator()
        return (dis, try undisambiguatedIdentifier().0)
    }

    private mutating func disambiguator() throws -> Int64 {
        guard at("s") else { return 0 }
        pos += 1
        return try base62Number() &+ 1
    }

    private mutating func undisambiguatedIdentifier() throws -> (String, Bool) {
        var punycode = false
        if at("u") {
            pos += 1
            punycode = true
        }
        let n = try decimalNumber()
        if at("_") { pos += 1 }
        guard end - pos >= n else { throw fail("not enough characters for identifier") }
        let id = text[pos..<pos + n]
        pos += n
        for c in id where !(ItaniumParser.isDigit(c) || ItaniumParser.isLower(c) || ItaniumParser.isUpper(c) || c == UInt8(ascii: "_")) {
            throw fail("invalid character in identifier")
        }
        let s = String(decoding: id, as: UTF8.self)
        return (punycode ? try expandPunycode(s) : s, punycode)
    }

    /// Rust's punycode (RFC 3492 with `_` as the delimiter).
    private func expandPunycode(_ s: String) throws -> String {
        let base = 36, tmin = 1, tmax = 26, skew = 38, damp = 700
        var output: [Unicode.Scalar] = []
        var encoding = Array(s.utf8)
        if let idx = encoding.lastIndex(of: UInt8(ascii: "_")) {
            output = String(decoding: encoding[..<idx], as: UTF8.self).unicodeScalars.map { $0 }
            encoding = Array(encoding[(idx + 1)...])
        }
        var i = 0, n = 128, bias = 72, p = 0
        while p < encoding.count {
            let oldI = i
            var w = 1
            var k = base
            while true {
                guard p < encoding.count else { throw fail("unterminated punycode") }
                let d = encoding[p]
                p += 1
                let digit: Int
                switch d {
                case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = Int(d) - 48 + 26
                case UInt8(ascii: "A")...UInt8(ascii: "Z"): digit = Int(d) - 65
                case UInt8(ascii: "a")...UInt8(ascii: "z"): digit = Int(d) - 97
                default: throw fail("invalid punycode digit")
                }
                let (sum, overflow) = i.addingReportingOverflow(digit * w)
                guard !overflow, sum >= 0, sum <= Int(Int32.max) else { throw fail("punycode number overflow") }
                i = sum
                let t = k <= bias ? tmin : k > bias + tmax ? tmax : k - bias
                if digit < t { break }
                if w >= Int(Int32.max) / base { throw fail("punycode number overflow") }
                w *= base - t
                k += base
            }
            var delta = i - oldI
            let numPoints = output.count + 1
            delta = oldI == 0 ? delta / damp : delta / 2
            delta += delta / numPoints
            var kk = 0
            while delta > ((base - tmin) * tmax) / 2 {
                delta /= base - tmin
                kk += base
            }
            bias = kk + ((base - tmin + 1) * delta) / (delta + skew)
            n += i / (output.count + 1)
            guard n <= 0x10FFFF, let scalar = Unicode.Scalar(UInt32(n)) else { throw fail("punycode invalid code point") }
            i %= output.count + 1
            output.insert(scalar, at: i)
            i += 1
        }
        var r = ""
        r.unicodeScalars.append(contentsOf: output)
        return r
    }

    private mutating func genericArgList() throws {
        let hold = skip
        if !genericArgs { skip = true }
        defer { skip = hold }
        var first = true
        while let c = peek(), c != UInt8(ascii: "E") {
            if !first { write(", ") }
            first = false
            try genericArg()
        }
    }

    private mutating func genericArg() throws {
        guard let c = peek() else { throw fail("expected generic-arg") }
        if c == UInt8(ascii: "L") {
            pos += 1
            try writeLifetime(try base62Number())
        } else if c == UInt8(ascii: "K") {
            pos += 1
            try demangleConst()
        } else {
            try demangleType()
        }
    }

    private mutating func binder() throws {
        guard at("G") else { return }
        pos += 1
        let count = try base62Number() + 1
        if count >= Int64(end - pos) - lifetimes { throw fail("binder lifetimes overflow") }
        write("for<")
        for i in 0..<count {
            if i > 0 { write(", ") }
            lifetimes += 1
            try writeLifetime(1)
        }
        write("> ")
    }

    private static let basicTypes: [UInt8: String] = [
        UInt8(ascii: "a"): "i8", UInt8(ascii: "b"): "bool", UInt8(ascii: "c"): "char", UInt8(ascii: "d"): "f64",
        UInt8(ascii: "e"): "str", UInt8(ascii: "f"): "f32", UInt8(ascii: "h"): "u8", UInt8(ascii: "i"): "isize",
        UInt8(ascii: "j"): "usize", UInt8(ascii: "l"): "i32", UInt8(ascii: "m"): "u32", UInt8(ascii: "n"): "i128",
        UInt8(ascii: "o"): "u128", UInt8(ascii: "p"): "_", UInt8(ascii: "s"): "i16", UInt8(ascii: "t"): "u16",
        UInt8(ascii: "u"): "()", UInt8(ascii: "v"): "...", UInt8(ascii: "x"): "i64", UInt8(ascii: "y"): "u64",
        UInt8(ascii: "z"): "!",
    ]

    private mutating func demangleType() throws {
        try nest()
        defer { depth -= 1 }
        guard let c = peek() else { throw fail("expected type") }
        if ItaniumParser.isLower(c) {
            guard let name = Self.basicTypes[c] else { throw fail("unrecognized basic type character") }
            pos += 1
            write(name)
            return
        }
        switch c {
        case UInt8(ascii: "C"), UInt8(ascii: "M"), UInt8(ascii: "X"), UInt8(ascii: "Y"), UInt8(ascii: "N"), UInt8(ascii: "I"):
            try path(needsSeparator: false)
        case UInt8(ascii: "A"), UInt8(ascii: "S"):
            pos += 1
            write("[")
            try demangleType()
            if c == UInt8(ascii: "A") {
                write("; ")
                try demangleConst()
            }
            write("]")
        case UInt8(ascii: "T"):
            pos += 1
            write("(")
            var count = 0
            while let d = peek(), d != UInt8(ascii: "E") {
                if count > 0 { write(", ") }
                count += 1
                try demangleType()
            }
            if count == 1 { write(",") }
            write(")")
            try expect("E")
        case UInt8(ascii: "R"), UInt8(ascii: "Q"):
            pos += 1
            write("&")
            if at("L") {
                pos += 1
                let lifetime = try base62Number()
                if lifetime > 0 {
                    try writeLifetime(lifetime)
                    write(" ")
                }
            }
            if c == UInt8(ascii: "Q") { write("mut ") }
            try demangleType()
        case UInt8(ascii: "P"):
            pos += 1
            write("*const ")
            try demangleType()
        case UInt8(ascii: "O"):
            pos += 1
            write("*mut ")
            try demangleType()
        case UInt8(ascii: "F"):
            pos += 1
            let hold = lifetimes
            try fnSig()
            lifetimes = hold
        case UInt8(ascii: "D"):
            pos += 1
            let hold = lifetimes
            try dynBounds()
            lifetimes = hold
            try expect("L")
            let lifetime = try base62Number()
            if lifetime > 0 {
                if last != UInt8(ascii: " ") { write(" ") }
                write("+ ")
                try writeLifetime(lifetime)
            }
        case UInt8(ascii: "B"):
            try backref { try $0.demangleType() }
        default:
            throw fail("unrecognized character in type")
        }
    }

    private mutating func fnSig() throws {
        try binder()
        if at("U") {
            pos += 1
            write("unsafe ")
        }
        if at("K") {
            pos += 1
            if at("C") {
                pos += 1
                write("extern \"C\" ")
            } else {
                write("extern \"")
                let (id, punycode) = try undisambiguatedIdentifier()
                if punycode { throw fail("punycode used in ABI string") }
                write(id.replacingOccurrences(of: "_", with: "-"))
                write("\" ")
            }
        }
        write("fn(")
        var first = true
        while let c = peek(), c != UInt8(ascii: "E") {
            if !first { write(", ") }
            first = false
            try demangleType()
        }
        try expect("E")
        write(")")
        if at("u") {
            pos += 1
        } else {
            write(" -> ")
            try demangleType()
        }
    }

    private mutating func dynBounds() throws {
        write("dyn ")
        try binder()
        var first = true
        while let c = peek(), c != UInt8(ascii: "E") {
            if !first { write(" + ") }
            first = false
            try dynTrait()
        }
        try expect("E")
    }

    private mutating func dynTrait() throws {
        var started = try pathStartGenerics()
        while at("p") {
            pos += 1
            if started {
                write(", ")
            } else {
                write("<")
                started = true
            }
            write(try undisambiguatedIdentifier().0)
            write(" = ")
            try demangleType()
        }
        if started { write(">") }
    }

    private mutating func pathStartGenerics() throws -> Bool {
        guard let c = peek() else { throw fail("expected path") }
        switch c {
        case UInt8(ascii: "I"):
            pos += 1
            try path(needsSeparator: false)
            write("<")
            try genericArgList()
            try expect("E")
            return true
        case UInt8(ascii: "B"):
            var started = false
            try backref { started = try $0.pathStartGenerics() }
            return started
        default:
            try path(needsSeparator: false)
            return false
        }
    }

    private mutating func writeLifetime(_ lifetime: Int64) throws {
        write("'")
        if lifetime == 0 {
            write("_")
            return
        }
        let depth = lifetimes - lifetime
        if depth < 0 { throw fail("invalid lifetime") }
        if depth < 26 {
            write(UInt8(ascii: "a") + UInt8(depth))
        } else {
            write("z\(depth - 26 + 1)")
        }
    }

    private mutating func demangleConst() throws {
        guard let t = peek() else { throw fail("expected constant") }
        if t == UInt8(ascii: "B") {
            try backref { try $0.demangleConst() }
            return
        }
        if t == UInt8(ascii: "p") {
            pos += 1
            write("_")
            return
        }
        enum Kind { case signed, unsigned, boolean, character }
        let kind: Kind
        switch t {
        case UInt8(ascii: "a"), UInt8(ascii: "s"), UInt8(ascii: "l"), UInt8(ascii: "x"), UInt8(ascii: "n"), UInt8(ascii: "i"):
            kind = .signed
        case UInt8(ascii: "h"), UInt8(ascii: "t"), UInt8(ascii: "m"), UInt8(ascii: "y"), UInt8(ascii: "o"), UInt8(ascii: "j"):
            kind = .unsigned
        case UInt8(ascii: "b"): kind = .boolean
        case UInt8(ascii: "c"): kind = .character
        default: throw fail("unrecognized constant type")
        }
        pos += 1
        if kind == .signed && at("n") {
            pos += 1
            write("-")
        }
        let start = pos
        var digits = 0
        var value: UInt64 = 0
        while let c = peek() {
            if c == UInt8(ascii: "_") {
                pos += 1
                break
            }
            guard let d = RustDemangler.hexDigit(c) else { throw fail("expected hex digit or _") }
            pos += 1
            if value == 0 && d == 0 && !at("_") { throw fail("invalid leading 0 in constant") }
            value = value &* 16 &+ UInt64(d)
            digits += 1
        }
        if digits == 0 { throw fail("expected constant") }
        switch kind {
        case .signed, .unsigned:
            if digits > 16 {
                write("0x")
                write(String(decoding: text[start..<start + digits], as: UTF8.self))
            } else {
                write(String(value))
            }
        case .boolean:
            guard digits == 1, value <= 1 else { throw fail("invalid boolean value") }
            write(value == 0 ? "false" : "true")
        case .character:
            if digits > 6 { throw fail("character value too large") }
            write("'")
            switch value {
            case 9: write("\\t")
            case 13: write("\\r")
            case 10: write("\\n")
            case 92: write("\\\\")
            case 39: write("\\'")
            case 32...126: write(UInt8(value))
            default: write("\\u{" + String(value, radix: 16) + "}")
            }
            write("'")
        }
    }

    private mutating func base62Number() throws -> Int64 {
        if at("_") {
            pos += 1
            return 0
        }
        var value: Int64 = 0
        while let c = peek() {
            pos += 1
            if c == UInt8(ascii: "_") { return value &+ 1 }
            value = value &* 62  // wraps, as the package's int64 does (crate hashes are long)
            switch c {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): value = value &+ Int64(c - 48)
            case UInt8(ascii: "a")...UInt8(ascii: "z"): value = value &+ Int64(c - 97 + 10)
            case UInt8(ascii: "A")...UInt8(ascii: "Z"): value = value &+ Int64(c - 65 + 36)
            default: throw fail("invalid digit in base 62 number")
            }
        }
        throw fail("expected _ after base 62 number")
    }

    /// A back reference: the text at an earlier offset read again (not read while skipping).
    private mutating func backref(_ demangle: (inout RustV0State) throws -> Void) throws {
        let backOffset = pos
        try expect("B")
        let index = try base62Number()
        if skip { return }
        guard index >= 0, index < Int64(backOffset) else { throw fail("invalid backref index") }
        let (holdPos, holdEnd) = (pos, end)
        pos = Int(index)
        end = backOffset
        defer { (pos, end) = (holdPos, holdEnd) }
        try nest()
        defer { depth -= 1 }
        try demangle(&self)
    }

    private mutating func decimalNumber() throws -> Int {
        guard !atEnd else { throw fail("expected number") }
        var value = 0
        while let c = peek(), ItaniumParser.isDigit(c) {
            let add = Int(c - 48)
            if value >= Int(Int32.max) / 10 - add { throw fail("decimal number overflow") }
            value = value * 10 + add
            pos += 1
        }
        return value
    }
}
