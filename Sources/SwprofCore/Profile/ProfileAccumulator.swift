/// Merges the sources of one command one at a time, as they are read, into what
/// pprof's fetch makes of them (see `SourceMerge`): memory holds the merge and the
/// profile being added, and each profile is folded in once (`ProfileMerger` keeps its
/// tables between profiles).
///
/// pprof merges each chunk of sources (`Profile.combine`: common sample types, common
/// units, `Profile.merge`), then the chunk with what came before. Folding every profile
/// into one merge gives the same profile when nothing is converted, dropped or
/// cancelled, which `add` checks: the same sample types (distinct names) and period
/// type as the first profile, no negative value, and no sum that wraps around.
/// Otherwise `add` returns false and the caller merges by chunks (`isExact`).
public struct ProfileAccumulator {
    /// The first profile as it came: one source alone is not merged (pprof
    /// keeps it), and the merge starts when a second one comes.
    private var first: Profile?
    private var firstLabelSets: [Int32]?
    private var merger: ProfileMerger?
    /// Headers of the chunks before this one, and of this chunk's profiles.
    private var header = MergedHeader()
    private var chunkHeader = MergedHeader()
    private var chunkCount = 0

    /// How many profiles were added.
    public private(set) var count = 0
    /// False once a profile could not be folded as pprof would merge it.
    public private(set) var isExact = true

    public init() {}

    /// Folds in the next profile, which must be valid (`checkValid`). `labelSetOf`
    /// is the decoder's numbering of the samples' label sets, if known
    /// (`ProfileParser.Parsed`). Returns false, and takes no more profiles, when
    /// folding would not give pprof's merge (see the type's description).
    public mutating func add(_ profile: Profile, labelSetOf: [Int32]? = nil) -> Bool {
        guard isExact else { return false }
        guard foldsExactly(profile) else {
            isExact = false
            return false
        }
        var scaled = profile
        if let type = profile.periodType {
            // As pprof's scaling to common units does with a unit that stays the same.
            scaled.period = Measurement.scaledPeriod(profile.period, from: type.unit, to: type.unit)
        }
        chunkHeader.add(scaled)
        chunkCount += 1
        count += 1
        if count == 1 {
            // One source alone is not merged (pprof keeps it as read): the merge
            // starts when a second one comes.
            first = profile
            firstLabelSets = labelSetOf
            return true
        }
        if merger == nil, let first {
            var started = ProfileMerger(header: first)
            started.reserve([first])
            started.add(first, labelSetOf: firstLabelSets)
            merger = started
            firstLabelSets = nil
        }
        merger?.add(profile, labelSetOf: labelSetOf)
        if merger?.overflowed == true {
            isExact = false
            return false
        }
        return true
    }

    /// Ends a chunk of sources: what came so far merges as pprof's chunk does.
    public mutating func endChunk() {
        guard chunkCount > 0 else { return }
        header.add(chunkHeader.profile)
        chunkHeader = MergedHeader()
        chunkCount = 0
    }

    /// The merge of every profile added (the profile itself when there was one),
    /// or nil when none was.
    public mutating func finish() -> Profile? {
        endChunk()
        if count == 1 { return first }
        guard let merger else { return nil }
        var merged = merger.finish()
        let h = header.profile
        merged.timeNanos = h.timeNanos
        merged.durationNanos = h.durationNanos
        merged.period = h.period
        merged.comments = h.comments
        merged.defaultSampleType = h.defaultSampleType
        merged.docURL = h.docURL
        return merged
    }

    /// Whether `p` merges with the profiles before it as it would merge by chunks.
    private func foldsExactly(_ p: Profile) -> Bool {
        if let first {
            guard Self.sameTypes(p.sampleTypes, first.sampleTypes) else { return false }
            switch (p.periodType, first.periodType) {
            case (nil, nil): break
            case let (a?, b?): guard Self.sameTypes([a], [b]) else { return false }
            default: return false
            }
        } else {
            // Repeated type names are dropped when several profiles are merged.
            guard Set(p.sampleTypes.map(\.type)).count == p.sampleTypes.count else { return false }
            for t in p.sampleTypes where Measurement.scale(1, from: t.unit, to: t.unit).value != 1 {
                return false
            }
        }
        return p.samples.withUnsafeBufferPointer { samples in
            !samples.contains { sample in sample.values.contains { $0 < 0 } }
        }
    }

    /// The same types and units, byte for byte.
    private static func sameTypes(_ a: [ValueType], _ b: [ValueType]) -> Bool {
        a.count == b.count
            && zip(a, b).allSatisfy { x, y in
                x.type.utf8.elementsEqual(y.type.utf8) && x.unit.utf8.elementsEqual(y.unit.utf8)
            }
    }
}
