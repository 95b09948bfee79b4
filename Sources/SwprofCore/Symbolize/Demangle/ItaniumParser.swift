/// A mangled name the demangler could not read (the name is then shown as it is).
struct DemangleError: Error {
    let message: String
}

/// Parses Itanium C++ ABI names (`_Z…`, after the prefix) into `DemangleNode`
/// trees, as the demangle package pprof uses reads them: the same grammar,
/// substitution candidates, template-parameter binding and clone suffixes.
/// Module names, C++20 requires-clauses and explicit lambda template
/// parameters are not read (such names stay mangled).
struct ItaniumParser {
    private var bytes: [UInt8]
    private var pos = 0
    private var subs: [DemangleNode] = []
    private var templates: [DemangleNode?] = []
    /// Count of `templates` when a lambda began, plus one (0: not in a lambda).
    private var lambdaTemplateLevel = 0
    /// Every template parameter made, so their back references can be cleared.
    private(set) var params: [DemangleNode] = []
    /// Nesting of types, expressions and encodings being read (bounded, so hostile names cannot exhaust the stack).
    private var depth = 0

    init(_ text: Substring) {
        bytes = Array(text.utf8)
    }

    private var atEnd: Bool { pos >= bytes.count }
    private var remaining: Int { bytes.count - pos }
    private func peek(_ offset: Int = 0) -> UInt8? { pos + offset < bytes.count ? bytes[pos + offset] : nil }
    private func at(_ c: Character, _ offset: Int = 0) -> Bool { peek(offset) == c.asciiValue! }
    private func hasPrefix(_ s: StaticString) -> Bool {
        let n = s.utf8CodeUnitCount
        guard remaining >= n else { return false }
        let p = s.utf8Start
        for i in 0..<n where bytes[pos + i] != p[i] { return false }
        return true
    }
    private mutating func advance(_ n: Int = 1) { pos += n }
    private func fail(_ message: String) -> DemangleError { DemangleError(message: message) }
    private mutating func expect(_ c: Character, _ message: String) throws {
        guard at(c) else { throw fail(message) }
        advance()
    }

    static func isDigit(_ c: UInt8?) -> Bool { c.map { $0 >= 48 && $0 <= 57 } ?? false }
    static func isUpper(_ c: UInt8?) -> Bool { c.map { $0 >= 65 && $0 <= 90 } ?? false }
    static func isLower(_ c: UInt8?) -> Bool { c.map { $0 >= 97 && $0 <= 122 } ?? false }

    /// The whole name after `_Z`: an encoding, then clone suffixes when `clones`.
    /// Without `params` the parameters are not read and what follows the name is ignored.
    mutating func parseTop(params: Bool, clones: Bool) throws -> DemangleNode {
        var a = try encoding(params: params, local: false)
        if clones {
            while remaining > 1 && at(".") && (Self.isLower(peek(1)) || at("_", 1) || Self.isDigit(peek(1))) {
                a = cloneSuffix(a)
            }
            if !atEnd { throw fail("unparsed characters at end of mangled name") }
        }
        return a
    }

    // MARK: - Names

    private mutating func nest() throws {
        depth += 1
        if depth > 300 { throw fail("too deeply nested") }
    }

    private mutating func encoding(params: Bool, local: Bool) throws -> DemangleNode {
        try nest()
        defer { depth -= 1 }
        guard let c = peek() else { throw fail("expected encoding") }
        if c == UInt8(ascii: "G") || c == UInt8(ascii: "T") { return try specialName() }
        var a = try name()
        a = simplify(a)
        if !params {
            if a.kind == .methodWithQualifiers { a = a.a! }
            if a.kind == .qualified && a.flag {
                dropMethodQualifiers(of: a)
            }
            return a
        }
        if atEnd || at("E") { return a }

        let mwq = a.kind == .methodWithQualifiers ? a : nil
        let template = findTemplate(a)
        var oldLambdaLevel = 0
        if let template {
            templates.append(template)
            oldLambdaLevel = lambdaTemplateLevel
            lambdaTemplateLevel = 0
        }
        var enableIfArgs: [DemangleNode] = []
        if hasPrefix("Ua9enable_ifI") {
            advance("Ua9enable_if".utf8.count)
            enableIfArgs = try templateArgs()
        }
        var ft = try bareFunctionType(hasReturnType: Self.hasReturnType(a))
        if at("Q") { throw fail("requires clauses are not supported") }
        if template != nil {
            templates.removeLast()
            lambdaTemplateLevel = oldLambdaLevel
        }
        ft = simplify(ft)
        if local, ft.kind == .functionType { ft.flag = true }
        if let mwq {
            a = mwq.a!
            mwq.a = ft
            ft = mwq
        }
        if a.kind == .qualified && a.flag {
            var holder = a
            var p = a.b!
            if p.kind == .defaultArg {
                holder = p
                p = p.a!
            }
            if p.kind == .methodWithQualifiers {
                if holder.kind == .defaultArg { holder.a = p.a } else { holder.b = p.a }
                p.a = ft
                ft = p
            }
        }
        var r = DemangleNode(.typed, a: a, b: ft)
        if !enableIfArgs.isEmpty { r = DemangleNode(.enableIf, a: r, list: enableIfArgs) }
        return r
    }

    /// Drops the qualifiers of a local name's method (they belong to the parameters not shown).
    private func dropMethodQualifiers(of q: DemangleNode) {
        if let n = q.b, n.kind == .defaultArg, let inner = n.a, inner.kind == .methodWithQualifiers {
            n.a = inner.a
        } else if let n = q.b, n.kind == .methodWithQualifiers {
            q.b = n.a
        }
    }

    private func findTemplate(_ n: DemangleNode) -> DemangleNode? {
        switch n.kind {
        case .template: return n
        case .qualified:
            if n.flag || n.b!.kind == .constructor { return findTemplate(n.b!) }
        case .methodWithQualifiers: return findTemplate(n.a!)
        case .constructor: if let base = n.b { return findTemplate(base) }
        default: break
        }
        return nil
    }

    static func hasReturnType(_ n: DemangleNode) -> Bool {
        switch n.kind {
        case .qualified: return n.flag ? hasReturnType(n.b!) : false
        case .template: return !isCDtorConversion(n.a!)
        case .typeWithQualifiers, .methodWithQualifiers: return hasReturnType(n.a!)
        default: return false
        }
    }

    static func isCDtorConversion(_ n: DemangleNode) -> Bool {
        switch n.kind {
        case .qualified: return isCDtorConversion(n.b!)
        case .constructor, .destructor, .cast: return true
        default: return false
        }
    }

    private mutating func taggedName(_ node: DemangleNode) throws -> DemangleNode {
        var a = node
        while at("B") {
            advance()
            let tag = try sourceName()
            a = DemangleNode(.taggedName, a: a, b: tag)
        }
        return a
    }

