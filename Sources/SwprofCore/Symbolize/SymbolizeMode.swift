/// pprof's `-symbolize=` option: `local|fastlocal|remote|none`, `force`, and
/// `demangle=none|full|templates|default`, `:`-separated.
public struct SymbolizeMode: Sendable, Equatable {
    /// `none`/`no`: leave the profile as it is (no symbolization, no demangling).
    public var off = false
    public var local = true
    public var remote = true
    /// Symbolize mappings that already have names, and restore system names first.
    public var force = false
    /// `""` (pprof's default simplification), `none`, `full` or `templates`.
    public var demangle = ""
    /// Options that were not understood (pprof warns and goes on).
    public var unrecognized = false

    public init(_ text: String) {
        for option in text.lowercased().split(separator: ":", omittingEmptySubsequences: false) {
            switch option {
            case "": continue
            case "none", "no":
                off = true
                return
            case "local": (remote, local) = (false, true)
            case "fastlocal": (remote, local) = (false, true)
            case "remote": (remote, local) = (true, false)
            case "force": force = true
            default:
                let d = option.hasPrefix("demangle=") ? option.dropFirst("demangle=".count) : option
                switch d {
                case "full", "none", "templates":
                    demangle = String(d)
                    force = true
                case "default": continue
                default: unrecognized = true
                }
            }
        }
    }
}
