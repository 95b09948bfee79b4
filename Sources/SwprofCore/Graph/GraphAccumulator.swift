import Foundation

extension Graph {
    /// The per-sample loop of graph building over flat arrays: node values
    /// and edges are summed in plain arrays and written into the graph once.
    /// Each node and edge counts a sample once, however often its stack passes
    /// through it. Edges are created in the order they are first met, with
    /// pprof's residual and inline flags.
    ///
    /// Without `edges`, only the nodes' values are summed: enough to choose
    /// the nodes to keep, and much cheaper (edges are a hash lookup per frame).
    ///
    /// Large profiles are summed in two halves on two threads: node sums add
    /// up, and the second half's edges follow the first's in the order one
    /// walk would have met them, so the graph is the same either way.
    mutating func accumulate(_ stacks: StackTable, table: LocationNodeTable, edges withEdges: Bool = true) {
        let nodeCount = allNodes.count
        let count = stacks.count
        var halves = TwoHalves.map(count) { range in
            var sums = StackSums(nodeCount: nodeCount)
            sums.add(stacks, range, table: table, edges: withEdges)
            return sums
        }
        var sums = halves.removeFirst()
        if let second = halves.first { sums.merge(second) }

        for node in 0..<nodeCount {
            allNodes[node].flat &+= sums.nodes[node].flat
            allNodes[node].flatDiv &+= sums.nodes[node].flatDiv
            allNodes[node].cum &+= sums.nodes[node].cum
            allNodes[node].cumDiv &+= sums.nodes[node].cumDiv
        }
        let ordered = sums.edges.edgesInOrder()
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
    /// have filled them: a second walk over the stacks, with every sample's
    /// label group worked out first (once per `groups`). Large profiles are
    /// walked in two halves on two threads; the second half's (node, group)
    /// pairs follow the first's in the order one walk meets them, so the first
    /// sample to reach a tag still defines its value and unit.
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
        let wantedNodes = isWanted
        let sampleGroups = groups.resolveAll(profile.samples, options: options)
        var halves = TwoHalves.map(stacks.count) { range in
            var sums = TagPairSums()
            sums.add(stacks, range, table: table, wanted: wantedNodes, groups: sampleGroups)
            return sums
        }
        var sums = halves.removeFirst()
        if let second = halves.first { sums.merge(second) }
        for entry in sums.entries {
            addTags(to: entry.node, group: groups.groups[entry.group], sums: entry.sums)
        }
    }
}

/// Tag sums per (node, label group) over some stacks, in the order the pairs
/// are first met (`Graph.fillTags`).
private struct TagPairSums {
    var index = EntryIndex()
    var entries: [(node: Int, group: Int, sums: TagSums)] = []

    private mutating func add(_ node: Int, _ group: Int, _ dw: Int64, _ w: Int64, flat: Bool) {
        let key = UInt64(truncatingIfNeeded: node) << 32 | UInt64(truncatingIfNeeded: group)
        var at = index.find(key)
        if at < 0 {
            at = entries.count
            index.insert(key, at)
            entries.append((node, group, TagSums()))
        }
        entries[at].sums.add(dw, w, flat: flat)
    }

