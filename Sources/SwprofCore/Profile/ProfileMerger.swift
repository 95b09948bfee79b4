/// pprof's profileMerger, kept between sources: mappings, functions, locations, label
/// sets and samples of the merged profile are interned in tables that outlive each
/// source, so sources can be folded in one at a time (`Profile.merge` folds a list,
/// `ProfileAccumulator` a fleet as it is read). What is first met gets the next index;
/// per source, each mapping, function and location is looked up once (memo by index).
struct ProfileMerger {
    /// The merged profile so far. Sample values live in `values` until `finish()`.
    private var p: Profile
    private let typeCount: Int

    /// Merged sample values, `typeCount` per sample.
    private var values: [Int64] = []
    /// Merged samples by key (stack and label set, see `sampleKey`).
    private var samples = IntegerTable()
    /// Distinct stacks of merged locations, shared by the samples that have them.
    private var stacks: [[Int]] = []
    private var stackHashes: [Int] = []
    private var stackSlots: [Int] = []

    private var labelSets: [LabelSet] = []
    private var labelSetsByKey: [[UInt8]: Int32] = [:]

    private var locationsByKey: [LocationKey: Int] = [:]
    private var functionsByKey: [FunctionKey: Int] = [:]
    private var mappingsByKey: [MappingKey: Int] = [:]

    // Per source: merged index (or -1) of each source location, function and label
    // set, and merged mapping with the address offset of each source mapping.
    private var locationMemo: [Int] = []
    private var functionMemo: [Int] = []
    private var mappingMemo: [MappedMapping?] = []
    private var labelSetMemo: [Int32] = []
    /// The source before, with its memos: a fleet's profiles mostly list the same
    /// functions and locations in the same order, which a comparison finds sooner
    /// than a hash.
    private var previousLocations: [Location] = []
    private var previousFunctions: [Function] = []
    private var previousLocationMemo: [Int] = []
    private var previousFunctionMemo: [Int] = []
    private var previousMappingMemo: [MappedMapping?] = []
    private var stack: [Int] = []

    /// Whether a sum of sample values wrapped around (pprof's sums wrap too; a caller
    /// that reorders sums must know).
    private(set) var overflowed = false

    private struct MappedMapping: Equatable {
        var index: Int?
        var offset: Int64
    }

    /// A merged label set: what new samples with it carry.
    private struct LabelSet {
        var labels: [String: [String]]
        var numLabels: [String: [Int64]]
        var numUnits: [String: [String]]
    }

    /// A merger whose result has `header`'s fields (sample types and all).
    init(header: Profile) {
        p = header
        p.samples = []
        p.mappings = []
        p.locations = []
        p.functions = []
        typeCount = header.sampleTypes.count
    }

    /// How many samples the merge holds.
    var sampleCount: Int { p.samples.count }

    /// Room for what the sources may add: as much as the largest has, as most merges
    /// combine profiles of one program.
    mutating func reserve(_ sources: [Profile]) {
        let samples = sources.map(\.samples.count).max() ?? 0
        let locations = sources.map(\.locations.count).max() ?? 0
        let functions = sources.map(\.functions.count).max() ?? 0
        p.samples.reserveCapacity(samples)
        values.reserveCapacity(samples * typeCount)
        self.samples.reserve(samples)
        locationsByKey.reserveCapacity(locations)
        p.locations.reserveCapacity(locations)
        functionsByKey.reserveCapacity(functions)
        p.functions.reserveCapacity(functions)
    }

