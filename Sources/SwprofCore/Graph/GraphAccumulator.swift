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

/// A profile's sample stacks and weights in flat arrays, for the repeated
/// walks of graph building (pprof builds a report's graph up to three times):
/// samples with neither a value nor a divisor are left out.
struct StackTable {
    /// Location indices, leaf first, of stack `s` at `locations[start[s] ..< start[s + 1]]`.
    var start: [Int] = [0]
    var locations: [Int32] = []
    var weight: [Int64] = []
    var divisor: [Int64] = []
    /// The index of each stack's sample in `Profile.samples`.
    var sample: [Int] = []

    init(_ profile: Profile, options: GraphOptions) {
        let valueIndex = options.valueIndex
        let divisorIndex = options.divisorIndex ?? -1
        start.reserveCapacity(profile.samples.count + 1)
        weight.reserveCapacity(profile.samples.count)
        divisor.reserveCapacity(profile.samples.count)
        sample.reserveCapacity(profile.samples.count)
        profile.samples.withUnsafeBufferPointer { samples in
            for i in samples.indices {
                var w: Int64 = 0
                var dw: Int64 = 0
                samples[i].values.withUnsafeBufferPointer { values in
                    if valueIndex >= 0 && valueIndex < values.count { w = values[valueIndex] }
                    if divisorIndex >= 0 && divisorIndex < values.count { dw = values[divisorIndex] }
                }
                if w == 0 && dw == 0 { continue }
                samples[i].locations.withUnsafeBufferPointer { stack in
                    for location in stack {
                        // Out of range stays out of range (-1) in 32 bits.
                        locations.append(location >= 0 && location <= Int(Int32.max) ? Int32(location) : -1)
                    }
                }
                start.append(locations.count)
                weight.append(w)
                divisor.append(dw)
                sample.append(i)
            }
        }
    }

    var count: Int { weight.count }
}

/// Edge ids by (caller, callee) node pair: open addressing over a power-of-two
/// table with a multiplicative hash, much cheaper than `Dictionary<Int, Int>`
/// in the per-frame loop of graph building.
struct EdgeIndex {
    private var keys: [UInt64]
    private var values: [Int32]
    private var mask: Int
    private(set) var count = 0

    init(capacity: Int = 1024) {
        var size = 16
        while size < capacity * 2 { size <<= 1 }
        keys = [UInt64](repeating: .max, count: size)
        values = [Int32](repeating: -1, count: size)
        mask = size - 1
    }

    @inline(__always)
    static func key(_ from: Int32, _ to: Int32) -> UInt64 {
        UInt64(UInt32(bitPattern: from)) << 32 | UInt64(UInt32(bitPattern: to))
    }

