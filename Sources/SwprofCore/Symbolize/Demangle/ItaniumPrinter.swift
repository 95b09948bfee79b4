/// Prints a `DemangleNode` tree as the demangle package does (its default,
/// GNU-like style): C++'s inside-out declarators through a stack of "inner"
/// nodes, `> >` between closing template brackets, `[clone .suffix]`.
struct ItaniumPrinter {
    /// Print template arguments (`NoTemplateParams` turns this off).
    var templateArgs = true
    /// Print the parameter types of a local name's enclosing function.
    var enclosingParams = true

    private var out: [UInt8] = []
    private var scopes = 1
    private var inner: [DemangleNode] = []
    private var printing: [DemangleNode] = []
    /// Printing stops past this length (substitutions can repeat text exponentially).
    private static let maxOutput = 1 << 16

    init(templateArgs: Bool, enclosingParams: Bool) {
        self.templateArgs = templateArgs
        self.enclosingParams = enclosingParams
    }

    mutating func string(_ node: DemangleNode) -> String {
        print(node)
        return String(decoding: out, as: UTF8.self)
    }

    private var last: UInt8 { out.last ?? 0 }
    private mutating func write(_ s: String) { out.append(contentsOf: s.utf8) }
    private mutating func write(_ c: Character) { out.append(c.asciiValue!) }
    private mutating func startScope(_ c: Character) {
        scopes += 1
        write(c)
    }
    private mutating func endScope(_ c: Character) {
        scopes -= 1
        write(c)
    }

    private mutating func print(_ n: DemangleNode) {
        // A substitution can make the tree cyclic: a node prints at most twice on one path.
        if out.count > Self.maxOutput { return }
        var seen = 0
        for p in printing where p === n {
            seen += 1
            if seen > 1 { return }
        }
        printing.append(n)
        printNode(n)
        printing.removeLast()
    }

    private mutating func printList(_ list: [DemangleNode], skipEmpty: Bool) {
        var first = true
        for a in list {
            if skipEmpty && isEmpty(a) { continue }
            if !first { write(", ") }
            print(a)
            first = false
        }
    }

    private func isEmpty(_ n: DemangleNode) -> Bool {
        switch n.kind {
        case .argumentPack: return n.list.allSatisfy(isEmpty)
        case .exprList: return n.list.isEmpty
        case .packExpansion: return n.b != nil && isEmpty(n.a!)
        default: return false
        }
    }

    /// Prints `base`, letting it place `qual`'s declarator part (`*`, `&`…) where C++ puts it.
    private mutating func printBase(_ qual: DemangleNode, _ base: DemangleNode) {
        inner.append(qual)
        print(base)
        if !inner.isEmpty {
            printInnerPart(qual)
            inner.removeLast()
        }
    }

    @discardableResult
    private mutating func printInners(prefixOnly: Bool) -> [DemangleNode] {
        var saved: [DemangleNode] = []
        while !inner.isEmpty {
            let a = inner.removeLast()
            if prefixOnly && a.kind == .methodWithQualifiers {
                saved.append(a)
                continue
            }
            printInnerPart(a)
        }
        return saved
    }

    private mutating func printOneInner() {
        let a = inner.removeLast()
        printInnerPart(a)
    }

    /// The part of a declarator a node contributes when printed inside out.
    private mutating func printInnerPart(_ n: DemangleNode) {
        switch n.kind {
        case .typed: print(n.a!)
        case .typeWithQualifiers:
            write(" ")
            print(n.b!)
        case .methodWithQualifiers:
            if let q = n.b {
                write(" ")
                print(q)
            }
            if !n.text.isEmpty {
                write(" ")
                write(n.text)
            }
        case .pointer: write("*")
        case .reference: write("&")
        case .rvalueReference: write("&&")
        case .complex: write(" _Complex")
        case .imaginary: write(" _Imaginary")
        case .suffixType:
            write(" ")
            write(n.text)
        case .vendorQualifier:
            write(" ")
            print(n.a!)
        case .array: printDimension(n)
        case .functionType: printArgs(n)
        case .ptrMem:
            if last != UInt8(ascii: "(") { write(" ") }
            print(n.a!)
            write("::*")
        case .vector:
            write(" __vector(")
            print(n.a!)
            write(")")
        default: print(n)
        }
    }

