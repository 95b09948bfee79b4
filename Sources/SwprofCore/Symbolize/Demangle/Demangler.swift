/// C++ and Rust symbol names demangled as pprof demangles them: the
/// demangle package's `Filter` with the options of pprof's symbolizer modes.
enum Demangler {
    struct Options {
        /// Read and print the function's parameters (`NoParams` off); also keeps clone suffixes unless `clones` is off.
        var params = true
        /// Print C++ template arguments and Rust generic arguments.
        var templateArgs = true
        /// Print the parameters of a local name's enclosing function.
        var enclosingParams = true
        /// Read `.constprop.0`-style clone suffixes (and refuse other trailing text).
        var clones = true
    }

    /// The demangled name, or nil when `name` is not a name the demangler reads.
    static func demangle(_ name: String, _ options: Options) -> String? {
        if name.hasPrefix("_R") { return RustDemangler.v0(name, templateArgs: options.templateArgs) }
        if name.hasPrefix("_ZN"), let legacy = legacyRustCandidate(name) {
            if let s = RustDemangler.legacy(legacy) { return s }
        }
        guard name.hasPrefix("_Z") else { return nil }
        var parser = ItaniumParser(name.dropFirst(2))
        defer { for p in parser.params { p.template = nil } }
        guard let tree = try? parser.parseTop(params: options.params, clones: options.params && options.clones) else {
            return nil
        }
        var printer = ItaniumPrinter(templateArgs: options.templateArgs, enclosingParams: options.enclosingParams)
        return printer.string(tree)
    }

    /// The part of a `_ZN…E` name that may be a legacy Rust name: it ends in
    /// `17h` and 16 characters, then `E` (a `.suffix` after it is dropped).
    private static func legacyRustCandidate(_ name: String) -> Substring? {
        let u = Array(name.utf8)
        var end = u.count
        // The last "E." (not at the start) ends the candidate.
        var i = u.count - 2
        while i > 0 {
            if u[i] == UInt8(ascii: "E") && u[i + 1] == UInt8(ascii: ".") {
                end = i + 1
                break
            }
            i -= 1
        }
        guard end > 23, u[end - 1] == UInt8(ascii: "E"), u[end - 20] == UInt8(ascii: "1"), u[end - 19] == UInt8(ascii: "7"),
            u[end - 18] == UInt8(ascii: "h")
        else { return nil }
        return Substring(String(decoding: u[..<end], as: UTF8.self))
    }
}
