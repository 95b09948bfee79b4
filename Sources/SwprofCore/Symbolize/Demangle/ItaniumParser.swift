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
    var bytes: [UInt8]
    var pos = 0
    var subs: [DemangleNode] = []
    var templates: [DemangleNode?] = []
    /// Count of `templates` when a lambda began, plus one (0: not in a lambda).
    var lambdaTemplateLevel = 0
    /// Every template parameter made, so their back references can be cleared.
    var params: [DemangleNode] = []
    /// Nesting of types, expressions and encodings being read (bounded, so hostile names cannot exhaust the stack).
    var depth = 0

    init(_ text: Substring) {
        bytes = Array(text.utf8)
    }

    var atEnd: Bool { pos >= bytes.count }
    var remaining: Int { bytes.count - pos }
    func peek(_ offset: Int = 0) -> UInt8? { pos + offset < bytes.count ? bytes[pos + offset] : nil }
    func at(_ c: Character, _ offset: Int = 0) -> Bool { peek(offset) == c.asciiValue! }
    func hasPrefix(_ s: StaticString) -> Bool {
        let n = s.utf8CodeUnitCount
        guard remaining >= n else { return false }
        let p = s.utf8Start
        for i in 0..<n where bytes[pos + i] != p[i] { return false }
        return true
    }
    mutating func advance(_ n: Int = 1) { pos += n }
    func fail(_ message: String) -> DemangleError { DemangleError(message: message) }
    mutating func expect(_ c: Character, _ message: String) throws {
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

    mutating func nest() throws {
        depth += 1
        if depth > 300 { throw fail("too deeply nested") }
    }

    mutating func encoding(params: Bool, local: Bool) throws -> DemangleNode {
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
    func dropMethodQualifiers(of q: DemangleNode) {
        if let n = q.b, n.kind == .defaultArg, let inner = n.a, inner.kind == .methodWithQualifiers {
            n.a = inner.a
        } else if let n = q.b, n.kind == .methodWithQualifiers {
            q.b = n.a
        }
    }

    func findTemplate(_ n: DemangleNode) -> DemangleNode? {
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

    mutating func taggedName(_ node: DemangleNode) throws -> DemangleNode {
        var a = node
        while at("B") {
            advance()
            let tag = try sourceName()
            a = DemangleNode(.taggedName, a: a, b: tag)
        }
        return a
    }

    mutating func name() throws -> DemangleNode {
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
    mutating func withTemplateArgs(_ name: DemangleNode, isCast: Bool, candidate: Bool) throws -> DemangleNode {
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

    mutating func nestedName() throws -> DemangleNode {
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

    static func lastName(_ node: DemangleNode) -> DemangleNode {
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

    mutating func prefix() throws -> DemangleNode {
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

    mutating func unqualifiedName() throws -> (DemangleNode, Bool) {
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

    mutating func sourceName() throws -> DemangleNode {
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

    mutating func number() throws -> Int {
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

    mutating func seqID(eofOK: Bool) throws -> Int {
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

    mutating func operatorName(inExpression: Bool) throws -> (DemangleNode, Int) {
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

    mutating func localName() throws -> DemangleNode {
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

    mutating func specialName() throws -> DemangleNode {
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

    mutating func callOffset(_ given: UInt8?) throws {
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
}