    @inline(__always)
    private func slot(_ key: UInt64) -> Int {
        Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> 20) & mask
    }

    /// The edge id stored for `key`, or -1.
    @inline(__always)
    func find(_ key: UInt64) -> Int32 {
        var i = slot(key)
        while true {
            let k = keys[i]
            if k == key { return values[i] }
            if k == .max { return -1 }
            i = (i + 1) & mask
        }
    }

    /// Stores `value` for a key that is not in the table yet.
    mutating func insert(_ key: UInt64, _ value: Int32) {
        if (count + 1) * 2 > keys.count { grow() }
        var i = slot(key)
        while keys[i] != .max { i = (i + 1) & mask }
        keys[i] = key
        values[i] = value
        count += 1
    }

    private mutating func grow() {
        let oldKeys = keys
        let oldValues = values
        keys = [UInt64](repeating: .max, count: oldKeys.count * 2)
        values = [Int32](repeating: -1, count: oldKeys.count * 2)
        mask = keys.count - 1
        count = 0
        for i in oldKeys.indices where oldKeys[i] != .max {
            insert(oldKeys[i], oldValues[i])
        }
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
                let units = sample.numUnits[key] ?? []
                for (i, value) in values.enumerated() {
                    let unit = units.isEmpty ? key : (i < units.count ? units[i] : "")
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
        let group = LabelGroup(labels: Graph.joinedLabels(sample), numeric: numeric)
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
    mutating func accumulate(_ stacks: StackTable, table: LocationNodeTable) {
        let nodeCount = allNodes.count
        var flat = [Int64](repeating: 0, count: nodeCount)
        var flatDiv = [Int64](repeating: 0, count: nodeCount)
        var cum = [Int64](repeating: 0, count: nodeCount)
        var cumDiv = [Int64](repeating: 0, count: nodeCount)
        var nodeStamp = [Int](repeating: -1, count: nodeCount)

        var edgeIndex = EdgeIndex(capacity: nodeCount * 2)
        var edgeFrom: [Int32] = []
        var edgeTo: [Int32] = []
        var edgeWeight: [Int64] = []
        var edgeDiv: [Int64] = []
        var edgeResidual: [Bool] = []
        var edgeInline: [Bool] = []
        var edgeStamp: [Int] = []

        let locationCount = table.locationCount
        table.start.withUnsafeBufferPointer { start in
            table.nodes.withUnsafeBufferPointer { locationNodes in
                stacks.locations.withUnsafeBufferPointer { locations in
                    for stack in 0..<stacks.count {
                        let w = stacks.weight[stack]
                        let dw = stacks.divisor[stack]
                        var parent: Int32 = -1
                        var residual = false
                        let bottom = stacks.start[stack]
                        var li = stacks.start[stack + 1]
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
                                if nodeStamp[node] != stack {
                                    nodeStamp[node] = stack
                                    cumDiv[node] &+= dw
                                    cum[node] &+= w
                                }
                                if parent >= 0 && parent != n {
                                    let key = EdgeIndex.key(parent, n)
                                    let inline = ni != end - 1
                                    let e = Int(edgeIndex.find(key))
                                    if e >= 0 {
                                        if edgeStamp[e] != stack {
                                            edgeStamp[e] = stack
                                            edgeDiv[e] &+= dw
                                            edgeWeight[e] &+= w
                                            if residual { edgeResidual[e] = true }
                                            if !inline { edgeInline[e] = false }
                                        }
                                    } else {
                                        edgeIndex.insert(key, Int32(truncatingIfNeeded: edgeFrom.count))
                                        edgeFrom.append(parent)
                                        edgeTo.append(n)
                                        edgeWeight.append(w)
                                        edgeDiv.append(dw)
                                        edgeResidual.append(residual)
                                        edgeInline.append(inline)
                                        edgeStamp.append(stack)
                                    }
                                }
                                parent = n
                                residual = false
                            }
                        }
                        if parent >= 0 && !residual {
                            let node = Int(parent)
                            flatDiv[node] &+= dw
                            flat[node] &+= w
                        }
                    }
                }
            }
        }

        for node in 0..<nodeCount {
            allNodes[node].flat &+= flat[node]
            allNodes[node].flatDiv &+= flatDiv[node]
            allNodes[node].cum &+= cum[node]
            allNodes[node].cumDiv &+= cumDiv[node]
        }
        allEdges.reserveCapacity(allEdges.count + edgeFrom.count)
        for e in edgeFrom.indices {
            let from = Int(edgeFrom[e])
            let to = Int(edgeTo[e])
            let id = allEdges.count
            allEdges.append(
                Edge(
                    source: from, destination: to, weight: edgeWeight[e], weightDiv: edgeDiv[e],
                    residual: edgeResidual[e], inline: edgeInline[e]))
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
        var index: [Int: Int] = [:]
        var entries: [(node: Int, group: Int, sums: TagSums)] = []
        func add(_ node: Int, _ group: Int, _ dw: Int64, _ w: Int64, flat: Bool) {
            let key = node &* 0x1_0000_0000 &+ group
            let at: Int
            if let i = index[key] {
                at = i
            } else {
                at = entries.count
                index[key] = at
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
            let sampleIndex = stacks.sample[stack]
            let sample = profile.samples[sampleIndex]
            if sample.labels.isEmpty && sample.numLabels.isEmpty { continue }
            let w = stacks.weight[stack]
            let dw = stacks.divisor[stack]
            var group = -2
            var parent = -1
            var residual = false
            let bottom = stacks.start[stack]
            var li = stacks.start[stack + 1]
            while li > bottom {
                li -= 1
                let location = Int(stacks.locations[li])
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