    private mutating func name() throws -> DemangleNode {
        guard let c = peek() else { throw fail("expected name") }
        switch c {
        case UInt8(ascii: "N"): return try nestedName()
        case UInt8(ascii: "Z"): return try localName()
        case UInt8(ascii: "U"):
            let (a, isCast) = try unqualifiedName()
            if isCast { try setTemplate(a, nil) }
            return a
        case UInt8(ascii: "S"):
            guard remaining >= 2 else { throw fail("expected substitution index") }
            let a: DemangleNode
            var isCast = false
            var subst = false
            if at("t", 1) {
                advance(2)
                let (u, cast) = try unqualifiedName()
                isCast = cast
                a = DemangleNode(.qualified, a: .name("std"), b: u)
            } else {
                a = try substitution(forPrefix: false)
                subst = true
            }
            return try withTemplateArgs(a, isCast: isCast, candidate: !subst)
        default:
            let (a, isCast) = try unqualifiedName()
            return try withTemplateArgs(a, isCast: isCast, candidate: true)
        }
    }

    /// An unscoped name, with the template arguments that follow it (the name
    /// then a substitution candidate when `candidate`); a cast operator's
    /// template parameters bound to them.
    private mutating func withTemplateArgs(_ name: DemangleNode, isCast: Bool, candidate: Bool) throws -> DemangleNode {
        guard at("I") else {
            if isCast { try setTemplate(name, nil) }
            return name
        }
        if candidate { subs.append(name) }
        let args = try templateArgs()
        let tmpl = DemangleNode(.template, a: name, list: args)
        if isCast {
            try setTemplate(name, tmpl)
            try clearTemplateArgs(args)
        }
        return tmpl
    }

    private mutating func nestedName() throws -> DemangleNode {
        advance()  // N
        if at("H") { throw fail("explicit object parameters are not supported") }
        let q = try cvQualifiers()
        let r = refQualifier()
        var a = try prefix()
        if q != nil || !r.isEmpty {
            a = DemangleNode(.methodWithQualifiers, r, a: a, b: q)
        }
        try expect("E", "expected E after nested name")
        return a
    }

    private static func lastName(_ node: DemangleNode) -> DemangleNode {
        var a = node
        while true {
            switch a.kind {
            case .template: a = a.a!
            case .qualified: a = a.b!
            case .taggedName: a = a.a!
            default: return a
            }
        }
    }

    private mutating func prefix() throws -> DemangleNode {
        var a: DemangleNode? = nil
        var last: DemangleNode? = nil
        var cast: DemangleNode? = nil
        while true {
            guard let c = peek() else { throw fail("expected prefix") }
            var next: DemangleNode? = nil
            if Self.isDigit(c) || Self.isLower(c) || c == UInt8(ascii: "U") || c == UInt8(ascii: "L")
                || c == UInt8(ascii: "F") || (c == UInt8(ascii: "D") && at("C", 1))
            {
                var (un, isCast) = try unqualifiedName()
                next = un
                if isCast {
                    if un.kind == .taggedName { un = un.a! }
                    cast = un
                }
            } else {
                switch c {
                case UInt8(ascii: "C"):
                    advance()
                    var inheriting = false
                    if at("I") {
                        inheriting = true
                        advance()
                    }
                    guard !atEnd else { throw fail("expected constructor type") }
                    guard let last else { throw fail("constructor before name is seen") }
                    advance()
                    var base: DemangleNode? = nil
                    if inheriting { base = try demangleType(isCast: false) }
                    next = DemangleNode(.constructor, a: Self.lastName(last), b: base)
                    if at("B") { next = try taggedName(next!) }
                case UInt8(ascii: "D"):
                    if at("T", 1) || at("t", 1) {
                        next = try demangleType(isCast: false)
                    } else {
                        guard remaining >= 2 else { throw fail("expected destructor type") }
                        guard let last else { throw fail("destructor before name is seen") }
                        advance(2)
                        next = DemangleNode(.destructor, a: Self.lastName(last))
                        if at("B") { next = try taggedName(next!) }
                    }
                case UInt8(ascii: "S"):
                    next = try substitution(forPrefix: true)
                case UInt8(ascii: "I"):
                    guard let prev = a else { throw fail("unexpected template arguments") }
                    let args = try templateArgs()
                    let tmpl = DemangleNode(.template, a: prev, list: args)
                    if let c = cast {
                        try setTemplate(c, tmpl)
                        try clearTemplateArgs(args)
                        cast = nil
                    }
                    a = nil
                    next = tmpl
                case UInt8(ascii: "T"):
                    next = try templateParam()
                case UInt8(ascii: "E"):
                    guard let a else { throw fail("expected prefix") }
                    if let c = cast {
                        try setTemplate(c, c.a!.kind == .template ? c.a : nil)
                    }
                    return a
                case UInt8(ascii: "M"):
                    guard a != nil else { throw fail("unexpected lambda initializer") }
                    advance()
                    continue
                default:
                    throw fail("unrecognized letter in prefix")
                }
            }
            guard let n = next else { continue }
            last = n
            a = a.map { DemangleNode(.qualified, a: $0, b: n) } ?? n
            if c != UInt8(ascii: "S") && !at("E") { subs.append(a!) }
        }
    }

    private mutating func unqualifiedName() throws -> (DemangleNode, Bool) {
        guard let c = peek() else { throw fail("expected unqualified name") }
        if c == UInt8(ascii: "W") { throw fail("module names are not supported") }
        var friend = false
        var ch = c
        if c == UInt8(ascii: "F") {
            advance()
            friend = true
            guard let n = peek() else { throw fail("expected unqualified name") }
            ch = n
        }
        var a: DemangleNode
        var isCast = false
        if Self.isDigit(ch) {
            a = try sourceName()
        } else if Self.isLower(ch) {
            a = try operatorName(inExpression: false).0
            if a.kind == .cast { isCast = true }
            if a.kind == .op && a.text == "operator\"\" " {
                let n = try sourceName()
                a = DemangleNode(.unary, a: a, b: n)
            }
        } else if ch == UInt8(ascii: "D") && at("C", 1) {
            advance(2)
            var bindings: [DemangleNode] = []
            while true {
                bindings.append(try sourceName())
                if at("E") {
                    advance()
                    break
                }
            }
            a = DemangleNode(.structuredBindings, list: bindings)
        } else {
            switch ch {
            case UInt8(ascii: "L"):
                advance()
                a = try sourceName()
                a = try discriminator(a)
            case UInt8(ascii: "U"):
                guard remaining >= 2 else { throw fail("expected closure or unnamed type") }
                switch peek(1) {
                case UInt8(ascii: "b"):
                    advance(2)
                    _ = try compactNumber()
                    a = .name("'block-literal'")
                case UInt8(ascii: "l"): a = try closureTypeName()
                case UInt8(ascii: "t"): a = try unnamedTypeName()
                default: throw fail("expected closure or unnamed type")
                }
            default:
                throw fail("expected unqualified name")
            }
        }
        if at("B") { a = try taggedName(a) }
        if friend { a = DemangleNode(.friend, a: a) }
        return (a, isCast)
    }

    private mutating func sourceName() throws -> DemangleNode {
        let n = try number()
        guard n > 0 else { throw fail("expected positive number") }
        guard remaining >= n else { throw fail("not enough characters for identifier") }
        var id = String(decoding: bytes[pos..<pos + n], as: UTF8.self)
        advance(n)
        let anon = Array("_GLOBAL_".utf8)
        let u = Array(id.utf8)
        if u.count > anon.count + 2 && Array(u[0..<anon.count]) == anon {
            let c1 = u[anon.count], c2 = u[anon.count + 1]
            if (c1 == UInt8(ascii: ".") || c1 == UInt8(ascii: "_") || c1 == UInt8(ascii: "$")) && c2 == UInt8(ascii: "N") {
                id = "(anonymous namespace)"
            }
        }
        return .name(id)
    }