    private mutating func printDimension(_ n: DemangleNode) {
        var space = " "
        while let top = inner.last {
            var innerNode = top
            if innerNode.kind == .typeWithQualifiers { innerNode = innerNode.a! }
            if innerNode.kind == .array {
                if innerNode === top { space = "" }
                printOneInner()
            } else {
                write(" ")
                startScope("(")
                printInners(prefixOnly: false)
                endScope(")")
            }
        }
        write(space)
        write("[")
        print(n.a!)
        write("]")
    }

    private mutating func printArgs(_ ft: DemangleNode) {
        var paren = false, space = false
        for a in inner.reversed() {
            switch a.kind {
            case .pointer, .reference, .rvalueReference: paren = true
            case .typeWithQualifiers, .complex, .imaginary, .ptrMem:
                space = true
                paren = true
            default: break
            }
            if paren { break }
        }
        if paren {
            if !space && last != UInt8(ascii: "(") && last != UInt8(ascii: "*") { space = true }
            if space && last != UInt8(ascii: " ") { write(" ") }
            startScope("(")
        }
        let saved = printInners(prefixOnly: true)
        if paren { endScope(")") }
        startScope("(")
        if !ft.flag || enclosingParams {
            printList(ft.list, skipEmpty: true)
        }
        endScope(")")
        inner = saved
        printInners(prefixOnly: false)
    }

    private mutating func parenthesize(_ n: DemangleNode) {
        let paren: Bool
        switch n.kind {
        case .name, .initializerList, .functionParam: paren = false
        case .qualified: paren = n.flag
        default: paren = true
        }
        if paren { startScope("(") }
        print(n)
        if paren { endScope(")") }
    }

    private static let literalSuffix = [
        "int": "", "unsigned int": "u", "long": "l", "unsigned long": "ul", "long long": "ll",
        "unsigned long long": "ull",
    ]
    private static let floatTypes: Set<String> = ["double", "long double", "float", "__float128", "half"]

