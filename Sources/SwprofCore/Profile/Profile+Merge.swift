extension Profile {
    /// Merges profiles into one, as pprof's `Merge`: the profiles must be compatible
    /// (same period type, same sample types); samples with the same stack (locations)
    /// and the same labels are added up; mappings, locations and functions that are
    /// the same in several profiles become one; IDs are renumbered 1, 2, 3... in order
    /// of first use. Samples whose values are all zero are dropped. The result has
    /// the earliest time, the summed duration, the largest period, the comments of all
    /// profiles (once each) and the first non-empty default sample type.
    ///
    /// - Throws: `ProfileError(.incompatible)` for incompatible profiles,
    ///   `ProfileError(.malformed)` when an input is not a valid profile.
    public static func merge(_ profiles: [Profile]) throws -> Profile {
        guard let first = profiles.first else {
            throw ProfileError(.invalidOption, "no profiles to merge")
        }
        for p in profiles.dropFirst() {
            try first.compatible(with: p)
        }
        // The merger indexes sources by position, which stands for pprof's lookups by
        // ID only when IDs are unique and every reference is in range.
        for p in profiles {
            try p.checkValid()
        }

        var header = MergedHeader()
        for p in profiles { header.add(p) }
        var merger = ProfileMerger(header: header.profile)
        merger.reserve(profiles)
        for src in profiles {
            merger.add(src)
        }
        return merger.hasZeroSample ? merger.finish().compactedOnce() : merger.finish()
    }

    /// A merge of this profile alone, without checks: what `merge` does again
    /// when samples summed to zero, to drop them and what only they used.
    func compactedOnce() -> Profile {
        var header = MergedHeader()
        header.add(self)
        var merger = ProfileMerger(header: header.profile)
        merger.reserve([self])
        merger.add(self)
        return merger.finish()
    }

    /// The profile without unreferenced mappings, locations and functions and with
    /// samples of equal stacks and labels combined (pprof's `Compact`, a merge of one).
    public func compacted() -> Profile {
        (try? Profile.merge([self])) ?? self
    }

    /// Compacts the profile in place; see `compacted()`.
    public mutating func compact() {
        self = compacted()
    }
}

/// The merged profile's header fields, as pprof's `combineHeaders` folds them over
/// the sources in order: the first's sample and period types and frame patterns,
/// the earliest time (a later source without one resets it), the summed duration,
/// the largest period, every comment once, the first default sample type and doc URL.
struct MergedHeader {
    /// The header (no samples, mappings, locations or functions).
    private(set) var profile = Profile()
    private var seenComments = Set<ExactString>()
    private var started = false

    /// Folds in `s`'s header fields.
    mutating func add(_ s: Profile) {
        if !started {
            started = true
            profile.sampleTypes = s.sampleTypes
            profile.dropFrames = s.dropFrames
            profile.keepFrames = s.keepFrames
            profile.periodType = s.periodType
        }
        // As pprof: a later profile without a time resets the time to zero.
        if profile.timeNanos == 0 || s.timeNanos < profile.timeNanos { profile.timeNanos = s.timeNanos }
        profile.durationNanos &+= s.durationNanos
        if profile.period == 0 || profile.period < s.period { profile.period = s.period }
        for c in s.comments where seenComments.insert(ExactString(c)).inserted {
            profile.comments.append(c)
        }
        if profile.defaultSampleType.isEmpty { profile.defaultSampleType = s.defaultSampleType }
        if profile.docURL.isEmpty { profile.docURL = s.docURL }
    }
}
