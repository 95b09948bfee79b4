/// Substitutions (`S_`, `S0_`…, `St`, `Ss`…) and their template parameters re-bound.
extension ItaniumParser {
    static func std(_ name: String) -> DemangleNode {
        DemangleNode(.qualified, a: .name("std"), b: .name(name))
    }

    static func stdTemplate(_ name: String, _ args: [DemangleNode]) -> DemangleNode {
        DemangleNode(.template, a: std(name), list: args)
    }

    /// A standard abbreviation (`St`, `Sa`, `Ss`…); the long form names a constructor's or destructor's class.
    static func abbreviation(_ c: UInt8, long: Bool) -> DemangleNode? {
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

    mutating func substitution(forPrefix: Bool) throws -> DemangleNode {
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
    mutating func rebound(_ node: DemangleNode) throws -> DemangleNode {
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
}