    /// Folds in `src`, which must be valid (`checkValid`) with the merge's sample types.
    /// `labelSetOf`, when given, numbers each sample's labels so that samples with
    /// equal numbers have equal labels (the decoder's label sets); the labels of each
    /// number are then keyed once rather than per sample.
    mutating func add(_ src: Profile, labelSetOf: [Int32]? = nil) {
        locationMemo = [Int](repeating: -1, count: src.locations.count)
        functionMemo = [Int](repeating: -1, count: src.functions.count)
        mappingMemo = [MappedMapping?](repeating: nil, count: src.mappings.count)
        let hint = labelSetOf.flatMap { $0.count == src.samples.count ? $0 : nil }
        labelSetMemo = hint.map { [Int32](repeating: -2, count: min(Int(($0.max() ?? -1) + 1), $0.count)) } ?? []

        // The first mapping is the main binary: keep it first in the merged profile.
        if mappingsByKey.isEmpty && !src.mappings.isEmpty {
            _ = mapMapping(0, src)
        }
        src.samples.withUnsafeBufferPointer { samples in
            for n in samples.indices {
                let s = samples[n]
                if s.values.allSatisfy({ $0 == 0 }) { continue }
                let set: Int32
                if let hint {
                    set = labelSet(numbered: hint[n], of: s)
                } else {
                    set = labelSet(of: s)
                }
                mapSample(s, set, src)
            }
        }
        previousLocations = src.locations
        previousFunctions = src.functions
        swap(&previousLocationMemo, &locationMemo)
        swap(&previousFunctionMemo, &functionMemo)
        swap(&previousMappingMemo, &mappingMemo)
    }

    /// The merged profile, its samples in the order first met.
    func finish() -> Profile {
        var merged = p
        let k = typeCount
        values.withUnsafeBufferPointer { values in
            merged.samples.withUnsafeMutableBufferPointer { samples in
                for n in samples.indices {
                    samples[n].values = Array(values[(n * k)..<(n * k + k)])
                }
            }
        }
        return merged
    }

    /// Whether some merged sample's values are all zero (pprof merges again to drop them).
    var hasZeroSample: Bool {
        guard typeCount > 0 else { return !p.samples.isEmpty }
        return values.withUnsafeBufferPointer { values in
            stride(from: 0, to: values.count, by: typeCount).contains { start in
                values[start..<(start + typeCount)].allSatisfy { $0 == 0 }
            }
        }
    }

    // MARK: Samples

    private mutating func mapSample(_ s: Sample, _ set: Int32, _ src: Profile) {
        stack.removeAll(keepingCapacity: true)
        for l in s.locations {
            let memo = locationMemo[l]
            stack.append(memo >= 0 ? memo : mapLocation(l, src))
        }
        let key = UInt64(UInt32(internStack())) << 32 | UInt64(UInt32(bitPattern: set &+ 1))
        let (index, inserted) = samples.insert(key, next: p.samples.count)
        if !inserted {
            addValues(s.values, to: index)
            return
        }
        let labels = set >= 0 ? labelSets[Int(set)] : LabelSet(labels: [:], numLabels: [:], numUnits: [:])
        p.samples.append(
            Sample(
                locations: stacks[Int(key >> 32)], values: [], labels: labels.labels, numLabels: labels.numLabels,
                numUnits: labels.numUnits))
        for i in 0..<typeCount {
            values.append(i < s.values.count ? s.values[i] : 0)
        }
    }

    private mutating func addValues(_ added: [Int64], to sample: Int) {
        let count = min(typeCount, added.count)
        let base = sample * typeCount
        var wrapped = false
        values.withUnsafeMutableBufferPointer { values in
            for i in 0..<count {
                let (sum, overflow) = values[base + i].addingReportingOverflow(added[i])
                values[base + i] = sum
                wrapped = wrapped || overflow
            }
        }
        if wrapped { overflowed = true }
    }

    /// The index of `stack` among the merged stacks, added if new.
    private mutating func internStack() -> Int {
        var hasher = Hasher()
        stack.withUnsafeBytes { hasher.combine(bytes: $0) }
        let hash = hasher.finalize()
        if stackSlots.isEmpty { stackSlots = [Int](repeating: 0, count: 1024) }
        let mask = stackSlots.count - 1
        var slot = hash & mask
        while stackSlots[slot] != 0 {
            let existing = stackSlots[slot] - 1
            if stackHashes[existing] == hash && stacks[existing] == stack { return existing }
            slot = (slot + 1) & mask
        }
        let index = stacks.count
        // A copy of exactly the stack's size (the scratch buffer may be larger).
        stacks.append(
            stack.withUnsafeBufferPointer { stack in
                [Int](unsafeUninitializedCapacity: stack.count) { buffer, count in
                    _ = buffer.initialize(from: stack)
                    count = stack.count
                }
            })
        stackHashes.append(hash)
        stackSlots[slot] = index + 1
        if stacks.count * 2 > stackSlots.count {
            stackSlots = [Int](repeating: 0, count: stackSlots.count * 2)
            let mask = stackSlots.count - 1
            for (n, hash) in stackHashes.enumerated() {
                var slot = hash & mask
                while stackSlots[slot] != 0 { slot = (slot + 1) & mask }
                stackSlots[slot] = n + 1
            }
        }
        return index
    }

