/// pprof's last symbolization step: function names demangled and simplified
/// for reports (`-symbolize=demangle=…`). Mangled C++ and Rust names are
/// demangled (`Demangler`); names that are already demangled C++ lose their
/// parameters and, by default, their template arguments; names pprof reads as
/// other languages' (Go's `.<`, `]).`) are left alone.
public enum NameSimplifier {
    /// pprof's demangler options for a `-symbolize=demangle=` mode; nil for `none`.
    static func options(_ mode: String) -> Demangler.Options? {
        switch mode {
        case "": return Demangler.Options(params: false, templateArgs: false, enclosingParams: false)
        case "templates": return Demangler.Options(params: false, enclosingParams: false)
        case "full": return Demangler.Options(clones: false)
        default: return nil  // "none"
        }
    }

    /// Applies pprof's `Demangle` to every function of `profile`.
    public static func apply(to profile: inout Profile, force: Bool, mode: String) {
        if force {
            for i in profile.functions.indices where !profile.functions[i].name.isEmpty && !profile.functions[i].systemName.isEmpty {
                profile.functions[i].name = profile.functions[i].systemName
            }
        }
        guard let options = options(mode) else { return }
        for i in profile.functions.indices {
            let f = profile.functions[i]
            if !f.name.isEmpty && f.systemName != f.name { continue }  // already demangled
            profile.functions[i].name = simplified(f.systemName, options)
        }
    }

    /// A symbol's name as reports show it by default (pprof's default simplification).
    public static func reportName(_ name: String) -> String {
        simplified(name, options("")!)
    }

    /// A system name as a report shows it: demangled (also without a leading
    /// `_`, as on macOS), else an already demangled C++ name simplified.
    static func simplified(_ name: String, _ options: Demangler.Options) -> String {
        if let d = Demangler.demangle(name, options), d != name { return d }
        if name.hasPrefix("_") {
            let rest = String(name.dropFirst())
            if let d = Demangler.demangle(rest, options), d != rest { return d }
        }
        guard looksLikeDemangledCPlusPlus(name) else { return name }
        var result = name
        if !options.params { result = removeMatching(result, "(", ")") }
        if !options.templateArgs { result = removeMatching(result, "<", ">") }
        return result
    }

    static func looksLikeDemangledCPlusPlus(_ name: String) -> Bool {
        if name.contains(".<") || name.contains("]).") { return false }
        return name.contains(where: { "<>[]".contains($0) }) || name.contains("::")
    }

    /// `name` without each outermost `open…close` group; unchanged when a
    /// closing character comes before its opening one.
    static func removeMatching(_ name: String, _ open: Character, _ close: Character) -> String {
        let o = open.asciiValue!, c = close.asciiValue!
        var bytes = Array(name.utf8)
        var nesting = 0, first = 0, i = 0
        while i < bytes.count {
            let b = bytes[i]
            if b == o {
                nesting += 1
                if nesting == 1 { first = i }
            } else if b == c {
                nesting -= 1
                if nesting < 0 { return name }
                if nesting == 0 {
                    bytes.removeSubrange(first...i)
                    i = first
                    continue
                }
            }
            i += 1
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
