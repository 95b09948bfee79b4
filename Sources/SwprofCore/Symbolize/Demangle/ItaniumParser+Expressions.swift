/// Expressions in template arguments and decltypes, literals, closures and clone suffixes.
extension ItaniumParser {
    mutating func exprList(_ stop: Character) throws -> DemangleNode {
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

    mutating func expression() throws -> DemangleNode {
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

    mutating func unresolvedName() throws -> DemangleNode {
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

    mutating func baseUnresolvedName() throws -> DemangleNode {
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

    mutating func exprPrimary() throws -> DemangleNode {
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

    mutating func discriminator(_ a: DemangleNode) throws -> DemangleNode {
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

    mutating func closureTypeName() throws -> DemangleNode {
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

    mutating func unnamedTypeName() throws -> DemangleNode {
        advance(2)  // Ut
        let ret = DemangleNode(.unnamedType, index: try compactNumber())
        subs.append(ret)
        return ret
    }

    mutating func cloneSuffix(_ a: DemangleNode) -> DemangleNode {
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
}