    private mutating func number() throws -> Int {
        var negative = false
        if at("n") {
            negative = true
            advance()
        }
        guard Self.isDigit(peek()) else { throw fail("missing number") }
        var value = 0
        while let c = peek(), Self.isDigit(c) {
            if value >= 0x8000_0000 / 10 - 10 { throw fail("numeric overflow") }
            value = value * 10 + Int(c - 48)
            advance()
        }
        return negative ? -value : value
    }

    private mutating func seqID(eofOK: Bool) throws -> Int {
        if at("_") {
            advance()
            return 0
        }
        var id = 0
        while true {
            guard let c = peek() else {
                if eofOK { return id + 1 }
                throw fail("missing end to sequence ID")
            }
            if id >= 0x8000_0000 / 36 - 36 { throw fail("sequence ID overflow") }
            if c == UInt8(ascii: "_") {
                advance()
                return id + 1
            }
            if Self.isDigit(c) {
                id = id * 36 + Int(c - 48)
            } else if Self.isUpper(c) {
                id = id * 36 + Int(c - 65) + 10
            } else {
                throw fail("invalid character in sequence ID")
            }
            advance()
        }
    }

    /// Mangled operator codes: spelling and operand count.
    static let operators: [String: (String, Int)] = [
        "aN": ("&=", 2), "aS": ("=", 2), "aa": ("&&", 2), "ad": ("&", 1), "an": ("&", 2),
        "at": ("alignof ", 1), "aw": ("co_await ", 1), "az": ("alignof ", 1), "cc": ("const_cast", 2),
        "cl": ("()", 2), "cp": ("()", 2), "cm": (",", 2), "co": ("~", 1), "dV": ("/=", 2),
        "dX": ("[...]=", 3), "da": ("delete[] ", 1), "dc": ("dynamic_cast", 2), "de": ("*", 1),
        "di": ("=", 2), "dl": ("delete ", 1), "ds": (".*", 2), "dt": (".", 2), "dv": ("/", 2),
        "dx": ("]=", 2), "eO": ("^=", 2), "eo": ("^", 2), "eq": ("==", 2), "fl": ("...", 2),
        "fr": ("...", 2), "fL": ("...", 3), "fR": ("...", 3), "ge": (">=", 2), "gs": ("::", 1),
        "gt": (">", 2), "ix": ("[]", 2), "lS": ("<<=", 2), "le": ("<=", 2), "li": ("operator\"\" ", 1),
        "ls": ("<<", 2), "lt": ("<", 2), "mI": ("-=", 2), "mL": ("*=", 2), "mi": ("-", 2),
        "ml": ("*", 2), "mm": ("--", 1), "na": ("new[]", 3), "ne": ("!=", 2), "ng": ("-", 1),
        "nt": ("!", 1), "nw": ("new", 3), "nx": ("noexcept", 1), "oR": ("|=", 2), "oo": ("||", 2),
        "or": ("|", 2), "pL": ("+=", 2), "pl": ("+", 2), "pm": ("->*", 2), "pp": ("++", 1),
        "ps": ("+", 1), "pt": ("->", 2), "qu": ("?", 3), "rM": ("%=", 2), "rS": (">>=", 2),
        "rc": ("reinterpret_cast", 2), "rm": ("%", 2), "rs": (">>", 2), "sP": ("sizeof...", 1),
        "sZ": ("sizeof...", 1), "sc": ("static_cast", 2), "ss": ("<=>", 2), "st": ("sizeof ", 1),
        "sz": ("sizeof ", 1), "te": ("typeid ", 1), "ti": ("typeid ", 1), "tr": ("throw", 0),
        "tw": ("throw ", 1),
    ]

    private mutating func operatorName(inExpression: Bool) throws -> (DemangleNode, Int) {
        guard remaining >= 2 else { throw fail("missing operator code") }
        let code = String(decoding: bytes[pos..<pos + 2], as: UTF8.self)
        advance(2)
        let first = code.utf8.first!, second = code.utf8.last!
        if first == UInt8(ascii: "v") && Self.isDigit(second) {
            let n = try sourceName()
            return (DemangleNode(.op, n.text), Int(second - 48))
        }
        if code == "cv" {
            if !inExpression { templates.append(nil) }
            let t = try demangleType(isCast: !inExpression)
            if !inExpression { templates.removeLast() }
            return (DemangleNode(.cast, a: t), 1)
        }
        guard let op = Self.operators[code] else { throw fail("unrecognized operator code") }
        return (DemangleNode(.op, op.0), op.1)
    }

    private mutating func localName() throws -> DemangleNode {
        advance()  // Z
        let fn = try encoding(params: true, local: true)
        try expect("E", "expected E after local name")
        if at("s") {
            advance()
            let n = try discriminator(.name("string literal"))
            return DemangleNode(.qualified, a: fn, b: n, flag: true)
        }
        var num = -1
        if at("d") {
            advance()
            num = try compactNumber()
        }
        var n = try name()
        n = try discriminator(n)
        if num >= 0 { n = DemangleNode(.defaultArg, a: n, index: num) }
        return DemangleNode(.qualified, a: fn, b: n, flag: true)
    }

    private mutating func specialName() throws -> DemangleNode {
        func special(_ prefix: String, _ v: DemangleNode) -> DemangleNode { DemangleNode(.special, prefix, a: v) }
        let first = peek()!
        advance()
        guard let c = peek() else { throw fail("expected special name code") }
        advance()
        if first == UInt8(ascii: "T") {
            switch c {
            case UInt8(ascii: "V"): return special("vtable for ", try demangleType(isCast: false))
            case UInt8(ascii: "T"): return special("VTT for ", try demangleType(isCast: false))
            case UInt8(ascii: "I"): return special("typeinfo for ", try demangleType(isCast: false))
            case UInt8(ascii: "S"): return special("typeinfo name for ", try demangleType(isCast: false))
            case UInt8(ascii: "A"): return special("template parameter object for ", try templateArg(prev: []))
            case UInt8(ascii: "h"):
                try callOffset(UInt8(ascii: "h"))
                return special("non-virtual thunk to ", try encoding(params: true, local: false))
            case UInt8(ascii: "v"):
                try callOffset(UInt8(ascii: "v"))
                return special("virtual thunk to ", try encoding(params: true, local: false))
            case UInt8(ascii: "c"):
                try callOffset(nil)
                try callOffset(nil)
                return special("covariant return thunk to ", try encoding(params: true, local: false))
            case UInt8(ascii: "C"):
                let derived = try demangleType(isCast: false)
                guard try number() >= 0 else { throw fail("expected positive offset") }
                try expect("_", "expected _ after number")
                let base = try demangleType(isCast: false)
                let n = DemangleNode(.special2, "construction vtable for ", a: base, b: derived)
                n.text2 = "-in-"
                return n
            case UInt8(ascii: "F"): return special("typeinfo fn for ", try demangleType(isCast: false))
            case UInt8(ascii: "J"): return special("java Class for ", try demangleType(isCast: false))
            case UInt8(ascii: "H"): return special("TLS init function for ", try name())
            case UInt8(ascii: "W"): return special("TLS wrapper function for ", try name())
            default: throw fail("unrecognized special T name code")
            }
        }
        switch c {
        case UInt8(ascii: "V"): return special("guard variable for ", try name())
        case UInt8(ascii: "R"):
            let n = try name()
            _ = try seqID(eofOK: true)
            return special("reference temporary for ", n)
        case UInt8(ascii: "A"): return special("hidden alias for ", try encoding(params: true, local: false))
        case UInt8(ascii: "T"):
            guard let k = peek() else { throw fail("expected special GT name code") }
            advance()
            let v = try encoding(params: true, local: false)
            return special(k == UInt8(ascii: "n") ? "non-transaction clone for " : "transaction clone for ", v)
        default: throw fail("unrecognized special G name code")
        }
    }

