extension Profile {
    /// The sample value index that `-sample_index=name` selects: empty picks
    /// the default sample type (or the last one), a number picks that index,
    /// and a name picks the sample type of that name, where `inuse_space`
    /// also finds `space` (older heap profiles).
    public func sampleIndex(named name: String) throws -> Int {
        if name.isEmpty {
            if !defaultSampleType.isEmpty,
                let i = sampleTypes.firstIndex(where: { $0.type == defaultSampleType })
            {
                return i
            }
            return sampleTypes.count - 1
        }
        if let i = Int(name) {
            guard i >= 0, i < sampleTypes.count else {
                throw ProfileError(
                    .invalidOption, "sample_index \(name) is outside the range [0..\(sampleTypes.count - 1)]")
            }
            return i
        }
        let withoutInuse = name.hasPrefix("inuse_") ? String(name.dropFirst("inuse_".count)) : name
        if let i = sampleTypes.firstIndex(where: { $0.type == name || $0.type == withoutInuse }) {
            return i
        }
        let names = sampleTypes.map(\.type).joined(separator: " ")
        throw ProfileError(.invalidOption, "sample_index \"\(name)\" must be one of: [\(names)]")
    }

    /// The unit of each numeric label key: the first unit seen for the key;
    /// keys without any unit get one guessed from their name ("bytes" for
    /// `alignment` and `request`, else the key itself). `ignored` lists, per
    /// key, the other units seen (sorted), which the CLI warns about.
    public func numLabelUnits() -> (units: [String: String], ignored: [String: [String]]) {
        var units: [String: String] = [:]
        var ignored: [String: Set<String>] = [:]
        var keys = Set<String>()
        for sample in samples {
            // Sorted for a deterministic "first unit" when keys share samples.
            for key in sample.numLabels.keys.sorted() {
                keys.insert(key)
                for unit in sample.numUnits[key] ?? [] where !unit.isEmpty {
                    if let want = units[key] {
                        if want != unit { ignored[key, default: []].insert(unit) }
                    } else {
                        units[key] = unit
                    }
                }
            }
        }
        for key in keys where (units[key] ?? "").isEmpty {
            switch key {
            case "alignment", "request": units[key] = "bytes"
            default: units[key] = key
            }
        }
        return (units, ignored.mapValues { $0.sorted() })
    }
}
