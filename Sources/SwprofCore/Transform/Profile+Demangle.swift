extension Profile {
    /// What pprof's symbolizer does to function names after symbolization
    /// (`Demangle` with the `-symbolize=…:demangle=MODE` mode): a function whose
    /// name is empty or equal to its system name gets its system name, simplified
    /// when it looks like demangled C++ (contains `<>[]` or `::`, but not `.<` or
    /// `]).`): parameter lists `(…)` are removed, and template arguments `<…>` too
    /// unless `mode` is "templates". Mode "full" keeps names whole; "none" changes
    /// nothing. With `force`, names are first reset to the system names.
    ///
    /// swprof reads no mangled (`_Z…`) symbols: names the profile already holds are used.
    public mutating func simplifyDemangledNames(mode: String, force: Bool) {
        if force {
            for i in functions.indices where !functions[i].name.isEmpty && !functions[i].systemName.isEmpty {
                functions[i].name = functions[i].systemName
            }
        }
        if mode == "none" { return }
        for i in functions.indices {
            let f = functions[i]
            if !f.name.isEmpty && !f.systemName.utf8.elementsEqual(f.name.utf8) { continue }
            var name = Array(f.systemName.utf8)
            if Self.looksLikeDemangledCPlusPlus(name) {
                if mode != "full" {
                    name = Self.removingMatching(name, UInt8(ascii: "("), UInt8(ascii: ")"))
                }
                if mode == "" {
                    name = Self.removingMatching(name, UInt8(ascii: "<"), UInt8(ascii: ">"))
                }
            }
            functions[i].name = name.elementsEqual(f.systemName.utf8) ? f.systemName : String(decoding: name, as: UTF8.self)
        }
    }

    private static func looksLikeDemangledCPlusPlus(_ name: [UInt8]) -> Bool {
        func contains(_ s: String) -> Bool {
            let needle = Array(s.utf8)
            guard name.count >= needle.count else { return false }
            return (0...(name.count - needle.count)).contains { name[$0..<($0 + needle.count)].elementsEqual(needle) }
        }
        if contains(".<") || contains("]).") { return false }
        return name.contains { $0 == UInt8(ascii: "<") || $0 == UInt8(ascii: ">") || $0 == UInt8(ascii: "[") || $0 == UInt8(ascii: "]") }
            || contains("::")
    }

    /// `name` without its outermost `start … end` groups (an unclosed group stays);
    /// unchanged when an `end` comes without its `start`.
    private static func removingMatching(_ name: [UInt8], _ start: UInt8, _ end: UInt8) -> [UInt8] {
        var result = name
        var nesting = 0, first = 0, current = 0
        while current < result.count {
            let b = result[current]
            if b == start {
                nesting += 1
                if nesting == 1 { first = current }
            } else if b == end {
                nesting -= 1
                if nesting < 0 { return name }
                if nesting == 0 {
                    result.removeSubrange(first...current)
                    current = first - 1
                }
            }
            current += 1
        }
        return result
    }
}
