/// How a base profile is combined with the profile it is compared with.
public enum ComparisonMode: Sendable {
    /// `-base`: the base's values are subtracted.
    case subtract
    /// `-diff_base`: the base's samples are subtracted and labelled
    /// `pprof::base=true`, so reports can tell them apart (percentages of
    /// the new profile's total).
    case diffBase
}

extension Profile {
    /// This profile against `base`, as pprof's `-base` and `-diff_base`
    /// combine them: the base optionally labelled (``ComparisonMode/diffBase``),
    /// this profile optionally scaled to the base's totals (`-normalize`),
    /// then the base negated and both merged after keeping their common sample
    /// types in common units. The one home of comparison: the command line,
    /// the web UI's "Compare with previous", `-trend` and the tests use it.
    ///
    /// - Throws: ``ProfileError`` when the profiles cannot be combined
    ///   (no common sample type, incompatible units or period types).
    public func compared(with base: Profile, mode: ComparisonMode = .subtract, normalize: Bool = false) throws -> Profile {
        var new = self
        var base = base
        if mode == .diffBase {
            base.setLabel(Sample.diffBaseLabel, ["true"])
        }
        if normalize {
            try new.normalize(against: base)
        }
        base.scale(by: -1)
        return try Profile.combine([new, base])
    }

    /// Whether merging `profiles` a batch at a time (the merge of the first
    /// batch merged with the next, and so on) gives what one merge of them all
    /// gives: the same sample and period types (nothing to convert or drop) and
    /// no negative values (so no merged sample cancels out and is dropped, which
    /// would reorder what follows). pprof's merge keeps locations, functions,
    /// mappings and samples in the order they are first met, which a chain of
    /// merges preserves.
    public static func mergesInBatches(_ profiles: [Profile]) -> Bool {
        guard let first = profiles.first else { return false }
        for p in profiles {
            guard p.sampleTypes == first.sampleTypes, p.periodType == first.periodType else { return false }
            let negative = p.samples.withUnsafeBufferPointer { samples in
                samples.contains { sample in sample.values.contains { $0 < 0 } }
            }
            if negative { return false }
        }
        return true
    }

    /// Keeps the sample types all `profiles` share, converts them to common
    /// units and merges them (pprof's `combineProfiles`). A single profile is
    /// kept as it is, IDs, order and all, only checked.
    public static func combine(_ profiles: [Profile]) throws -> Profile {
        var scaled = profiles
        try keepCommonSampleTypes(&scaled)
        try scaleProfiles(&scaled)
        if scaled.count == 1 {
            try scaled[0].checkValid()
            return scaled[0]
        }
        return try merge(scaled)
    }
}