    // MARK: Label sets

    /// The merged label set of source label set `number`, keyed on first use.
    private mutating func labelSet(numbered number: Int32, of s: Sample) -> Int32 {
        guard number >= 0, Int(number) < labelSetMemo.count else { return labelSet(of: s) }
        let memo = labelSetMemo[Int(number)]
        if memo != -2 { return memo }
        let set = labelSet(of: s)
        labelSetMemo[Int(number)] = set
        return set
    }

    /// The merged label set of `s`'s labels, or -1 for none.
    private mutating func labelSet(of s: Sample) -> Int32 {
        if s.labels.isEmpty && s.numLabels.isEmpty { return -1 }
        // Units only of numeric labels that have some, as pprof's key sees them.
        var units: [String: [String]] = [:]
        for key in s.numLabels.keys {
            if let u = s.numUnits[key], !u.isEmpty { units[key] = u }
        }
        let key = Self.labelKey(s.labels, s.numLabels, units)
        if let existing = labelSetsByKey[key] { return existing }
        let set = Int32(labelSets.count)
        labelSets.append(LabelSet(labels: s.labels, numLabels: s.numLabels, numUnits: units))
        labelSetsByKey[key] = set
        return set
    }

    /// pprof's sample key, label part: keys in byte order, each with its values
    /// (numeric ones with their units), lengths first, compared as bytes.
    private static func labelKey(
        _ labels: [String: [String]], _ numLabels: [String: [Int64]], _ units: [String: [String]]
    ) -> [UInt8] {
        var key: [UInt8] = []
        func number(_ v: UInt64) {
            var v = v
            while v >= 0x80 {
                key.append(UInt8(truncatingIfNeeded: v) | 0x80)
                v >>= 7
            }
            key.append(UInt8(v))
        }
        func string(_ s: String) {
            number(UInt64(s.utf8.count))
            key.append(contentsOf: s.utf8)
        }
        for name in labels.keys.sorted(by: { $0.precedesByBytes($1) }) {
            string(name)
            let values = labels[name]!
            number(UInt64(values.count))
            values.forEach(string)
        }
        // A separator, so a string label cannot pass for a numeric one.
        key.append(0xFF)
        for name in numLabels.keys.sorted(by: { $0.precedesByBytes($1) }) {
            string(name)
            let values = numLabels[name]!
            number(UInt64(values.count))
            for v in values { number(UInt64(bitPattern: v)) }
            let u = units[name] ?? []
            number(UInt64(u.count))
            u.forEach(string)
        }
        return key
    }

