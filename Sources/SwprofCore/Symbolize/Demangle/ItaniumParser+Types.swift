/// Types of the Itanium grammar: builtin, qualified, function, array and
/// pointer-to-member types, template parameters and arguments.
extension ItaniumParser {
    static let builtinTypes: [UInt8: String] = [
        UInt8(ascii: "a"): "signed char", UInt8(ascii: "b"): "bool", UInt8(ascii: "c"): "char",
        UInt8(ascii: "d"): "double", UInt8(ascii: "e"): "long double", UInt8(ascii: "f"): "float",
        UInt8(ascii: "g"): "__float128", UInt8(ascii: "h"): "unsigned char", UInt8(ascii: "i"): "int",
        UInt8(ascii: "j"): "unsigned int", UInt8(ascii: "l"): "long", UInt8(ascii: "m"): "unsigned long",
        UInt8(ascii: "n"): "__int128", UInt8(ascii: "o"): "unsigned __int128", UInt8(ascii: "s"): "short",
        UInt8(ascii: "t"): "unsigned short", UInt8(ascii: "v"): "void", UInt8(ascii: "w"): "wchar_t",
        UInt8(ascii: "x"): "long long", UInt8(ascii: "y"): "unsigned long long", UInt8(ascii: "z"): "...",
    ]

    mutating func demangleType(isCast: Bool) throws -> DemangleNode {
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
    mutating func castTemplateArgs(_ tp: DemangleNode, addSubst: Bool) throws -> DemangleNode {
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

    mutating func cvQualifiers() throws -> DemangleNode? {
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

    mutating func refQualifier() -> String {
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

    mutating func parmlist() throws -> [DemangleNode] {
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

    mutating func functionType() throws -> DemangleNode {
        advance()  // F
        if at("Y") { advance() }
        var ret = try bareFunctionType(hasReturnType: true)
        let r = refQualifier()
        if !r.isEmpty { ret = DemangleNode(.methodWithQualifiers, r, a: ret) }
        try expect("E", "expected E after function type")
        return ret
    }

    mutating func bareFunctionType(hasReturnType: Bool) throws -> DemangleNode {
        var withReturn = hasReturnType
        if at("J") {
            withReturn = true
            advance()
        }
        let returnType = withReturn ? try demangleType(isCast: false) : nil
        return DemangleNode(.functionType, a: returnType, list: try parmlist())
    }

    mutating func arrayType(isCast: Bool) throws -> DemangleNode {
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

    mutating func compactNumber() throws -> Int {
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

    mutating func templateParam() throws -> DemangleNode {
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
    func setTemplate(_ node: DemangleNode, _ template: DemangleNode?) throws {
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

    func clearTemplateArgs(_ args: [DemangleNode]) throws {
        for a in args { try setTemplate(a, nil) }
    }

    mutating func templateArgs() throws -> [DemangleNode] {
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

    mutating func templateArg(prev: [DemangleNode]) throws -> DemangleNode {
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
}