    private mutating func callOffset(_ given: UInt8?) throws {
        var c = given
        if c == nil {
            guard let n = peek() else { throw fail("missing call offset") }
            c = n
            advance()
        }
        switch c {
        case UInt8(ascii: "h"): _ = try number()
        case UInt8(ascii: "v"):
            _ = try number()
            try expect("_", "expected _ after number")
            _ = try number()
        default: throw fail("unrecognized call offset code")
        }
        try expect("_", "expected _ after call offset")
    }

    // MARK: - Types

    static let builtinTypes: [UInt8: String] = [
        UInt8(ascii: "a"): "signed char", UInt8(ascii: "b"): "bool", UInt8(ascii: "c"): "char",
        UInt8(ascii: "d"): "double", UInt8(ascii: "e"): "long double", UInt8(ascii: "f"): "float",
        UInt8(ascii: "g"): "__float128", UInt8(ascii: "h"): "unsigned char", UInt8(ascii: "i"): "int",
        UInt8(ascii: "j"): "unsigned int", UInt8(ascii: "l"): "long", UInt8(ascii: "m"): "unsigned long",
        UInt8(ascii: "n"): "__int128", UInt8(ascii: "o"): "unsigned __int128", UInt8(ascii: "s"): "short",
        UInt8(ascii: "t"): "unsigned short", UInt8(ascii: "v"): "void", UInt8(ascii: "w"): "wchar_t",
        UInt8(ascii: "x"): "long long", UInt8(ascii: "y"): "unsigned long long", UInt8(ascii: "z"): "...",
    ]

    private mutating func demangleType(isCast: Bool) throws -> DemangleNode {
        try nest()
        defer { depth -= 1 }
        guard !atEnd else { throw fail("expected type") }
        var addSubst = true
        var q = try cvQualifiers()
        if q != nil {
            guard !atEnd else { throw fail("expected type") }
            if at("F") { addSubst = false }
        }
        let c = peek()!
        if let b = Self.builtinTypes[c] {
            advance()
            var ret = DemangleNode(.builtin, b)
            if let q {
                ret = DemangleNode(.typeWithQualifiers, a: ret, b: q)
                subs.append(ret)
            }
            return ret
        }
        var ret: DemangleNode
        switch c {
        case UInt8(ascii: "u"):
            advance()
            ret = try sourceName()
            if at("I") {
                advance()
                let base = try demangleType(isCast: false)
                try expect("E", "expected E after transformed type")
                ret = DemangleNode(.transformedType, ret.text, a: base)
            }
        case UInt8(ascii: "F"):
            ret = try functionType()
        case UInt8(ascii: "N"), UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            ret = try name()
        case UInt8(ascii: "W"):
            throw fail("module names are not supported")
        case UInt8(ascii: "A"):
            ret = try arrayType(isCast: isCast)
        case UInt8(ascii: "M"):
            advance()
            let cl = try demangleType(isCast: false)
            let mem = try demangleType(isCast: isCast)
            ret = DemangleNode(.ptrMem, a: cl, b: mem)
        case UInt8(ascii: "T"):
            if at("s", 1) || at("u", 1) || at("e", 1) {
                let k = peek(1)!
                advance(2)
                let kind = k == UInt8(ascii: "s") ? "struct" : k == UInt8(ascii: "u") ? "union" : "enum"
                ret = DemangleNode(.elaborated, kind, a: try name())
            } else {
                ret = try templateParam()
                if at("I") {
                    if !isCast {
                        subs.append(ret)
                        let args = try templateArgs()
                        ret = DemangleNode(.template, a: ret, list: args)
                    } else {
                        ret = try castTemplateArgs(ret, addSubst: true)
                    }
                }
            }
        case UInt8(ascii: "S"):
            let c2 = peek(1)
            if Self.isDigit(c2) || c2 == UInt8(ascii: "_") || Self.isUpper(c2) {
                ret = try substitution(forPrefix: false)
                if !at("I") {
                    addSubst = false
                } else if ret.kind != .templateParam || !isCast {
                    let args = try templateArgs()
                    ret = DemangleNode(.template, a: ret, list: args)
                } else {
                    let next = try castTemplateArgs(ret, addSubst: false)
                    if next === ret { addSubst = false }
                    ret = next
                }
            } else {
                let before = pos
                ret = try name()
                // A standard abbreviation alone is not a substitution candidate.
                if pos == before + 2 { addSubst = false }
            }
        case UInt8(ascii: "O"), UInt8(ascii: "P"), UInt8(ascii: "R"), UInt8(ascii: "C"), UInt8(ascii: "G"):
            advance()
            let t = try demangleType(isCast: isCast)
            let kinds: [UInt8: DemangleNode.Kind] = [
                UInt8(ascii: "O"): .rvalueReference, UInt8(ascii: "P"): .pointer, UInt8(ascii: "R"): .reference,
                UInt8(ascii: "C"): .complex, UInt8(ascii: "G"): .imaginary,
            ]
            ret = DemangleNode(kinds[c]!, a: t)
        case UInt8(ascii: "U"):
            guard remaining >= 2 else { throw fail("expected source name or unnamed type") }
            switch peek(1) {
            case UInt8(ascii: "l"):
                ret = try closureTypeName()
                addSubst = false
            case UInt8(ascii: "t"):
                ret = try unnamedTypeName()
                addSubst = false
            default:
                advance()
                var n = try sourceName()
                if at("I") { n = DemangleNode(.template, a: n, list: try templateArgs()) }
                let t = try demangleType(isCast: isCast)
                ret = DemangleNode(.vendorQualifier, a: n, b: t)
            }
        case UInt8(ascii: "D"):
            advance()
            guard let c2 = peek() else { throw fail("expected D code for type") }
            advance()
            addSubst = false
            switch c2 {
            case UInt8(ascii: "T"), UInt8(ascii: "t"):
                let e = try expression()
                try expect("E", "expected E after expression in type")
                ret = DemangleNode(.decltype, a: e)
                addSubst = true
            case UInt8(ascii: "p"):
                let t = try demangleType(isCast: isCast)
                ret = DemangleNode(.packExpansion, a: t, b: findArgumentPack(t))
                addSubst = true
            case UInt8(ascii: "a"): ret = .name("auto")
            case UInt8(ascii: "c"): ret = .name("decltype(auto)")
            case UInt8(ascii: "f"): ret = DemangleNode(.builtin, "decimal32")
            case UInt8(ascii: "d"): ret = DemangleNode(.builtin, "decimal64")
            case UInt8(ascii: "e"): ret = DemangleNode(.builtin, "decimal128")
            case UInt8(ascii: "h"): ret = DemangleNode(.builtin, "half")
            case UInt8(ascii: "u"): ret = DemangleNode(.builtin, "char8_t")
            case UInt8(ascii: "s"): ret = DemangleNode(.builtin, "char16_t")
            case UInt8(ascii: "i"): ret = DemangleNode(.builtin, "char32_t")
            case UInt8(ascii: "n"): ret = DemangleNode(.builtin, "decltype(nullptr)")
            case UInt8(ascii: "v"):
                let dim: DemangleNode
                if at("_") {
                    advance()
                    dim = try expression()
                } else {
                    dim = .name(String(try number()))
                }
                try expect("_", "expected _ after vector dimension")
                ret = DemangleNode(.vector, a: dim, b: try demangleType(isCast: isCast))
                addSubst = true
            case UInt8(ascii: "k"), UInt8(ascii: "K"):
                let constraint = try name()
                ret = DemangleNode(.suffixType, c2 == UInt8(ascii: "k") ? "auto" : "decltype(auto)", a: constraint)
            default:
                throw fail("unrecognized D code in type")
            }
        default:
            throw fail("unrecognized type code")
        }
        if addSubst { subs.append(ret) }
        if let qs = q {
            if ret.kind == .functionType {
                ret = DemangleNode(.methodWithQualifiers, a: ret, b: qs)
            } else if ret.kind == .methodWithQualifiers {
                ret.b = Self.mergeQualifiers(qs, ret.b)
            } else {
                if ret.kind == .typeWithQualifiers {
                    q = Self.mergeQualifiers(qs, ret.b)
                    ret = ret.a!
                }
                ret = DemangleNode(.typeWithQualifiers, a: ret, b: q)
            }
            subs.append(ret)
        }
        return ret
    }