    /// Adds stacks `range`: each wanted node a stack passes through counts it
    /// once in its cum sums, and the leaf node (when kept) in its flat sums,
    /// under the stack's label group (`groups`, -1 for none).
    mutating func add(
        _ stacks: StackTable, _ range: Range<Int>, table: LocationNodeTable, wanted: [Bool], groups: [Int32]
    ) {
        var nodeStamp = [Int](repeating: -1, count: wanted.count)
        let locationCount = table.locationCount
        table.start.withUnsafeBufferPointer { start in
            table.nodes.withUnsafeBufferPointer { locationNodes in
                stacks.shape.locations.withUnsafeBufferPointer { locations in
                    stacks.shape.start.withUnsafeBufferPointer { stackStart in
                        stacks.weight.withUnsafeBufferPointer { weight in
                            stacks.divisor.withUnsafeBufferPointer { divisor in
                                wanted.withUnsafeBufferPointer { isWanted in
                                    nodeStamp.withUnsafeMutableBufferPointer { nodeStamp in
                                        for stack in range {
                                            if WorkBudget.isStopped(at: stack) { break }
                                            let group = Int(groups[stack])
                                            if group < 0 { continue }
                                            let w = weight[stack]
                                            let dw = divisor[stack]
                                            if w == 0 && dw == 0 { continue }
                                            var parent = -1
                                            var residual = false
                                            let bottom = stackStart[stack]
                                            var li = stackStart[stack + 1]
                                            while li > bottom {
                                                li -= 1
                                                let location = Int(locations[li])
                                                guard location >= 0, location < locationCount else {
                                                    residual = true
                                                    continue
                                                }
                                                let first = Int(start[location])
                                                var ni = Int(start[location + 1])
                                                while ni > first {
                                                    ni -= 1
                                                    let node = Int(locationNodes[ni])
                                                    if node < 0 {
                                                        residual = true
                                                        continue
                                                    }
                                                    if isWanted[node] && nodeStamp[node] != stack {
                                                        nodeStamp[node] = stack
                                                        add(node, group, dw, w, flat: false)
                                                    }
                                                    parent = node
                                                    residual = false
                                                }
                                            }
                                            if parent >= 0 && !residual && isWanted[parent] {
                                                add(parent, group, dw, w, flat: true)
                                            }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    /// Adds the sums of stacks that come after this one's.
    mutating func merge(_ later: TagPairSums) {
        for entry in later.entries {
            let key = UInt64(truncatingIfNeeded: entry.node) << 32 | UInt64(truncatingIfNeeded: entry.group)
            let at = index.find(key)
            if at < 0 {
                index.insert(key, entries.count)
                entries.append(entry)
            } else {
                entries[at].sums.flat &+= entry.sums.flat
                entries[at].sums.flatDiv &+= entry.sums.flatDiv
                entries[at].sums.cum &+= entry.sums.cum
                entries[at].sums.cumDiv &+= entry.sums.cumDiv
            }
        }
    }
}


/// Node and edge sums over some of a graph's stacks (`Graph.accumulate`).
private struct StackSums {
    struct NodeSums {
        var stamp: Int32 = -1
        var cum: Int64 = 0
        var cumDiv: Int64 = 0
        var flat: Int64 = 0
        var flatDiv: Int64 = 0
    }
    var nodes: [NodeSums]
    var edges: EdgeTable

    init(nodeCount: Int) {
        nodes = [NodeSums](repeating: NodeSums(), count: nodeCount)
        edges = EdgeTable(capacity: nodeCount * 4)
    }

    /// Adds stacks `range`: each node and edge counts a stack once, however
    /// often the stack passes through it.
    mutating func add(_ stacks: StackTable, _ range: Range<Int>, table: LocationNodeTable, edges withEdges: Bool) {
        let locationCount = table.locationCount
        nodes.withUnsafeMutableBufferPointer { sums in
            table.start.withUnsafeBufferPointer { start in
                table.nodes.withUnsafeBufferPointer { locationNodes in
                    stacks.shape.locations.withUnsafeBufferPointer { locations in
                        stacks.shape.start.withUnsafeBufferPointer { stackStart in
                            stacks.weight.withUnsafeBufferPointer { weight in
                                stacks.divisor.withUnsafeBufferPointer { divisor in
                                    for stack in range {
                                        if WorkBudget.isStopped(at: stack) { break }
                                        let stamp = Int32(truncatingIfNeeded: stack)
                                        let w = weight[stack]
                                        let dw = divisor[stack]
                                        if w == 0 && dw == 0 { continue }
                                        var parent: Int32 = -1
                                        var residual = false
                                        let bottom = stackStart[stack]
                                        var li = stackStart[stack + 1]
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
                }
            }
        }
    }

    /// Adds the sums of stacks that come after this one's.
    mutating func merge(_ later: StackSums) {
        for node in nodes.indices {
            nodes[node].cum &+= later.nodes[node].cum
            nodes[node].cumDiv &+= later.nodes[node].cumDiv
            nodes[node].flat &+= later.nodes[node].flat
            nodes[node].flatDiv &+= later.nodes[node].flatDiv
        }
        edges.merge(later.edges)
    }
}

