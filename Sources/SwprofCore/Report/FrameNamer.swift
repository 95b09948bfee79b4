import Foundation

/// Names the frames of a location the way pprof names graph nodes for a
/// granularity: the location's fields are first reduced as pprof's
/// `Aggregate` reduces them (so an already aggregated profile names the same),
/// then joined as pprof's `NodeInfo.NameComponents` joins them: address,
/// function name, `file:line` (or the file alone), `[objfile]` or `<unknown>`.
struct FrameNamer {
    let profile: Profile
    let granularity: Granularity
    let noInlines: Bool

    /// Frame names of location `index`, outermost caller first (the order in
    /// which they appear in a root-first stack).
    func frames(location index: Int) -> [String] {
        guard index >= 0, index < profile.locations.count else { return ["<unknown>"] }
        let location = profile.locations[index]
        let keepFunction = granularity != .files
        let keepFile = granularity != .functions
        let keepLine = granularity == .lines || granularity == .addresses
        // pprof leaves an "addresses" profile with inlines untouched, and clears
        // the address for every other granularity.
        let keepAddress = granularity == .addresses

        var objfile = ""
        if let mapping = location.mapping, mapping >= 0, mapping < profile.mappings.count {
            objfile = profile.mappings[mapping].file
        }
        let address = keepAddress ? location.address : 0
        var lines = location.lines
        if noInlines && lines.count > 1 { lines = [lines[lines.count - 1]] }
        if lines.isEmpty {
            return [Self.name(address: address, function: "", file: "", line: 0, objfile: objfile)]
        }
        // Lines are innermost first; the stack wants the caller first.
        return lines.reversed().map { line in
            var function = ""
            var file = ""
            if line.function >= 0, line.function < profile.functions.count {
                let f = profile.functions[line.function]
                function = keepFunction ? f.name : ""
                file = keepFile && !f.filename.isEmpty ? GoFilePath.clean(f.filename) : ""
            }
            let number = keepLine ? line.line : 0
            // pprof records the object file only for frames without a function name.
            return Self.name(address: address, function: function, file: file, line: number, objfile: function.isEmpty ? objfile : "")
        }
    }

    /// The name as Core names a graph node with these fields (``NodeInfo/printableName``).
    static func name(address: UInt64, function: String, file: String, line: Int64, objfile: String) -> String {
        NodeInfo(name: function, address: address, file: file, lineno: Int(truncatingIfNeeded: line), objfile: objfile).printableName
    }
}
