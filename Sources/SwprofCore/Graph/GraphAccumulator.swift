/// The nodes of every location in one flat array (pprof's per-location node
/// lists): `nodes[start[l] ..< start[l + 1]]` are location `l`'s nodes,
/// innermost line first, `-1` where a node was not kept.
struct LocationNodeTable {
    let start: [Int32]
    let nodes: [Int32]

    init(_ locationNodes: [[Int?]]) {
        var start: [Int32] = []
        start.reserveCapacity(locationNodes.count + 1)
        var nodes: [Int32] = []
        nodes.reserveCapacity(locationNodes.count + locationNodes.count / 2)
        for list in locationNodes {
            start.append(Int32(truncatingIfNeeded: nodes.count))
            for node in list { nodes.append(node.map { Int32(truncatingIfNeeded: $0) } ?? -1) }
        }
        start.append(Int32(truncatingIfNeeded: nodes.count))
        self.start = start
        self.nodes = nodes
    }

    var locationCount: Int { start.count - 1 }
}

/// A profile's sample stacks in flat arrays: location indices, leaf first,
/// of sample `s` at `locations[start[s] ..< start[s + 1]]` (out of range: -1).
/// The same for every sample type, so it can be kept and reused
/// (`DerivedReportData`).
struct StackShape: Sendable {
    var start: [Int] = [0]
    var locations: [Int32] = []

    init(_ profile: Profile) {
        start.reserveCapacity(profile.samples.count + 1)
        profile.samples.withUnsafeBufferPointer { samples in
            for i in samples.indices {
                samples[i].locations.withUnsafeBufferPointer { stack in
                    for location in stack {
                        locations.append(location >= 0 && location <= Int(Int32.max) ? Int32(location) : -1)
                    }
                }
                start.append(locations.count)
            }
        }
    }

    var count: Int { start.count - 1 }
}

/// A profile's stacks with the weight and divisor of one sample type, for the
/// repeated walks of graph building (pprof builds a report's graph up to
/// three times). Stack `s` is sample `s`; walks skip stacks with neither a
/// weight nor a divisor.
struct StackTable {
    let shape: StackShape
    var weight: [Int64] = []
    var divisor: [Int64] = []

    init(_ profile: Profile, options: GraphOptions, shape: StackShape? = nil) {
        let shape = shape.flatMap { $0.count == profile.samples.count ? $0 : nil } ?? StackShape(profile)
        self.shape = shape
        let valueIndex = options.valueIndex
        let divisorIndex = options.divisorIndex ?? -1
        weight.reserveCapacity(profile.samples.count)
        divisor.reserveCapacity(profile.samples.count)
        profile.samples.withUnsafeBufferPointer { samples in
            for i in samples.indices {
                var w: Int64 = 0
                var dw: Int64 = 0
                samples[i].values.withUnsafeBufferPointer { values in
                    if valueIndex >= 0 && valueIndex < values.count { w = values[valueIndex] }
                    if divisorIndex >= 0 && divisorIndex < values.count { dw = values[divisorIndex] }
                }
                weight.append(w)
                divisor.append(dw)
            }
        }
    }

    var count: Int { weight.count }
    var start: [Int] { shape.start }
    var locations: [Int32] { shape.locations }
}

/// The edges met while building a graph, by (caller, callee) node pair:
/// open addressing over a power-of-two table with a multiplicative hash. A
/// slot holds everything the per-frame loop touches (weight, divisor, the
/// last stack that counted, flags), so a frame costs one cache miss at most.
struct EdgeTable {
    struct Slot {
        /// `caller << 32 | callee`, or `.max` for an empty slot.
        var key: UInt64 = .max
        var weight: Int64 = 0
        var divisor: Int64 = 0
        /// The last stack that added to the edge.
        var stamp: Int32 = -1
        /// Creation order (bits 0...29), residual (bit 30), not inline (bit 31).
        var info: UInt32 = 0
    }

    static let residualBit: UInt32 = 1 << 30
    static let notInlineBit: UInt32 = 1 << 31
    static let idMask: UInt32 = (1 << 30) - 1

    private(set) var slots: [Slot]
    private var mask: Int
    private(set) var count = 0

    init(capacity: Int = 1024) {
        var size = 16
        while size < capacity * 2 { size <<= 1 }
        slots = [Slot](repeating: Slot(), count: size)
        mask = size - 1
    }

    @inline(__always)
    static func key(_ from: Int32, _ to: Int32) -> UInt64 {
        UInt64(UInt32(bitPattern: from)) << 32 | UInt64(UInt32(bitPattern: to))
    }

