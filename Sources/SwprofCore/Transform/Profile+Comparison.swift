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
