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

        var merger = ProfileMerger(header: combinedHeader(profiles))
        merger.reserve(profiles)
        for src in profiles {
            merger.add(src)
        }
        var merged = merger.p
        if merged.samples.contains(where: { $0.values.allSatisfy { $0 == 0 } }) {
            // Samples that summed to zero: merge again to drop them and what only they used.
            var again = ProfileMerger(header: combinedHeader([merged]))
            again.reserve([merged])
            again.add(merged)
            merged = again.p
        }
        return merged
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

    /// The merged profile's header fields (pprof's `combineHeaders`).
    private static func combinedHeader(_ profiles: [Profile]) -> Profile {
        var p = Profile()
        let first = profiles[0]
        var timeNanos: Int64 = 0
        var durationNanos: Int64 = 0
        var period: Int64 = 0
        var seenComments = Set<ExactString>()
        for s in profiles {
            // As pprof: a later profile without a time resets the time to zero.
            if timeNanos == 0 || s.timeNanos < timeNanos { timeNanos = s.timeNanos }
            durationNanos &+= s.durationNanos
            if period == 0 || period < s.period { period = s.period }
            for c in s.comments where seenComments.insert(ExactString(c)).inserted {
                p.comments.append(c)
            }
            if p.defaultSampleType.isEmpty { p.defaultSampleType = s.defaultSampleType }
            if p.docURL.isEmpty { p.docURL = s.docURL }
        }
        p.sampleTypes = first.sampleTypes
        p.dropFrames = first.dropFrames
        p.keepFrames = first.keepFrames
        p.timeNanos = timeNanos
        p.durationNanos = durationNanos
        p.periodType = first.periodType
        p.period = period
        return p
    }
}

/// pprof's profileMerger: maps each source's mappings, locations and functions to
/// the merged profile's, memoised per source by index and across sources by key.
private struct ProfileMerger {
    var p: Profile

    private var samplesByKey: [SampleKey: Int] = [:]
    private var locationsByKey: [LocationKey: Int] = [:]
    private var functionsByKey: [FunctionKey: Int] = [:]
    private var mappingsByKey: [MappingKey: Int] = [:]

    // Per source: merged index (or -1) of each source location/function, and
    // merged mapping with the address offset of each source mapping.
    private var locationMemo: [Int] = []
    private var functionMemo: [Int] = []
    private var mappingMemo: [MappedMapping?] = []

    private struct MappedMapping {
        var index: Int?
        var offset: Int64
    }

    init(header: Profile) {
        p = header
    }

    /// Room for what the sources may add: as many as the largest source has, as most
    /// merges combine profiles of the same program.
    mutating func reserve(_ sources: [Profile]) {
        let samples = sources.map(\.samples.count).max() ?? 0
        let locations = sources.map(\.locations.count).max() ?? 0
        let functions = sources.map(\.functions.count).max() ?? 0
        samplesByKey.reserveCapacity(samples)
        p.samples.reserveCapacity(samples)
        locationsByKey.reserveCapacity(locations)
        p.locations.reserveCapacity(locations)
        functionsByKey.reserveCapacity(functions)
        p.functions.reserveCapacity(functions)
    }

    mutating func add(_ src: Profile) {
        locationMemo = [Int](repeating: -1, count: src.locations.count)
        functionMemo = [Int](repeating: -1, count: src.functions.count)
        mappingMemo = [MappedMapping?](repeating: nil, count: src.mappings.count)

        // The first mapping is the main binary: keep it first in the merged profile.
        if mappingsByKey.isEmpty && !src.mappings.isEmpty {
            _ = mapMapping(0, src)
        }
        for s in src.samples where !s.values.allSatisfy({ $0 == 0 }) {
            mapSample(s, src)
        }
    }

    private mutating func mapSample(_ s: Sample, _ src: Profile) {
        var locs = [Int]()
        locs.reserveCapacity(s.locations.count)
        for l in s.locations {
            locs.append(mapLocation(l, src))
        }
        let key = SampleKey(locations: locs, s)
        if let existing = samplesByKey[key] {
            let count = min(p.samples[existing].values.count, s.values.count)
            for i in 0..<count {
                p.samples[existing].values[i] &+= s.values[i]
            }
            return
        }
        samplesByKey[key] = p.samples.count
        var units: [String: [String]] = [:]
        for key in s.numLabels.keys {
            if let u = s.numUnits[key], !u.isEmpty { units[key] = u }
        }
        p.samples.append(
            Sample(locations: locs, values: s.values, labels: s.labels, numLabels: s.numLabels, numUnits: units))
    }

