extension Report {
    /// The hottest nodes as a profile of their own (pprof's `topproto`): one
    /// sample per node with values `cum` and `flat` in the output unit. The
    /// caller encodes it as profile.proto.
    public func topProtoProfile() -> Profile {
        let trimmed = trimmedGraph()
        let unit = trimmed.outputUnit
        var out = Profile()
        out.sampleTypes = [ValueType(type: "cum", unit: unit), ValueType(type: "flat", unit: unit)]
        out.timeNanos = profile.timeNanos
        out.durationNanos = profile.durationNanos
        out.periodType = profile.periodType
        out.period = profile.period

        struct FunctionKey: Hashable {
            let name: String
            let origName: String
            let file: String
            let startLine: Int
        }
        var functionIndex: [FunctionKey: Int] = [:]
        for (i, id) in trimmed.graph.nodeIDs.enumerated() {
            let node = trimmed.graph[node: id]
            let info = node.info
            let key = FunctionKey(name: info.name, origName: info.origName, file: info.file, startLine: info.startLine)
            let function: Int
            if let existing = functionIndex[key] {
                function = existing
            } else {
                function = out.functions.count
                functionIndex[key] = function
                out.functions.append(
                    Function(
                        id: UInt64(function + 1), name: info.name, systemName: info.origName, filename: info.file,
                        startLine: Int64(info.startLine)))
            }
            out.locations.append(
                Location(
                    id: UInt64(i + 1), address: info.address,
                    lines: [Line(function: function, line: Int64(info.lineno), column: Int64(info.columnno))]))
            let flat = Measurement.scale(node.flatValue, from: options.sampleUnit, to: unit).value
            let cum = Measurement.scale(node.cumValue, from: options.sampleUnit, to: unit).value
            out.samples.append(
                Sample(locations: [i], values: [goInt64(cum), goInt64(flat)]))
        }
        return out
    }
}
