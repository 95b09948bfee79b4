/// Interned label groups of a profile's samples, shared by the tag passes over
/// one profile: a sample's group is computed (labels joined, numeric labels
/// formatted) the first time a pass needs it.
struct TagGroupCache {
    private var groupIDs: [LabelGroup: Int] = [:]
    private(set) var groups: [LabelGroup] = []
    /// Per sample: its group, -1 for none, -2 not computed yet.
    private var sampleGroups: [Int32] = []
    private var formatted: [FormatKey: String] = [:]
    /// Groups by the identity of a sample's label storage: samples that
    /// share one label set (as decoded profiles do) are grouped once.
    private var groupsByStorage: [LabelStorage: Int32] = [:]

    private struct FormatKey: Hashable {
        let value: Int64
        let unit: String
    }

    /// The storage of a sample's three label dictionaries: equal storage
    /// means equal labels (different storage may still hold equal labels,
    /// which `computeGroup` then interns into the same group).
    private struct LabelStorage: Hashable {
        let labels: UInt
        let numLabels: UInt
        let numUnits: UInt

        /// Nil where a dictionary is not one reference (never on Linux).
        init?(_ sample: Sample) {
            guard MemoryLayout<[String: [String]]>.size == MemoryLayout<UInt>.size,
                MemoryLayout<[String: [Int64]]>.size == MemoryLayout<UInt>.size
            else { return nil }
            labels = unsafeBitCast(sample.labels, to: UInt.self)
            numLabels = unsafeBitCast(sample.numLabels, to: UInt.self)
            numUnits = unsafeBitCast(sample.numUnits, to: UInt.self)
        }
    }

    init() {}

    /// Every sample's group (-1: no labels), as `group(ofSample:in:options:)` gives it.
    mutating func resolveAll(_ samples: [Sample], options: GraphOptions) -> [Int32] {
        for index in samples.indices where sampleGroups.count != samples.count || sampleGroups[index] == -2 {
            _ = group(ofSample: index, in: samples, options: options)
        }
        return sampleGroups
    }

    /// The group of sample `index` of `samples` (-1: no labels), worked out
    /// on first use. Every call must pass the same profile's samples, which
    /// must stay alive while this cache is used.
    mutating func group(ofSample index: Int, in samples: [Sample], options: GraphOptions) -> Int {
        if sampleGroups.count != samples.count {
            sampleGroups = [Int32](repeating: -2, count: samples.count)
        }
        let known = sampleGroups[index]
        if known != -2 { return Int(known) }
        let id = samples.withUnsafeBufferPointer { samples in
            let sample = samples[index]
            if sample.labels.isEmpty && sample.numLabels.isEmpty { return -1 }
            guard let storage = LabelStorage(sample) else { return computeGroup(sample, options: options) }
            if let id = groupsByStorage[storage] { return Int(id) }
            let id = computeGroup(sample, options: options)
            groupsByStorage[storage] = Int32(truncatingIfNeeded: id)
            return id
        }
        sampleGroups[index] = Int32(truncatingIfNeeded: id)
        return id
    }

    mutating func computeGroup(_ sample: Sample, options: GraphOptions) -> Int {
        if sample.labels.isEmpty && sample.numLabels.isEmpty { return -1 }
        var numeric: [NumericTagEntry] = []
        if !sample.numLabels.isEmpty {
            for (key, values) in sample.numLabels {
                if options.tagBytesUnit != nil && key != "bytes" { continue }
                let units = sample.numUnits[key] ?? []
                for (i, value) in values.enumerated() {
                    var unit = units.isEmpty ? key : (i < units.count ? units[i] : "")
                    if let bytesUnit = options.tagBytesUnit { unit = bytesUnit }
                    let formatKey = FormatKey(value: value, unit: unit)
                    let label: String
                    if let known = formatted[formatKey] {
                        label = known
                    } else {
                        label = options.formatTag(value, unit)
                        formatted[formatKey] = label
                    }
                    numeric.append(NumericTagEntry(label: label, unit: unit, value: value))
                }
            }
        }
        let group = LabelGroup(
            labels: Graph.joinedLabels(sample, droppingBase: options.tagBytesUnit != nil), numeric: numeric)
        if group.labels.isEmpty && group.numeric.isEmpty { return -1 }
        if let id = groupIDs[group] { return id }
        groupIDs[group] = groups.count
        groups.append(group)
        return groups.count - 1
    }
}

/// Entry numbers by 64-bit key (open addressing, multiplicative hash), for
/// the (node, label group) pairs of `fillTags`.
struct EntryIndex {
    private var keys = [UInt64](repeating: .max, count: 1024)
    private var values = [Int](repeating: -1, count: 1024)
    private var count = 0

    @inline(__always)
    private func slot(_ key: UInt64) -> Int {
        Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> 24) & (keys.count - 1)
    }

    /// The number stored for `key`, or -1.
    func find(_ key: UInt64) -> Int {
        var i = slot(key)
        while keys[i] != .max {
            if keys[i] == key { return values[i] }
            i = (i + 1) & (keys.count - 1)
        }
        return -1
    }

    /// Stores `value` for a key not in the index yet.
    mutating func insert(_ key: UInt64, _ value: Int) {
        if (count + 1) * 2 > keys.count {
            let oldKeys = keys
            let oldValues = values
            keys = [UInt64](repeating: .max, count: oldKeys.count * 2)
            values = [Int](repeating: -1, count: oldKeys.count * 2)
            count = 0
            for i in oldKeys.indices where oldKeys[i] != .max { insert(oldKeys[i], oldValues[i]) }
        }
        var i = slot(key)
        while keys[i] != .max { i = (i + 1) & (keys.count - 1) }
        keys[i] = key
        values[i] = value
        count += 1
    }
}
