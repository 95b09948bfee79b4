extension Report {
    /// The report in callgrind format (for KCachegrind), as pprof writes it.
    func callgrindText() -> String {
        var prepared = preparedProfile(for: .callgrind)
        let trimmed = trimmedGraph(&prepared, format: .callgrind)
        let graph = trimmed.graph
        let unit = trimmed.outputUnit
        let names = disambiguatedNames(graph)

        var out = "positions: instr line\n"
        out += "events: \(options.sampleType)(\(unit))\n"
        var objfiles: [String: Int] = [:]
        var files: [String: Int] = [:]
        var functions: [String: Int] = [:]
        var previous: NodeInfo? = nil
        for id in graph.nodeIDs {
            let node = graph[node: id]
            let info = node.info
            if previous == nil || info.objfile != previous?.objfile || info.file != previous?.file
                || info.name != previous?.name
            {
                out += "\n"
                out += "ob=" + compressedName(&objfiles, info.objfile) + "\n"
                out += "fl=" + compressedName(&files, info.file) + "\n"
                out += "fn=" + compressedName(&functions, info.name) + "\n"
            }
            let address = compressedAddress(previous, info.address)
            let flat = Measurement.scale(node.flatValue, from: options.sampleUnit, to: unit).value
            out += "\(address) \(info.lineno) \(goInt64(flat))\n"
            for edge in graph.sortedOutEdges(of: id) {
                let weight = Measurement.scale(edge.weight, from: options.sampleUnit, to: unit).value
                let callee = graph[node: edge.destination]
                out += "cfl=" + compressedName(&files, callee.info.file) + "\n"
                out += "cfn=" + compressedName(&functions, names[callee.id] ?? callee.info.name) + "\n"
                out += "calls=0 \(compressedAddress(previous, callee.info.address)) \(callee.info.lineno)\n"
                out += "* * \(goInt64(weight))\n"
            }
            previous = info
        }
        return out
    }

    /// Callgrind merges functions with the same file and name; nodes of
    /// different functions (call-tree contexts) get a ` [i/n]` suffix.
    private func disambiguatedNames(_ graph: Graph) -> [Int: String] {
        struct Key: Hashable {
            let file: String
            let name: String
        }
        var functionIndex: [Key: [Int: Int]] = [:]
        for id in graph.nodeIDs {
            let node = graph[node: id]
            let key = Key(file: node.info.file, name: node.info.name)
            var indices = functionIndex[key] ?? [:]
            if indices[node.function] == nil {
                indices[node.function] = indices.count
            }
            functionIndex[key] = indices
        }
        var names: [Int: String] = [:]
        for id in graph.nodeIDs {
            let node = graph[node: id]
            var name = node.info.name
            if let indices = functionIndex[Key(file: node.info.file, name: node.info.name)], indices.count > 1 {
                name += " [\((indices[node.function] ?? 0) + 1)/\(indices.count)]"
            }
            names[id] = name
        }
        return names
    }

    /// `(N) name` the first time a name appears, `(N)` afterwards.
    private func compressedName(_ table: inout [String: Int], _ name: String) -> String {
        if name.isEmpty { return "" }
        if let id = table[name] { return "(\(id))" }
        let id = table.count + 1
        table[name] = id
        return "(\(id)) \(name)"
    }

    /// An address relative to the previous one (`+12`, `-4`, `*` for the
    /// same) when shorter than the absolute `0x…` form.
    private func compressedAddress(_ previous: NodeInfo?, _ current: UInt64) -> String {
        let absolute = current == 0 ? "0x0" : "0x" + String(current, radix: 16)
        guard let previous else { return absolute }
        if previous.address == current { return "*" }
        let diff = Int64(bitPattern: current &- previous.address)
        let relative = diff >= 0 ? "+\(diff)" : "\(diff)"
        return relative.count < absolute.count ? relative : absolute
    }
}