    // MARK: Locations, mappings, functions

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
        if let same = sameAsPrevious(location: i, l, mapped, lines) {
            locationMemo[i] = same
            return same
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

    /// The merged location of the previous source's location `i` when it has the
    /// same key as `l` (whose mapping and lines are merged as `mapped`, `lines`).
    private func sameAsPrevious(location i: Int, _ l: Location, _ mapped: MappedMapping, _ lines: [Line]) -> Int? {
        guard i < previousLocationMemo.count, previousLocationMemo[i] >= 0 else { return nil }
        let q = previousLocations[i]
        guard q.address == l.address, q.isFolded == l.isFolded, q.lines.count == lines.count else { return nil }
        let unmapped = MappedMapping(index: nil, offset: 0)
        if let m = q.mapping {
            guard let qMapped = previousMappingMemo[m], qMapped == mapped else { return nil }
        } else if mapped != unmapped {
            return nil
        }
        for (n, line) in q.lines.enumerated() {
            let keyed = n == lines.count - 1 ? line.column == lines[n].column : true
            guard keyed, line.line == lines[n].line, previousFunctionMemo[line.function] == lines[n].function else {
                return nil
            }
        }
        return previousLocationMemo[i]
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
        let index = Self.appendRenumbered(m, key, to: &p.mappings, &mappingsByKey)
        let mapped = MappedMapping(index: index, offset: 0)
        mappingMemo[i] = mapped
        return mapped
    }

    private mutating func mapFunction(_ i: Int, _ src: Profile) -> Int {
        let memo = functionMemo[i]
        if memo >= 0 { return memo }
        let f = src.functions[i]
        if i < previousFunctionMemo.count, previousFunctionMemo[i] >= 0, FunctionKey.same(f, previousFunctions[i]) {
            functionMemo[i] = previousFunctionMemo[i]
            return previousFunctionMemo[i]
        }
        let key = FunctionKey(f)
        if let existing = functionsByKey[key] {
            functionMemo[i] = existing
            return existing
        }
        let index = Self.appendRenumbered(f, key, to: &p.functions, &functionsByKey)
        functionMemo[i] = index
        return index
    }

    /// Appends `element` to `list` with the next ID (its index + 1) and records it under `key`.
    private static func appendRenumbered<Element: Identified, Key: Hashable>(
        _ element: Element, _ key: Key, to list: inout [Element], _ byKey: inout [Key: Int]
    ) -> Int {
        let index = list.count
        var copy = element
        copy.id = UInt64(index + 1)
        list.append(copy)
        byKey[key] = index
        return index
    }
}

/// A profile element with a proto ID.
private protocol Identified {
    var id: UInt64 { get set }
}

extension Mapping: Identified {}
extension Function: Identified {}

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

/// What makes two functions the same: name, system name, file name and start line,
/// compared as bytes.
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

    /// Whether `a` and `b` have the same key.
    static func same(_ a: Function, _ b: Function) -> Bool {
        a.startLine == b.startLine && ExactString.equal(a.name, b.name) && ExactString.equal(a.systemName, b.systemName)
            && ExactString.equal(a.filename, b.filename)
    }
}

/// A hash table of 64-bit keys to indices given in order of insertion (open
/// addressing, linear probing, Fibonacci hashing of the keys mixed with a
/// per-process seed).
struct IntegerTable {
    private struct Slot {
        var key: UInt64
        /// Index + 1, 0 for a free slot.
        var index: Int
    }
    private var slots: [Slot] = []
    private var shift: UInt64 = 64
    private var count = 0
    private let seed = UInt64.random(in: .min ... .max)

    /// Room for `count` keys without growing.
    mutating func reserve(_ count: Int) {
        if count * 2 > slots.count { rebuild(size: count * 2) }
    }

    /// The index of `key`, or `next` (recorded for it) when it was not there.
    @inline(__always)
    mutating func insert(_ key: UInt64, next: Int) -> (index: Int, inserted: Bool) {
        if (count + 1) * 2 > slots.count { rebuild(size: max(64, slots.count * 2)) }
        let mask = slots.count - 1
        var slot = home(key)
        return slots.withUnsafeMutableBufferPointer { slots in
            while slots[slot].index != 0 {
                if slots[slot].key == key { return (slots[slot].index - 1, false) }
                slot = (slot + 1) & mask
            }
            slots[slot] = Slot(key: key, index: next + 1)
            count += 1
            return (next, true)
        }
    }

    @inline(__always)
    private func home(_ key: UInt64) -> Int {
        Int(truncatingIfNeeded: ((key ^ seed) &* 0x9E37_79B9_7F4A_7C15) >> shift)
    }

    private mutating func rebuild(size: Int) {
        var power = 64
        var bits: UInt64 = 6
        while power < size {
            power *= 2
            bits += 1
        }
        let old = slots
        slots = [Slot](repeating: Slot(key: 0, index: 0), count: power)
        shift = 64 - bits
        let mask = power - 1
        for entry in old where entry.index != 0 {
            var s = home(entry.key)
            while slots[s].index != 0 { s = (s + 1) & mask }
            slots[s] = entry
        }
    }
}