    private mutating func mapLocation(_ i: Int, _ src: Profile) -> Int {
        let memo = locationMemo[i]
        if memo >= 0 { return memo }
        let l = src.locations[i]
        let mapped = l.mapping.map { mapMapping($0, src) } ?? MappedMapping(index: nil, offset: 0)
        var lines = [Line]()
        lines.reserveCapacity(l.lines.count)
        for line in l.lines {
            lines.append(Line(function: mapFunction(line.function, src), line: line.line, column: line.column))
        }
        let address = UInt64(bitPattern: Int64(bitPattern: l.address) &+ mapped.offset)
        var key = LocationKey(address: address, mappingID: 0, isFolded: l.isFolded, lines: LocationKey.keyed(lines))
        if let m = mapped.index {
            // Addresses relative to the mapping, to see through address space randomisation.
            key.address = address &- p.mappings[m].start
            key.mappingID = p.mappings[m].id
        }
        if let existing = locationsByKey[key] {
            locationMemo[i] = existing
            return existing
        }
        let index = p.locations.count
        p.locations.append(
            Location(id: UInt64(index + 1), mapping: mapped.index, address: address, lines: lines, isFolded: l.isFolded))
        locationsByKey[key] = index
        locationMemo[i] = index
        return index
    }

    private mutating func mapMapping(_ i: Int, _ src: Profile) -> MappedMapping {
        if let memo = mappingMemo[i] { return memo }
        let m = src.mappings[i]
        let key = MappingKey(m)
        if let existing = mappingsByKey[key] {
            let offset = Int64(bitPattern: p.mappings[existing].start) &- Int64(bitPattern: m.start)
            let mapped = MappedMapping(index: existing, offset: offset)
            mappingMemo[i] = mapped
            return mapped
        }
        let index = p.mappings.count
        var copy = m
        copy.id = UInt64(index + 1)
        p.mappings.append(copy)
        mappingsByKey[key] = index
        let mapped = MappedMapping(index: index, offset: 0)
        mappingMemo[i] = mapped
        return mapped
    }

    private mutating func mapFunction(_ i: Int, _ src: Profile) -> Int {
        let memo = functionMemo[i]
        if memo >= 0 { return memo }
        let f = src.functions[i]
        let key = FunctionKey(f)
        if let existing = functionsByKey[key] {
            functionMemo[i] = existing
            return existing
        }
        let index = p.functions.count
        var copy = f
        copy.id = UInt64(index + 1)
        p.functions.append(copy)
        functionsByKey[key] = index
        functionMemo[i] = index
        return index
    }
}

/// What makes two samples the same: their merged locations and all their labels.
/// The hash is computed once (a dictionary insert after a failed lookup hashes twice)
/// and the labels are boxed only when a sample has some.
private struct SampleKey: Hashable {
    let hash: Int
    let locations: [Int]
    let labels: Labels?

    struct Labels: Hashable {
        var labels: [String: [String]]
        var numLabels: [String: [Int64]]
        var numUnits: [String: [String]]
    }

    init(locations: [Int], _ s: Sample) {
        self.locations = locations
        var hasher = Hasher()
        hasher.combine(locations)
        if s.labels.isEmpty && s.numLabels.isEmpty {
            labels = nil
        } else {
            var units: [String: [String]] = [:]
            if !s.numUnits.isEmpty {
                for key in s.numLabels.keys {
                    if let u = s.numUnits[key], !u.isEmpty { units[key] = u }
                }
            }
            let l = Labels(labels: s.labels, numLabels: s.numLabels, numUnits: units)
            hasher.combine(l)
            labels = l
        }
        hash = hasher.finalize()
    }

    func hash(into hasher: inout Hasher) {
        hasher.combine(hash)
    }

    static func == (a: SampleKey, b: SampleKey) -> Bool {
        a.hash == b.hash && a.locations == b.locations && a.labels == b.labels
    }
}

/// What makes two locations the same: address (relative to the mapping), mapping,
/// folding and lines (function, line number, the last line's column).
private struct LocationKey: Hashable {
    var address: UInt64
    var mappingID: UInt64
    var isFolded: Bool
    var lines: [Line]

    /// The lines as pprof's location key sees them: its key writes each line's
    /// column where the next line's function goes, so only the last line's column counts.
    static func keyed(_ lines: [Line]) -> [Line] {
        guard lines.count > 1 else { return lines }
        var keyed = lines
        for i in keyed.indices.dropLast() { keyed[i].column = 0 }
        return keyed
    }
}

/// What makes two mappings the same: size (rounded up to 4 KiB), file offset, and
/// build ID, else file name.
private struct MappingKey: Hashable {
    var size: UInt64
    var offset: UInt64
    var buildIDOrFile: ExactString

    init(_ m: Mapping) {
        let rounding: UInt64 = 0x1000
        var size = m.limit &- m.start
        size = size &+ rounding &- 1
        size = size &- (size % rounding)
        self.size = size
        offset = m.offset
        buildIDOrFile = ExactString(!m.buildID.isEmpty ? m.buildID : m.file)
    }
}

private struct FunctionKey: Hashable {
    var startLine: Int64
    var name: ExactString
    var systemName: ExactString
    var filename: ExactString

    init(_ f: Function) {
        startLine = f.startLine
        name = ExactString(f.name)
        systemName = ExactString(f.systemName)
        filename = ExactString(f.filename)
    }
}
