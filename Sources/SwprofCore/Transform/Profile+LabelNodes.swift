extension Profile {
    /// pprof's `-tagroot` / `-tagleaf`: adds pseudo frames made from label
    /// values to every sample, above the root (`rootKeys`, first key outermost)
    /// and below the leaf (`leafKeys`, last key innermost). A pseudo frame's
    /// function is named by the sample's values for the key (joined by ",",
    /// numeric values formatted in `outputUnit`) and its file name is the key.
    /// Returns whether any sample had a value for a root key, and for a leaf key.
    @discardableResult
    public mutating func addLabelNodes(rootKeys: [String], leafKeys: [String], outputUnit: String) -> (root: Bool, leaf: Bool) {
        if rootKeys.isEmpty && leafKeys.isEmpty { return (false, false) }
        var nextLocationID = (locations.map(\.id).max() ?? 0) &+ 1
        var nextFunctionID = (functions.map(\.id).max() ?? 0) &+ 1
        struct Key: Hashable { var name: String; var file: String }
        var interned: [Key: Int] = [:]

        func location(for key: Key) -> Int {
            if let index = interned[key] { return index }
            functions.append(Function(id: nextFunctionID, name: key.name, filename: key.file))
            nextFunctionID &+= 1
            locations.append(Location(id: nextLocationID, lines: [Line(function: functions.count - 1, line: 0)]))
            nextLocationID &+= 1
            interned[key] = locations.count - 1
            return locations.count - 1
        }

        func labelLocations(_ sample: Sample, _ keys: [String]) -> ([Int], Bool) {
            var result: [Int] = []
            var matched = false
            for key in keys.reversed() {
                let values = Self.labelValues(sample, key, outputUnit)
                if !values.isEmpty { matched = true }
                result.append(location(for: Key(name: values.joined(separator: ","), file: key)))
            }
            return (result, matched)
        }

        var rootMatched = false
        var leafMatched = false
        for i in samples.indices {
            let (roots, r) = labelLocations(samples[i], rootKeys)
            let (leaves, l) = labelLocations(samples[i], leafKeys)
            rootMatched = rootMatched || r
            leafMatched = leafMatched || l
            samples[i].locations = leaves + samples[i].locations + roots
        }
        return (rootMatched, leafMatched)
    }

    /// The string values, then the formatted numeric values, of label `key`.
    private static func labelValues(_ sample: Sample, _ key: String, _ outputUnit: String) -> [String] {
        var values = sample.labels[key] ?? []
        let numbers = sample.numLabels[key] ?? []
        let units = sample.numUnits[key] ?? []
        if numbers.count != units.count && !units.isEmpty { return values }
        for (i, number) in numbers.enumerated() {
            values.append(
                units.isEmpty
                    ? Measurement.scaledLabel(number, from: "", to: "")
                    : Measurement.scaledLabel(number, from: units[i], to: outputUnit))
        }
        return values
    }
}