    /// A template parameter followed by template arguments inside a cast
    /// operator's type: a template template parameter only when another
    /// argument list follows; otherwise the arguments belong to the prefix.
    private mutating func castTemplateArgs(_ tp: DemangleNode, addSubst: Bool) throws -> DemangleNode {
        let saved = self
        if let args = try? templateArgs(), at("I") {
            if addSubst { subs.append(tp) }
            return DemangleNode(.template, a: tp, list: args)
        }
        self = saved
        return tp
    }

    static func mergeQualifiers(_ q1: DemangleNode?, _ q2: DemangleNode?) -> DemangleNode? {
        guard let q1 else { return q2 }
        guard let q2 else { return q1 }
        var seen = Set(q1.list.filter { $0.list.isEmpty }.map(\.text))
        var merged = q1.list
        for q in q2.list {
            if !q.list.isEmpty {
                merged.append(q)
            } else if !seen.contains(q.text) {
                merged.append(q)
                seen.insert(q.text)
            }
        }
        q1.list = merged
        return q1
    }

    private mutating func cvQualifiers() throws -> DemangleNode? {
        var q: [DemangleNode] = []
        loop: while let c = peek() {
            switch c {
            case UInt8(ascii: "r"): q.insert(DemangleNode(.qualifier, "restrict"), at: 0)
            case UInt8(ascii: "V"): q.insert(DemangleNode(.qualifier, "volatile"), at: 0)
            case UInt8(ascii: "K"): q.insert(DemangleNode(.qualifier, "const"), at: 0)
            case UInt8(ascii: "D") where remaining > 1:
                let qual: DemangleNode
                switch peek(1) {
                case UInt8(ascii: "x"):
                    qual = DemangleNode(.qualifier, "transaction_safe")
                    advance(2)
                case UInt8(ascii: "o"):
                    qual = DemangleNode(.qualifier, "noexcept")
                    advance(2)
                case UInt8(ascii: "O"):
                    advance(2)
                    let e = try expression()
                    try expect("E", "expected E after computed noexcept expression")
                    qual = DemangleNode(.qualifier, "noexcept", list: [e])
                case UInt8(ascii: "w"):
                    advance(2)
                    let types = try parmlist()
                    try expect("E", "expected E after throw parameter list")
                    qual = DemangleNode(.qualifier, "throw", list: types)
                default:
                    break loop
                }
                q.insert(qual, at: 0)
                continue
            default:
                break loop
            }
            advance()
        }
        return q.isEmpty ? nil : DemangleNode(.qualifiers, list: q)
    }

    private mutating func refQualifier() -> String {
        if at("R") {
            advance()
            return "&"
        }
        if at("O") {
            advance()
            return "&&"
        }
        return ""
    }

    private mutating func parmlist() throws -> [DemangleNode] {
        var ret: [DemangleNode] = []
        while let c = peek() {
            if c == UInt8(ascii: "E") || c == UInt8(ascii: ".") { break }
            if (c == UInt8(ascii: "R") || c == UInt8(ascii: "O")) && at("E", 1) { break }
            if c == UInt8(ascii: "Q") { break }
            ret.append(try demangleType(isCast: false))
        }
        guard !ret.isEmpty else { throw fail("expected at least one type in type list") }
        if ret.count == 1 && ret[0].kind == .builtin && ret[0].text == "void" { return [] }
        return ret
    }

    private mutating func functionType() throws -> DemangleNode {
        advance()  // F
        if at("Y") { advance() }
        var ret = try bareFunctionType(hasReturnType: true)
        let r = refQualifier()
        if !r.isEmpty { ret = DemangleNode(.methodWithQualifiers, r, a: ret) }
        try expect("E", "expected E after function type")
        return ret
    }

    private mutating func bareFunctionType(hasReturnType: Bool) throws -> DemangleNode {
        var withReturn = hasReturnType
        if at("J") {
            withReturn = true
            advance()
        }
        let returnType = withReturn ? try demangleType(isCast: false) : nil
        return DemangleNode(.functionType, a: returnType, list: try parmlist())
    }

    private mutating func arrayType(isCast: Bool) throws -> DemangleNode {
        advance()  // A
        guard let c = peek() else { throw fail("missing array dimension") }
        let dim: DemangleNode
        if c == UInt8(ascii: "_") {
            dim = .name("")
        } else if Self.isDigit(c) {
            var i = 1
            while Self.isDigit(peek(i)) { i += 1 }
            dim = .name(String(decoding: bytes[pos..<pos + i], as: UTF8.self))
            advance(i)
        } else {
            dim = try expression()
        }
        try expect("_", "expected _ after dimension")
        let t = try demangleType(isCast: isCast)
        if t.kind == .typeWithQualifiers {
            return DemangleNode(.typeWithQualifiers, a: DemangleNode(.array, a: dim, b: t.a), b: t.b)
        }
        return DemangleNode(.array, a: dim, b: t)
    }

    private mutating func compactNumber() throws -> Int {
        guard let c = peek() else { throw fail("missing index") }
        if c == UInt8(ascii: "_") {
            advance()
            return 0
        }
        if c == UInt8(ascii: "n") { throw fail("unexpected negative number") }
        let n = try number()
        try expect("_", "missing underscore after number")
        return n + 1
    }