    @inline(__always)
    private static func hash(_ key: UInt64) -> Int {
        Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> 24)
    }

    /// Adds a stack's weight to edge `key`, creating the edge the first time:
    /// a stack counts once per edge, and only its first pass sets the flags
    /// (an edge becomes residual if any stack's path was, and stays inline only
    /// if every stack's was).
    @inline(__always)
    mutating func add(_ key: UInt64, stack: Int32, weight: Int64, divisor: Int64, residual: Bool, inline: Bool) {
        if (count + 1) * 2 > slots.count { grow() }
        slots.withUnsafeMutableBufferPointer { slots in
            var i = Self.hash(key) & mask
            while true {
                let k = slots[i].key
                if k == key {
                    if slots[i].stamp != stack {
                        slots[i].stamp = stack
                        slots[i].weight &+= weight
                        slots[i].divisor &+= divisor
                        if residual { slots[i].info |= Self.residualBit }
                        if !inline { slots[i].info |= Self.notInlineBit }
                    }
                    return
                }
                if k == .max {
                    var info = UInt32(truncatingIfNeeded: count) & Self.idMask
                    if residual { info |= Self.residualBit }
                    if !inline { info |= Self.notInlineBit }
                    slots[i] = Slot(key: key, weight: weight, divisor: divisor, stamp: stack, info: info)
                    count += 1
                    return
                }
                i = (i + 1) & mask
            }
        }
    }

    private mutating func grow() {
        let old = slots
        slots = [Slot](repeating: Slot(), count: old.count * 2)
        mask = slots.count - 1
        for slot in old where slot.key != .max {
            var i = Self.hash(slot.key) & mask
            while slots[i].key != .max { i = (i + 1) & mask }
            slots[i] = slot
        }
    }

    /// The edges in creation order.
    func edgesInOrder() -> [Slot] {
        var ordered = [Slot](repeating: Slot(), count: count)
        for slot in slots where slot.key != .max {
            ordered[Int(slot.info & Self.idMask)] = slot
        }
        return ordered
    }
}

/// Interned label groups of a profile's samples, shared by the tag passes over
/// one profile: a sample's group is computed (labels joined, numeric labels
/// formatted) the first time a pass needs it.
struct TagGroupCache {
    private var groupIDs: [LabelGroup: Int] = [:]
    fileprivate private(set) var groups: [LabelGroup] = []
    /// Per sample: its group, -1 for none, -2 not computed yet.
    private var sampleGroups: [Int32] = []
    private var formatted: [FormatKey: String] = [:]

    private struct FormatKey: Hashable {
        let value: Int64
        let unit: String
    }

    init() {}

    fileprivate mutating func group(ofSample index: Int, _ sample: Sample, options: GraphOptions) -> Int {
        if sampleGroups.isEmpty {
            sampleGroups = [Int32](repeating: -2, count: max(index + 1, 16))
        }
        if index >= sampleGroups.count {
            sampleGroups.append(contentsOf: repeatElement(-2, count: index + 1 - sampleGroups.count))
        }
        let known = sampleGroups[index]
        if known != -2 { return Int(known) }
        let id = computeGroup(sample, options: options)
        sampleGroups[index] = Int32(truncatingIfNeeded: id)
        return id
    }

