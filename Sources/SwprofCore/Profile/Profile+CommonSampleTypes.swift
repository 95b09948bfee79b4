extension Profile {
    /// Makes profiles mergeable as pprof's `CompatibilizeSampleTypes` does before
    /// it merges or subtracts: keeps only the sample types (by name) that every
    /// profile has, in the first profile's order, reordering each profile's values
    /// to match. A profile whose default sample type is dropped gets the first kept one.
    ///
    /// - Throws: `ProfileError(.incompatible)` when no sample type is common to all.
    public static func keepCommonSampleTypes(_ profiles: inout [Profile]) throws {
        guard let first = profiles.first else { return }
        var seen: [String: Int] = [:]
        for p in profiles {
            for t in p.sampleTypes { seen[t.type, default: 0] += 1 }
        }
        let common = first.sampleTypes.map(\.type).filter { seen[$0] == profiles.count }
        guard !common.isEmpty else {
            throw ProfileError(.incompatible, "profiles have empty common sample type list")
        }
        for i in profiles.indices {
            profiles[i].keepSampleTypes(common)
        }
    }

    /// Keeps the sample types named `types`, in that order (each must be present).
    private mutating func keepSampleTypes(_ types: [String]) {
        let order = types.map { t in sampleTypes.firstIndex { $0.type == t } ?? 0 }
        if order == Array(sampleTypes.indices) { return }
        if !types.contains(defaultSampleType) { defaultSampleType = types[0] }
        sampleTypes = order.map { sampleTypes[$0] }
        for n in samples.indices {
            let old = samples[n].values
            samples[n].values = order.map { $0 < old.count ? old[$0] : 0 }
        }
    }
}
