/// The tree simplified as the package simplifies it, and argument packs found.
extension ItaniumParser {
    /// Template parameters replaced by their arguments, qualifiers merged,
    /// references collapsed, packs expanded.
    func simplify(_ node: DemangleNode) -> DemangleNode {
        var seen = Set<ObjectIdentifier>()
        return node.rewritten(Self.simplifyOne, skip: { seen.insert(ObjectIdentifier($0)).inserted == false }) ?? node
    }

    static func simplifyOne(_ n: DemangleNode) -> DemangleNode? {
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

    static func simplifyStatic(_ node: DemangleNode) -> DemangleNode {
        var seen = Set<ObjectIdentifier>()
        return node.rewritten(simplifyOne, skip: { seen.insert(ObjectIdentifier($0)).inserted == false }) ?? node
    }

    /// The argument pack a pack expansion expands, found through a template parameter.
    func findArgumentPack(_ node: DemangleNode) -> DemangleNode? {
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