    fileprivate mutating func computeGroup(_ sample: Sample, options: GraphOptions) -> Int {
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

extension Graph {
    /// The per-sample loop of graph building over flat arrays: node values
    /// and edges are summed in plain arrays and written into the graph once.
    /// Each node and edge counts a sample once, however often its stack passes
    /// through it. Edges are created in the order they are first met, with
    /// pprof's residual and inline flags.
    ///
    /// Without `edges`, only the nodes' values are summed: enough to choose
    /// the nodes to keep, and much cheaper (edges are a hash lookup per frame).
    mutating func accumulate(_ stacks: StackTable, table: LocationNodeTable, edges withEdges: Bool = true) {
        struct NodeSums {
            var stamp: Int32 = -1
            var cum: Int64 = 0
            var cumDiv: Int64 = 0
            var flat: Int64 = 0
            var flatDiv: Int64 = 0
        }
        let nodeCount = allNodes.count
        var sums = [NodeSums](repeating: NodeSums(), count: nodeCount)
        var edges = EdgeTable(capacity: nodeCount * 4)

        let locationCount = table.locationCount
        sums.withUnsafeMutableBufferPointer { sums in
            table.start.withUnsafeBufferPointer { start in
                table.nodes.withUnsafeBufferPointer { locationNodes in
                    stacks.shape.locations.withUnsafeBufferPointer { locations in
                        for stack in 0..<stacks.count {
                            let stamp = Int32(truncatingIfNeeded: stack)
                            let w = stacks.weight[stack]
                            let dw = stacks.divisor[stack]
                            if w == 0 && dw == 0 { continue }
                            var parent: Int32 = -1
                            var residual = false
                            let bottom = stacks.shape.start[stack]
                            var li = stacks.shape.start[stack + 1]
                            while li > bottom {
                                li -= 1
                                let location = Int(locations[li])
                                guard location >= 0, location < locationCount else {
                                    residual = true
                                    continue
                                }
                                let first = Int(start[location])
                                let end = Int(start[location + 1])
                                var ni = end
                                while ni > first {
                                    ni -= 1
                                    let n = locationNodes[ni]
                                    if n < 0 {
                                        residual = true
                                        continue
                                    }
                                    let node = Int(n)
                                    if sums[node].stamp != stamp {
                                        sums[node].stamp = stamp
                                        sums[node].cumDiv &+= dw
                                        sums[node].cum &+= w
                                    }
                                    if withEdges && parent >= 0 && parent != n {
                                        edges.add(
                                            EdgeTable.key(parent, n), stack: stamp, weight: w, divisor: dw,
                                            residual: residual, inline: ni != end - 1)
                                    }
                                    parent = n
                                    residual = false
                                }
                            }
                            if parent >= 0 && !residual {
                                let node = Int(parent)
                                sums[node].flatDiv &+= dw
                                sums[node].flat &+= w
                            }
                        }
                    }
                }
            }
        }

        for node in 0..<nodeCount {
            allNodes[node].flat &+= sums[node].flat
            allNodes[node].flatDiv &+= sums[node].flatDiv
            allNodes[node].cum &+= sums[node].cum
            allNodes[node].cumDiv &+= sums[node].cumDiv
        }
        let ordered = edges.edgesInOrder()
        allEdges.reserveCapacity(allEdges.count + ordered.count)
        for slot in ordered {
            let from = Int(Int32(truncatingIfNeeded: slot.key >> 32))
            let to = Int(Int32(truncatingIfNeeded: slot.key & 0xFFFF_FFFF))
            let id = allEdges.count
            allEdges.append(
                Edge(
                    source: from, destination: to, weight: slot.weight, weightDiv: slot.divisor,
                    residual: slot.info & EdgeTable.residualBit != 0, inline: slot.info & EdgeTable.notInlineBit == 0))
            allNodes[from].outEdges[to] = id
            allNodes[to].inEdges[from] = id
        }
    }

    /// Fills the label and numeric tags of `wanted` nodes only (nodes that
    /// already have tags are skipped), as building with `collectTags` would
    /// have filled them: a second walk over the samples that works out a
    /// sample's label group only when its stack reaches a wanted node.
    mutating func fillTags(
        _ profile: Profile, options: GraphOptions, stacks: StackTable, table: LocationNodeTable, wanted: [Int],
        groups: inout TagGroupCache
    ) {
        var isWanted = [Bool](repeating: false, count: allNodes.count)
        var any = false
        for id in wanted where id >= 0 && id < allNodes.count {
            if allNodes[id].labelTags.isEmpty && allNodes[id].numericTags.isEmpty {
                isWanted[id] = true
                any = true
            }
        }
        guard any else { return }
        var nodeStamp = [Int](repeating: -1, count: allNodes.count)
        var index = EntryIndex()
        var entries: [(node: Int, group: Int, sums: TagSums)] = []
        func add(_ node: Int, _ group: Int, _ dw: Int64, _ w: Int64, flat: Bool) {
            let key = UInt64(truncatingIfNeeded: node) << 32 | UInt64(truncatingIfNeeded: group)
            var at = index.find(key)
            if at < 0 {
                at = entries.count
                index.insert(key, at)
                entries.append((node, group, TagSums()))
            }
            if flat {
                entries[at].sums.flatDiv &+= dw
                entries[at].sums.flat &+= w
            } else {
                entries[at].sums.cumDiv &+= dw
                entries[at].sums.cum &+= w
            }
        }
        let locationCount = table.locationCount
        for stack in 0..<stacks.count {
            let sampleIndex = stack
            let w = stacks.weight[stack]
            let dw = stacks.divisor[stack]
            if w == 0 && dw == 0 { continue }
            let sample = profile.samples[sampleIndex]
            if sample.labels.isEmpty && sample.numLabels.isEmpty { continue }
            var group = -2
            var parent = -1
            var residual = false
            let bottom = stacks.shape.start[stack]
            var li = stacks.shape.start[stack + 1]
            while li > bottom {
                li -= 1
                let location = Int(stacks.shape.locations[li])
                guard location >= 0, location < locationCount else {
                    residual = true
                    continue
                }
                let first = Int(table.start[location])
                var ni = Int(table.start[location + 1])
                while ni > first {
                    ni -= 1
                    let node = Int(table.nodes[ni])
                    if node < 0 {
                        residual = true
                        continue
                    }
                    if isWanted[node] && nodeStamp[node] != stack {
                        nodeStamp[node] = stack
                        if group == -2 { group = groups.group(ofSample: sampleIndex, sample, options: options) }
                        if group >= 0 { add(node, group, dw, w, flat: false) }
                    }
                    parent = node
                    residual = false
                }
            }
            if parent >= 0 && !residual && isWanted[parent] {
                if group == -2 { group = groups.group(ofSample: sampleIndex, sample, options: options) }
                if group >= 0 { add(parent, group, dw, w, flat: true) }
            }
        }
        for entry in entries {
            addTags(to: entry.node, group: groups.groups[entry.group], sums: entry.sums)
        }
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