    private mutating func templateParam() throws -> DemangleNode {
        advance()  // T
        var level = 0
        if at("L") {
            advance()
            level = try compactNumber()
        }
        let n = try compactNumber()
        if level >= templates.count {
            if lambdaTemplateLevel > 0 && level == lambdaTemplateLevel - 1 {
                return DemangleNode(.lambdaAuto, index: n)
            }
            throw fail("template parameter is not in scope of template")
        }
        let p = DemangleNode(.templateParam, index: n)
        params.append(p)
        guard let template = templates[level] else { return p }  // a cast: filled in later
        if n >= template.list.count {
            if lambdaTemplateLevel > 0 && level == lambdaTemplateLevel - 1 {
                return DemangleNode(.lambdaAuto, index: n)
            }
            throw fail("template index out of range")
        }
        p.template = template
        return p
    }

    /// Binds the unbound template parameters of a cast operator's type to `template`.
    private func setTemplate(_ node: DemangleNode, _ template: DemangleNode?) throws {
        var seen = Set<ObjectIdentifier>()
        var failure: DemangleError? = nil
        node.traverse { n in
            if failure != nil { return false }
            switch n.kind {
            case .templateParam:
                if n.template != nil {
                    if template != nil { failure = fail("duplicate template parameters") }
                    return false
                }
                guard let template else {
                    failure = fail("cast template parameter not in scope of template")
                    return false
                }
                if n.index >= template.list.count {
                    failure = fail("cast template index out of range")
                    return false
                }
                n.template = template
                return false
            case .closure:
                return false
            default:
                return seen.insert(ObjectIdentifier(n)).inserted
            }
        }
        if let failure { throw failure }
    }

    private func clearTemplateArgs(_ args: [DemangleNode]) throws {
        for a in args { try setTemplate(a, nil) }
    }

    private mutating func templateArgs() throws -> [DemangleNode] {
        advance()  // I or J
        var ret: [DemangleNode] = []
        while !at("E") {
            guard !atEnd else { throw fail("missing template argument") }
            ret.append(try templateArg(prev: ret))
            if at("Q") { throw fail("constraints are not supported") }
        }
        advance()
        return ret
    }

    private mutating func templateArg(prev: [DemangleNode]) throws -> DemangleNode {
        guard let c = peek() else { throw fail("missing template argument") }
        switch c {
        case UInt8(ascii: "X"):
            advance()
            let e = try expression()
            try expect("E", "missing end of expression")
            return e
        case UInt8(ascii: "L"):
            return try exprPrimary()
        case UInt8(ascii: "I"), UInt8(ascii: "J"):
            return DemangleNode(.argumentPack, list: try templateArgs())
        case UInt8(ascii: "T"):
            if let k = peek(1), "yntpk".utf8.contains(k) {
                throw fail("template parameter declarations are not supported")
            }
            return try demangleType(isCast: false)
        default:
            return try demangleType(isCast: false)
        }
    }

    // MARK: - Expressions

    private mutating func exprList(_ stop: Character) throws -> DemangleNode {
        if at(stop) {
            advance()
            return DemangleNode(.exprList)
        }
        var exprs: [DemangleNode] = []
        while true {
            guard !atEnd else { throw fail("expected expression") }
            exprs.append(try expression())
            if at(stop) {
                advance()
                break
            }
        }
        return DemangleNode(.exprList, list: exprs)
    }

    private mutating func expression() throws -> DemangleNode {
        try nest()
        defer { depth -= 1 }
        guard let c = peek() else { throw fail("expected expression") }
        if c == UInt8(ascii: "L") { return try exprPrimary() }
        if c == UInt8(ascii: "T") { return try templateParam() }
        if hasPrefix("sr") { return try unresolvedName() }
        if hasPrefix("sp") {
            advance(2)
            let e = try expression()
            return DemangleNode(.packExpansion, a: e, b: findArgumentPack(e))
        }
        if hasPrefix("sZ") {
            advance(2)
            let e = try expression()
            guard let pack = findArgumentPack(e) else { throw fail("missing argument pack") }
            return DemangleNode(.sizeofPack, a: pack)
        }
        if hasPrefix("sP") {
            advance(2)
            var args: [DemangleNode] = []
            while !at("E") {
                guard !atEnd else { throw fail("missing argument") }
                args.append(try templateArg(prev: []))
            }
            advance()
            return DemangleNode(.sizeofArgs, list: args)
        }
        if hasPrefix("fp") {
            advance(2)
            if at("T") {
                advance()
                return DemangleNode(.functionParam, index: 0)
            }
            _ = try cvQualifiers()
            return DemangleNode(.functionParam, index: try compactNumber() + 1)
        }
        if hasPrefix("fL") && Self.isDigit(peek(2)) {
            advance(2)
            _ = try number()
            try expect("p", "expected p after function parameter scope count")
            _ = try cvQualifiers()
            return DemangleNode(.functionParam, index: try compactNumber() + 1)
        }
        if Self.isDigit(c) || hasPrefix("on") {
            if c == UInt8(ascii: "o") { advance(2) }
            var n = try unqualifiedName().0
            if at("I") { n = DemangleNode(.template, a: n, list: try templateArgs()) }
            return n
        }
        if hasPrefix("il") || hasPrefix("tl") {
            advance(2)
            let t = c == UInt8(ascii: "t") ? try demangleType(isCast: false) : nil
            return DemangleNode(.initializerList, a: t, b: try exprList("E"))
        }
        if hasPrefix("st") {
            let o = try operatorName(inExpression: true).0
            let t = try demangleType(isCast: false)
            let u = DemangleNode(.unary, a: o, b: t)
            u.flag2 = true
            return u
        }
        if c == UInt8(ascii: "u") || hasPrefix("so") || hasPrefix("mc") || hasPrefix("rq") || hasPrefix("rQ") {
            throw fail("unsupported expression")
        }
        guard remaining >= 2 else { throw fail("missing operator code") }
        let code = String(decoding: bytes[pos..<pos + 2], as: UTF8.self)
        let (o, args) = try operatorName(inExpression: true)
        switch args {
        case 0:
            return DemangleNode(.nullary, a: o)
        case 1:
            var suffix = false
            if code == "pp" || code == "mm" {
                if at("_") { advance() } else { suffix = true }
            }
            let operand: DemangleNode
            if o.kind == .cast && at("_") {
                advance()
                operand = try exprList("E")
            } else {
                operand = try expression()
            }
            return DemangleNode(.unary, a: o, b: operand, flag: suffix)
        case 2:
            let left: DemangleNode
            var right: DemangleNode
            if ["sc", "dc", "cc", "rc"].contains(code) {
                left = try demangleType(isCast: false)
            } else if code.hasPrefix("f") {
                let l = try operatorName(inExpression: true).0
                let r = try expression()
                return DemangleNode(.fold, a: l, b: r, flag: code == "fl")
            } else if code == "di" {
                left = try unqualifiedName().0
            } else {
                left = try expression()
            }
            if code == "cl" || code == "cp" {
                right = try exprList("E")
            } else if code == "dt" || code == "pt" {
                if at("L") {
                    right = try exprPrimary()
                } else {
                    right = try unresolvedName()
                    if at("I") { right = DemangleNode(.template, a: right, list: try templateArgs()) }
                }
            } else {
                right = try expression()
            }
            return DemangleNode(.binary, a: o, b: left, c: right)
        case 3:
            if code.hasPrefix("n") {
                var place: DemangleNode? = try exprList("_")
                if place!.list.isEmpty { place = nil }
                let t = try demangleType(isCast: false)
                var ini: DemangleNode? = nil
                if at("E") {
                    advance()
                } else if hasPrefix("pi") {
                    advance(2)
                    ini = try exprList("E")
                } else if hasPrefix("il") {
                    ini = try expression()
                } else {
                    throw fail("unrecognized new initializer")
                }
                let n = DemangleNode(.new, a: place, b: t, c: ini)
                return n
            }
            if code.hasPrefix("f") {
                let first = try operatorName(inExpression: true).0
                let second = try expression()
                let third = try expression()
                return DemangleNode(.fold, a: first, b: second, c: third, flag: code == "fL")
            }
            let first = try expression(), second = try expression(), third = try expression()
            return DemangleNode(.trinary, a: o, list: [first, second, third])
        default:
            throw fail("unsupported number of operator arguments")
        }
    }

