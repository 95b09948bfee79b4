/// One node of a demangled C++ name (the tree `ItaniumParser` builds and
/// `ItaniumPrinter` prints), after the shapes of the demangle package pprof
/// uses. Nodes are shared: a substitution refers to an earlier node, so
/// identity matters (cycles are cut while printing, rewrites visit a node once).
final class DemangleNode {
    enum Kind {
        case name, typed, qualified, template, templateParam, lambdaAuto
        case qualifiers, qualifier, typeWithQualifiers, methodWithQualifiers
        case builtin, pointer, reference, rvalueReference, complex, imaginary
        case vendorQualifier, array, functionType, functionParam, ptrMem, vector
        case elaborated, decltype, op, constructor, destructor, special, special2
        case taggedName, packExpansion, argumentPack, sizeofPack, sizeofArgs, cast
        case nullary, unary, binary, trinary, literal, stringLiteral, lambdaExpr
        case exprList, initializerList, defaultArg, closure, unnamedType, clone
        case globalCDtor, transformedType, suffixType, friend, structuredBindings
        case new, fold, enableIf, templateParamQualifiedArg
    }

    let kind: Kind
    /// Names, prefixes, qualifier and operator spellings, ref-qualifiers, clone suffixes.
    var text: String
    /// Second text: `special2`'s middle, `literal`'s value.
    var text2: String = ""
    var a: DemangleNode?
    var b: DemangleNode?
    var c: DemangleNode?
    var list: [DemangleNode] = []
    /// Template parameter, closure, unnamed type, default argument or function parameter index.
    var index = 0
    /// `qualified`: a local name; `functionType`: for a local name; `unary`: a suffix;
    /// `literal`: negative; `globalCDtor`: a constructor; `fold`: a left fold.
    var flag = false
    /// `unary`: the operand is a type (sizeof).
    var flag2 = false
    /// The template a `templateParam` refers to (not a child; `ItaniumParser` clears it after use).
    var template: DemangleNode?

    init(_ kind: Kind, _ text: String = "", a: DemangleNode? = nil, b: DemangleNode? = nil, c: DemangleNode? = nil,
         list: [DemangleNode] = [], index: Int = 0, flag: Bool = false) {
        self.kind = kind
        self.text = text
        self.a = a
        self.b = b
        self.c = c
        self.list = list
        self.index = index
        self.flag = flag
    }

    static func name(_ s: String) -> DemangleNode { DemangleNode(.name, s) }

    func copy() -> DemangleNode {
        let n = DemangleNode(kind, text, a: a, b: b, c: c, list: list, index: index, flag: flag)
        n.text2 = text2
        n.flag2 = flag2
        n.template = template
        return n
    }

    /// The children, in the order the package traverses them.
    var children: [DemangleNode] {
        var r: [DemangleNode] = []
        if let a { r.append(a) }
        if let b { r.append(b) }
        if let c { r.append(c) }
        return r + list
    }

    /// Visits the tree; `visit` returning false skips a node's children.
    func traverse(_ visit: (DemangleNode) -> Bool) {
        guard visit(self) else { return }
        for child in children { child.traverse(visit) }
    }

    /// A rewritten copy, or nil when nothing changed: children first, then
    /// `transform` on the (possibly copied) node. `skip` stops the descent.
    func rewritten(_ transform: (DemangleNode) -> DemangleNode?, skip: (DemangleNode) -> Bool) -> DemangleNode? {
        if skip(self) { return nil }
        if kind == .templateParam || kind == .lambdaAuto { return transform(self) }
        let na = a?.rewritten(transform, skip: skip)
        let nb = b?.rewritten(transform, skip: skip)
        let nc = c?.rewritten(transform, skip: skip)
        var changedList = false
        var newList = list
        for (i, child) in list.enumerated() {
            if let r = child.rewritten(transform, skip: skip) {
                newList[i] = r
                changedList = true
            }
        }
        if na == nil && nb == nil && nc == nil && !changedList { return transform(self) }
        let n = copy()
        if let na { n.a = na }
        if let nb { n.b = nb }
        if let nc { n.c = nc }
        n.list = newList
        return transform(n) ?? n
    }
}