    private mutating func printNode(_ n: DemangleNode) {
        switch n.kind {
        case .name, .builtin:
            write(n.text)
        case .typed:
            let hold = inner
            inner = [n]
            print(n.b!)
            if !inner.isEmpty {
                write(" ")
                print(n.a!)
            }
            inner = hold
        case .qualified:
            print(n.a!)
            write("::")
            print(n.b!)
        case .template:
            let hold = inner
            inner = []
            print(n.a!)
            if templateArgs {
                if last == UInt8(ascii: "<") { write(" ") }
                let saved = scopes
                scopes = 0
                write("<")
                printList(n.list, skipEmpty: true)
                if last == UInt8(ascii: ">") { write(" ") }
                write(">")
                scopes = saved
            }
            inner = hold
        case .templateParam:
            if let t = n.template, n.index < t.list.count { print(t.list[n.index]) }
        case .lambdaAuto:
            write("auto:\(n.index + 1)")
        case .templateParamQualifiedArg:
            print(n.b!)
        case .qualifiers:
            for (i, q) in n.list.enumerated() {
                if i > 0 { write(" ") }
                print(q)
            }
        case .qualifier:
            write(n.text)
            if !n.list.isEmpty {
                startScope("(")
                var first = true
                for e in n.list where !(e.kind == .exprList && e.list.isEmpty) {
                    if !first { write(", ") }
                    print(e)
                    first = false
                }
                endScope(")")
            }
        case .typeWithQualifiers:
            inner.append(n)
            print(n.a!)
            if !inner.isEmpty {
                write(" ")
                print(n.b!)
                inner.removeLast()
            }
        case .methodWithQualifiers:
            inner.append(n)
            print(n.a!)
            if !inner.isEmpty {
                printInnerPart(n)
                inner.removeLast()
            }
        case .pointer, .reference, .rvalueReference, .complex, .imaginary, .suffixType:
            printBase(n, n.a!)
        case .transformedType:
            write(n.text)
            startScope("(")
            print(n.a!)
            endScope(")")
        case .vendorQualifier:
            inner.append(n)
            print(n.b!)
            if !inner.isEmpty { printOneInner() }
        case .array:
            inner.append(n)
            print(n.b!)
            if !inner.isEmpty {
                inner.removeLast()
                printDimension(n)
            }
        case .functionType:
            var ret = n.a
            if n.flag { ret = nil }
            if let ret {
                inner.append(n)
                print(ret)
                if inner.isEmpty { return }
                inner.removeLast()
                write(" ")
            }
            printArgs(n)
        case .functionParam:
            write(n.index == 0 ? "this" : "{parm#\(n.index)}")
        case .ptrMem:
            inner.append(n)
            print(n.b!)
            if !inner.isEmpty { printOneInner() }
        case .vector:
            inner.append(n)
            print(n.b!)
            if !inner.isEmpty { printOneInner() }
        case .elaborated:
            write(n.text)
            write(" ")
            printNode(n.a!)
        case .decltype:
            write("decltype ")
            startScope("(")
            print(n.a!)
            endScope(")")
        case .op:
            write("operator")
            if let f = n.text.utf8.first, ItaniumParser.isLower(f) { write(" ") }
            write(n.text.hasSuffix(" ") ? String(n.text.dropLast()) : n.text)
        case .constructor:
            print(n.a!)
        case .destructor:
            write("~")
            print(n.a!)
        case .globalCDtor:
            write("global ")
            write(n.flag ? "constructors" : "destructors")
            write(" keyed to ")
            print(n.a!)
        case .taggedName:
            print(n.a!)
            write("[abi:")
            print(n.b!)
            write("]")
        case .packExpansion:
            if n.b == nil {
                parenthesize(n.a!)
                write("...")
            } else {
                print(n.a!)
            }
        case .argumentPack:
            for (i, a) in n.list.enumerated() {
                if i > 0 { write(", ") }
                print(a)
            }
        case .sizeofPack:
            write(String(n.a!.list.count))
        case .sizeofArgs:
            var count = 0
            for a in n.list {
                count += a.kind == .argumentPack || a.kind == .exprList ? a.list.count : 1
            }
            write(String(count))
        case .cast:
            write("operator ")
            print(n.a!)
        case .nullary:
            if n.a!.kind == .op { write(n.a!.text) } else { print(n.a!) }
        case .unary:
            printUnary(n)
        case .binary:
            printBinary(n)
        case .trinary:
            parenthesize(n.list[0])
            write("?")
            parenthesize(n.list[1])
            write(" : ")
            parenthesize(n.list[2])
        case .fold:
            printFold(n)
        case .new:
            write("new ")
            if let place = n.a {
                parenthesize(place)
                write(" ")
            }
            print(n.b!)
            if let ini = n.c { parenthesize(ini) }
        case .literal:
            printLiteral(n)
        case .stringLiteral:
            write("\"<")
            printNode(n.a!)
            write(">\"")
        case .lambdaExpr:
            write("[]")
            if n.a!.kind == .closure { printClosureTypes(n.a!) }
            write("{...}")
        case .exprList:
            printList(n.list, skipEmpty: false)
        case .initializerList:
            if let t = n.a { print(t) }
            write("{")
            print(n.b!)
            write("}")
        case .defaultArg:
            write("{default arg#\(n.index + 1)}::")
            print(n.a!)
        case .closure:
            write("{lambda")
            printClosureTypes(n)
            write("#\(n.index + 1)}")
        case .structuredBindings:
            write("[")
            printList(n.list, skipEmpty: false)
            write("]")
        case .unnamedType:
            write("{unnamed type#\(n.index + 1)}")
        case .clone:
            print(n.a!)
            write(" [clone \(n.text)]")
        case .special:
            write(n.text)
            print(n.a!)
        case .special2:
            write(n.text)
            print(n.a!)
            write(n.text2)
            print(n.b!)
        case .enableIf:
            print(n.a!)
            write(" [enable_if:")
            printList(n.list, skipEmpty: false)
            write("]")
        case .friend:
            write("friend ")
            print(n.a!)
        }
    }