    private mutating func unresolvedName() throws -> DemangleNode {
        if hasPrefix("gs") {
            advance(2)
            let n = try unresolvedName()
            return DemangleNode(.unary, a: DemangleNode(.op, "::"), b: n)
        }
        guard hasPrefix("sr") else { return try baseUnresolvedName() }
        advance(2)
        guard let c = peek() else { throw fail("expected unresolved type") }
        if c == UInt8(ascii: "T") || c == UInt8(ascii: "D") || c == UInt8(ascii: "S") {
            let t = try demangleType(isCast: false)
            var n = DemangleNode(.qualified, a: t, b: try baseUnresolvedName())
            if at("I") {
                n = DemangleNode(.template, a: n, list: try templateArgs())
                subs.append(n)
            }
            return n
        }
        var s: DemangleNode? = nil
        if c == UInt8(ascii: "N") {
            advance()
            s = try demangleType(isCast: false)
        }
        while !at("E") {
            guard !atEnd else { throw fail("expected unresolved name") }
            if let sq = s, !Self.isDigit(peek()), sq.kind == .qualified {
                let scope = sq.a!
                if scope.kind == .template {
                    subs.append(scope.a!)
                    subs.append(scope)
                } else {
                    subs.append(scope)
                }
                return sq
            }
            var n = try sourceName()
            if at("I") {
                subs.append(n)
                n = DemangleNode(.template, a: n, list: try templateArgs())
            }
            s = s.map { DemangleNode(.qualified, a: $0, b: n) } ?? n
        }
        guard let scope = s else { throw fail("missing scope in unresolved name") }
        advance()
        return DemangleNode(.qualified, a: scope, b: try baseUnresolvedName())
    }

    private mutating func baseUnresolvedName() throws -> DemangleNode {
        var n: DemangleNode
        if hasPrefix("on") {
            advance(2)
            n = try operatorName(inExpression: true).0
        } else if hasPrefix("dn") {
            advance(2)
            n = Self.isDigit(peek()) ? try sourceName() : try demangleType(isCast: false)
            n = DemangleNode(.destructor, a: n)
        } else if Self.isDigit(peek()) {
            n = try sourceName()
        } else {
            n = try operatorName(inExpression: true).0
        }
        if at("I") { n = DemangleNode(.template, a: n, list: try templateArgs()) }
        return n
    }

    private mutating func exprPrimary() throws -> DemangleNode {
        advance()  // L
        guard let c = peek() else { throw fail("expected primary expression") }
        let ret: DemangleNode
        if c == UInt8(ascii: "_") || c == UInt8(ascii: "Z") {
            if c == UInt8(ascii: "_") { advance() }
            try expect("Z", "expected mangled name")
            ret = try encoding(params: true, local: false)
        } else {
            let t = try demangleType(isCast: false)
            var negative = false
            if at("n") {
                negative = true
                advance()
            }
            if at("E") {
                let isArray = t.kind == .array || (t.kind == .typeWithQualifiers && t.a!.kind == .array)
                if t.kind == .builtin && t.text == "decltype(nullptr)" {
                    // no value
                } else if t.kind == .closure {
                    advance()
                    return DemangleNode(.lambdaExpr, a: t)
                } else if isArray {
                    advance()
                    return DemangleNode(.stringLiteral, a: t)
                } else {
                    throw fail("missing literal value")
                }
            }
            var i = 0
            while let b = peek(i), b != UInt8(ascii: "E") { i += 1 }
            let lit = DemangleNode(.literal, a: t, flag: negative)
            lit.text2 = String(decoding: bytes[pos..<pos + i], as: UTF8.self)
            advance(i)
            ret = lit
        }
        try expect("E", "expected E after literal")
        return ret
    }

    private mutating func discriminator(_ a: DemangleNode) throws -> DemangleNode {
        if !at("_") {
            var i = 0
            while let c = peek(i) {
                if !Self.isDigit(c) { return a }
                i += 1
            }
            advance(i)
            return a
        }
        advance()
        var trailing = false
        if at("_") {
            advance()
            trailing = true
        }
        let d = try number()
        if d < 0 { throw fail("invalid negative discriminator") }
        if trailing && d >= 10 { try expect("_", "expected _ after discriminator >= 10") }
        return a
    }

    private mutating func closureTypeName() throws -> DemangleNode {
        advance(2)  // Ul
        let oldLevel = lambdaTemplateLevel
        lambdaTemplateLevel = templates.count + 1
        if at("T") && remaining > 1, let k = peek(1), "yntpk".utf8.contains(k) {
            throw fail("lambda template parameters are not supported")
        }
        if at("Q") { throw fail("constraints are not supported") }
        let types = try parmlist()
        lambdaTemplateLevel = oldLevel
        if at("Q") { throw fail("constraints are not supported") }
        try expect("E", "expected E after closure type name")
        let num = try compactNumber()
        return DemangleNode(.closure, list: types, index: num)
    }

    private mutating func unnamedTypeName() throws -> DemangleNode {
        advance(2)  // Ut
        let ret = DemangleNode(.unnamedType, index: try compactNumber())
        subs.append(ret)
        return ret
    }

    private mutating func cloneSuffix(_ a: DemangleNode) -> DemangleNode {
        func cloneChar(_ c: UInt8?) -> Bool { Self.isLower(c) || Self.isDigit(c) || c == UInt8(ascii: "_") }
        var i = 0
        if remaining > 1 && at(".") && cloneChar(peek(1)) {
            i += 2
            while cloneChar(peek(i)) { i += 1 }
        }
        while remaining > i + 1 && peek(i) == UInt8(ascii: ".") && Self.isDigit(peek(i + 1)) {
            i += 2
            while Self.isDigit(peek(i)) { i += 1 }
        }
        let suffix = String(decoding: bytes[pos..<pos + i], as: UTF8.self)
        advance(i)
        return DemangleNode(.clone, suffix, a: a)
    }

    // MARK: - Substitutions

    private static func std(_ name: String) -> DemangleNode {
        DemangleNode(.qualified, a: .name("std"), b: .name(name))
    }

    private static func stdTemplate(_ name: String, _ args: [DemangleNode]) -> DemangleNode {
        DemangleNode(.template, a: std(name), list: args)
    }

