extension Profile {
    /// The unit of each numeric label key: the first unit seen for the key;
    /// keys without any unit get one guessed from their name ("bytes" for
    /// `alignment` and `request`, else the key itself). `ignored` lists, per
    /// key, the other units seen (sorted), which the CLI warns about.
    public func numLabelUnits() -> (units: [String: String], ignored: [String: [String]]) {
        var units: [String: String] = [:]
        var ignored: [String: Set<String>] = [:]
        var keys = Set<String>()
        func note(_ key: String, _ sample: Sample) {
            keys.insert(key)
            for unit in sample.numUnits[key] ?? [] where !unit.isEmpty {
                if let want = units[key] {
                    if want != unit { ignored[key, default: []].insert(unit) }
                } else {
                    units[key] = unit
                }
            }
        }
        for sample in samples {
            if sample.numLabels.isEmpty { continue }
            if sample.numLabels.count == 1, let key = sample.numLabels.keys.first {
                note(key, sample)
                continue
            }
            // Sorted for a deterministic "first unit" when keys share samples.
            for key in sample.numLabels.keys.sorted() {
                note(key, sample)
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