    private mutating func printClosureTypes(_ n: DemangleNode) {
        startScope("(")
        printList(n.list, skipEmpty: false)
        endScope(")")
    }

    private mutating func printLiteral(_ n: DemangleNode) {
        let t = n.a!
        var isFloat = false
        if t.kind == .builtin {
            if let suffix = Self.literalSuffix[t.text] {
                if n.flag { write("-") }
                write(n.text2)
                write(suffix)
                return
            } else if t.text == "bool" && !n.flag && (n.text2 == "0" || n.text2 == "1") {
                write(n.text2 == "0" ? "false" : "true")
                return
            } else if t.text == "decltype(nullptr)" && (n.text2.isEmpty || n.text2 == "0") {
                print(t)
                return
            } else {
                isFloat = Self.floatTypes.contains(t.text)
            }
        }
        startScope("(")
        print(t)
        endScope(")")
        if isFloat { write("[") }
        if n.flag { write("-") }
        write(n.text2)
        if isFloat { write("]") }
    }

    private mutating func printUnary(_ n: DemangleNode) {
        let opNode = n.a!
        let op = opNode.kind == .op ? opNode.text : nil
        var expr = n.b!
        if op == "&", expr.kind == .typed, expr.b!.kind == .functionType { expr = expr.a! }
        if n.flag { parenthesize(expr) }
        if let op {
            write(op)
        } else if opNode.kind == .cast {
            startScope("(")
            print(opNode.a!)
            endScope(")")
        } else {
            print(opNode)
        }
        if !n.flag {
            if op == "::" {
                print(expr)
            } else if n.flag2 {
                startScope("(")
                print(expr)
                endScope(")")
            } else {
                parenthesize(expr)
            }
        }
    }

    private mutating func printBinary(_ n: DemangleNode) {
        let opNode = n.a!
        let op = opNode.kind == .op ? opNode.text : nil
        if let op, op.contains("cast") {
            write(op)
            let saved = scopes
            scopes = 0
            write("<")
            print(n.b!)
            write(">")
            scopes = saved
            startScope("(")
            print(n.c!)
            endScope(")")
            return
        }
        if let op, isDesignated(n) {
            write(op == "=" ? "." : "[")
            print(n.b!)
            if op == "]=" { write("]") }
            if isDesignated(n.c!) {
                print(n.c!)
            } else {
                write("=")
                parenthesize(n.c!)
            }
            return
        }
        let outerParen = op == ">" || op == ">>"
        if outerParen { startScope("(") }
        var left = n.b!
        var skipParens = false
        if op == "()" && left.kind == .typed {
            if left.b!.kind == .functionType {
                if left.b!.a == nil { left = left.a! } else { skipParens = true }
            } else {
                left = left.a!
            }
        }
        if skipParens { print(left) } else { parenthesize(left) }
        if op == "[]" {
            write("[")
            print(n.c!)
            write("]")
            return
        }
        if let op {
            if op != "()" { write(op) }
        } else {
            print(opNode)
        }
        parenthesize(n.c!)
        if outerParen { endScope(")") }
    }

    /// A designated initializer (`.field=value`, `[index]=value`) inside a braced list.
    private func isDesignated(_ n: DemangleNode) -> Bool {
        switch n.kind {
        case .binary:
            guard n.a!.kind == .op else { return false }
            let op = n.a!.text
            if op == "]=" { return true }
            return op == "=" && n.b!.kind != .literal
        case .trinary:
            return n.a!.kind == .op && n.a!.text == "[...]="
        default:
            return false
        }
    }

    private mutating func printFold(_ n: DemangleNode) {
        let opNode = n.a!
        func printOp(_ p: inout ItaniumPrinter) {
            if opNode.kind == .op { p.write(opNode.text) } else { p.print(opNode) }
        }
        startScope("(")
        if let arg2 = n.c {
            parenthesize(n.b!)
            printOp(&self)
            write("...")
            printOp(&self)
            parenthesize(arg2)
        } else if n.flag {
            write("...")
            printOp(&self)
            parenthesize(n.b!)
        } else {
            parenthesize(n.b!)
            printOp(&self)
            write("...")
        }
        endScope(")")
    }
}