    /// A standard abbreviation (`St`, `Sa`, `Ss`…); the long form names a constructor's or destructor's class.
    private static func abbreviation(_ c: UInt8, long: Bool) -> DemangleNode? {
        let char = DemangleNode(.builtin, "char")
        let traits = stdTemplate("char_traits", [DemangleNode(.builtin, "char")])
        switch c {
        case UInt8(ascii: "t"): return .name("std")
        case UInt8(ascii: "a"): return std("allocator")
        case UInt8(ascii: "b"): return std("basic_string")
        case UInt8(ascii: "s"):
            if !long { return std("string") }
            return stdTemplate("basic_string", [char, traits, stdTemplate("allocator", [DemangleNode(.builtin, "char")])])
        case UInt8(ascii: "i"): return long ? stdTemplate("basic_istream", [char, traits]) : std("istream")
        case UInt8(ascii: "o"): return long ? stdTemplate("basic_ostream", [char, traits]) : std("ostream")
        case UInt8(ascii: "d"): return long ? stdTemplate("basic_iostream", [char, traits]) : std("iostream")
        default: return nil
        }
    }

    private mutating func substitution(forPrefix: Bool) throws -> DemangleNode {
        advance()  // S
        guard let c = peek() else { throw fail("missing substitution index") }
        if c == UInt8(ascii: "_") || Self.isDigit(c) || Self.isUpper(c) {
            let id = try seqID(eofOK: false)
            guard id < subs.count else { throw fail("substitution index out of range") }
            return try rebound(subs[id])
        }
        advance()
        let long = forPrefix && (at("C") || at("D"))
        guard var a = Self.abbreviation(c, long: long) else { throw fail("unrecognized substitution code") }
        if at("B") {
            a = try taggedName(a)
            subs.append(a)
        }
        return a
    }

    /// A substitution's node with its template parameters referring to the
    /// template now being read (inside a lambda's signature: `auto` parameters).
    private mutating func rebound(_ node: DemangleNode) throws -> DemangleNode {
        var level = lambdaTemplateLevel
        var levels: [Int] = []
        var made: [DemangleNode] = []
        var failure: DemangleError? = nil
        var seen = Set<ObjectIdentifier>()
        let current = templates
        let result = node.rewritten(
            { n in
                switch n.kind {
                case .closure:
                    level = levels.removeLast()
                    return nil
                case .templateParam, .lambdaAuto:
                    if level > 0 {
                        return n.kind == .lambdaAuto ? nil : DemangleNode(.lambdaAuto, index: n.index)
                    }
                    let template: DemangleNode?
                    if let last = current.last {
                        template = last
                    } else if node.kind == .template {
                        template = node
                    } else {
                        failure = DemangleError(message: "substituted template parameter not in scope of template")
                        return nil
                    }
                    let p = DemangleNode(.templateParam, index: n.index)
                    made.append(p)
                    guard let template else { return p }
                    if n.index >= template.list.count {
                        failure = DemangleError(message: "substituted template index out of range")
                        return nil
                    }
                    p.template = template
                    return p
                default:
                    return nil
                }
            },
            skip: { n in
                switch n.kind {
                case .closure:
                    levels.append(level)
                    level = current.count + 1
                    return false
                case .templateParam, .lambdaAuto:
                    return false
                default:
                    return !seen.insert(ObjectIdentifier(n)).inserted
                }
            })
        params += made
        if let failure { throw failure }
        return result ?? node
    }

    // MARK: - Simplification

    /// Template parameters replaced by their arguments, qualifiers merged,
    /// references collapsed, packs expanded.
    func simplify(_ node: DemangleNode) -> DemangleNode {
        var seen = Set<ObjectIdentifier>()
        return node.rewritten(Self.simplifyOne, skip: { seen.insert(ObjectIdentifier($0)).inserted == false }) ?? node
    }

    private static func simplifyOne(_ n: DemangleNode) -> DemangleNode? {
        switch n.kind {
        case .templateParam:
            if let t = n.template, n.index < t.list.count { return t.list[n.index] }
        case .methodWithQualifiers:
            let m = n.a!
            if m.kind == .methodWithQualifiers {
                var ref = n.text
                if ref.isEmpty {
                    ref = m.text
                } else if !m.text.isEmpty, ref == "&" || m.text == "&" {
                    ref = "&"
                }
                return DemangleNode(.methodWithQualifiers, ref, a: m.a, b: mergeQualifiers(n.b, m.b))
            }
            if m.kind == .typeWithQualifiers {
                return DemangleNode(.methodWithQualifiers, n.text, a: m.a, b: mergeQualifiers(n.b, m.b))
            }
        case .typeWithQualifiers:
            let base = n.a!
            if base.kind == .functionType { return DemangleNode(.methodWithQualifiers, a: base, b: n.b) }
            if base.kind == .typeWithQualifiers {
                return DemangleNode(.typeWithQualifiers, a: base.a, b: mergeQualifiers(n.b, base.b))
            }
            if base.kind == .methodWithQualifiers {
                return DemangleNode(.methodWithQualifiers, base.text, a: base.a, b: mergeQualifiers(n.b, base.b))
            }
        case .reference:
            if n.a!.kind == .reference { return n.a }
            if n.a!.kind == .rvalueReference { return DemangleNode(.reference, a: n.a!.a) }
        case .rvalueReference:
            if n.a!.kind == .rvalueReference || n.a!.kind == .reference { return n.a }
        case .array:
            if n.b!.kind == .typeWithQualifiers {
                return DemangleNode(.typeWithQualifiers, a: DemangleNode(.array, a: n.a, b: n.b!.a), b: n.b!.b)
            }
        case .packExpansion:
            guard let pack = n.b else { break }
            var exprs: [DemangleNode] = []
            for arg in pack.list {
                var seen = Set<ObjectIdentifier>()
                let replaced =
                    n.a!.rewritten(
                        { $0 === pack ? arg : nil },
                        skip: { $0.kind == .packExpansion || !seen.insert(ObjectIdentifier($0)).inserted }) ?? n.a!
                exprs.append(simplifyStatic(replaced))
            }
            return DemangleNode(.exprList, list: exprs)
        default:
            break
        }
        return nil
    }

    private static func simplifyStatic(_ node: DemangleNode) -> DemangleNode {
        var seen = Set<ObjectIdentifier>()
        return node.rewritten(simplifyOne, skip: { seen.insert(ObjectIdentifier($0)).inserted == false }) ?? node
    }

    /// The argument pack a pack expansion expands, found through a template parameter.
    private func findArgumentPack(_ node: DemangleNode) -> DemangleNode? {
        var seen = Set<ObjectIdentifier>()
        var found: DemangleNode? = nil
        node.traverse { n in
            if found != nil { return false }
            switch n.kind {
            case .templateParam:
                guard let t = n.template, n.index < t.list.count else { return true }
                if t.list[n.index].kind == .argumentPack {
                    found = t.list[n.index]
                    return false
                }
            case .packExpansion, .closure, .name, .taggedName, .op, .builtin, .functionParam, .unnamedType, .defaultArg:
                return false
            default:
                break
            }
            return seen.insert(ObjectIdentifier(n)).inserted
        }
        return found
    }
}
