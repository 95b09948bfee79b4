import Foundation

/// The label groups of a walk's stacks, for summing tags in it: per stack
/// (sample) its group number (-1 for none), and the groups themselves.
struct StackTagGroups {
    let ofStack: [Int32]
    let groups: [LabelGroup]

    /// Every sample's group in `profile` as `cache` works it out for `options`.
    init(_ profile: Profile, options: GraphOptions, cache: inout TagGroupCache) {
        ofStack = cache.resolveAll(profile.samples, options: options)
        groups = cache.groups
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
    /// With `tags`, the same walk also fills every node's tags, as
    /// `fillTags` of every node would have in a walk of its own.
    ///
    /// Large profiles are summed in two halves on two threads: node sums add
    /// up, and the second half's edges follow the first's in the order one
    /// walk would have met them, so the graph is the same either way.
    mutating func accumulate(
        _ stacks: StackTable, table: LocationNodeTable, edges withEdges: Bool = true, tags: StackTagGroups? = nil
    ) {
        let nodeCount = allNodes.count
        let allWanted = [Bool](repeating: true, count: tags == nil ? 0 : nodeCount)
        var halves = TwoHalves.map(stacks.count) { range in
            var sums = StackSums(nodeCount: nodeCount)
            var tagSums = TagPairSums(wanted: allWanted, groupCount: tags?.groups.count ?? 0)
            if let tags {
                sums.add(stacks, range, table: table, edges: withEdges, tags: &tagSums, wanted: allWanted, groups: tags.ofStack)
            } else {
                sums.add(stacks, range, table: table, edges: withEdges)
            }
            return (sums: sums, tags: tagSums)
        }
        var (sums, tagSums) = halves.removeFirst()
        if let second = halves.first {
            sums.merge(second.sums)
            tagSums.merge(second.tags)
        }

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
        if let tags { addTags(tagSums, groups: tags.groups) }
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
        let tags = StackTagGroups(profile, options: options, cache: &groups)
        var halves = TwoHalves.map(stacks.count) { range in
            var sums = TagPairSums(wanted: wantedNodes, groupCount: tags.groups.count)
            sums.add(stacks, range, table: table, wanted: wantedNodes, groups: tags.ofStack)
            return sums
        }
        var sums = halves.removeFirst()
        if let second = halves.first { sums.merge(second) }
        addTags(sums, groups: tags.groups)
    }

    /// Adds summed (node, group) pairs to the nodes' tags, in the order they were first met.
    private mutating func addTags(_ sums: TagPairSums, groups: [LabelGroup]) {
        for entry in sums.entries {
            addTags(to: entry.node, group: groups[entry.group], sums: entry.sums)
        }
    }
}

/// Tag sums per (node, label group) over some stacks, in the order the pairs
/// are first met (`Graph.fillTags`).
private struct TagPairSums {
    var index = EntryIndex()
    var entries: [(node: Int, group: Int, sums: TagSums)] = []
    /// When the wanted nodes times the groups are few: each pair's entry
    /// number (-1: none yet) at `slot[node] * groupCount + group`, found
    /// without hashing. Empty otherwise.
    private var cells: [Int32] = []
    private var slot: [Int32] = []
    private var groupCount = 0
    /// The most pairs looked up by `cells` (16 MB of them).
    static let maximumCells = 1 << 22

    init() {}

    /// Sums for the `wanted` nodes (by node number) and `groupCount` label groups.
    init(wanted: [Bool], groupCount: Int) {
        var slot = [Int32](repeating: -1, count: wanted.count)
        var count = 0
        for node in wanted.indices where wanted[node] {
            slot[node] = Int32(truncatingIfNeeded: count)
            count += 1
        }
        guard count > 0, groupCount > 0, count <= Self.maximumCells / groupCount else { return }
        self.slot = slot
        self.groupCount = groupCount
        cells = [Int32](repeating: -1, count: count * groupCount)
    }

    @inline(__always)
    mutating func add(_ node: Int, _ group: Int, _ dw: Int64, _ w: Int64, flat: Bool) {
        var at: Int
        if !cells.isEmpty {
            let cell = Int(slot[node]) * groupCount + group
            at = Int(cells[cell])
            if at < 0 {
                at = newEntry(node, group)
                cells[cell] = Int32(truncatingIfNeeded: at)
            }
        } else {
            at = index.find(UInt64(truncatingIfNeeded: node) << 32 | UInt64(truncatingIfNeeded: group))
            if at < 0 { at = newEntry(node, group) }
        }
        entries[at].sums.add(dw, w, flat: flat)
    }

    /// Adds the entry of a pair met for the first time; returns its number.
    private mutating func newEntry(_ node: Int, _ group: Int) -> Int {
        let at = entries.count
        index.insert(UInt64(truncatingIfNeeded: node) << 32 | UInt64(truncatingIfNeeded: group), at)
        entries.append((node, group, TagSums()))
        return at
    }

    /// Adds stacks `range`: each wanted node a stack passes through counts it
    /// once in its cum sums, and the leaf node (when kept) in its flat sums,
    /// under the stack's label group (`groups`, -1 for none).
    mutating func add(
        _ stacks: StackTable, _ range: Range<Int>, table: LocationNodeTable, wanted: [Bool], groups: [Int32]
    ) {
        TagVisitor.walk(&self, stacks, wanted: wanted, groups: groups) { visitor in
            StackWalk.run(stacks.shape, range, table: table, &visitor)
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

/// `TagPairSums` as a walk fills them: each wanted node a stack passes
/// through counts once under the stack's label group (stacks without a
/// group, or without a value, are skipped).
private struct TagVisitor: StackVisitor {
    var sums: TagPairSums
    private let wanted: UnsafeBufferPointer<Bool>
    private let groups: UnsafeBufferPointer<Int32>
    private let weight: UnsafeBufferPointer<Int64>
    private let divisor: UnsafeBufferPointer<Int64>
    private let nodeStamp: UnsafeMutableBufferPointer<Int>
    private var stack = 0
    private var group = 0
    private var w: Int64 = 0
    private var dw: Int64 = 0

    /// Runs `body` (a walk) with a visitor that adds to `sums`; the visitor
    /// lives only inside `body`.
    static func walk(
        _ sums: inout TagPairSums, _ stacks: StackTable, wanted: [Bool], groups: [Int32], _ body: (inout TagVisitor) -> Void
    ) {
        var nodeStamp = [Int](repeating: -1, count: wanted.count)
        let moved = sums
        sums = TagPairSums()
        sums = wanted.withUnsafeBufferPointer { wanted in
            groups.withUnsafeBufferPointer { groups in
                stacks.weight.withUnsafeBufferPointer { weight in
                    stacks.divisor.withUnsafeBufferPointer { divisor in
                        nodeStamp.withUnsafeMutableBufferPointer { nodeStamp in
                            var visitor = TagVisitor(
                                sums: moved, wanted: wanted, groups: groups, weight: weight, divisor: divisor,
                                nodeStamp: nodeStamp)
                            body(&visitor)
                            return visitor.sums
                        }
                    }
                }
            }
        }
    }

    @inline(__always)
    mutating func start(_ stack: Int) -> Bool {
        group = Int(groups[stack])
        if group < 0 { return false }
        w = weight[stack]
        dw = divisor[stack]
        if w == 0 && dw == 0 { return false }
        self.stack = stack
        return true
    }

    @inline(__always)
    mutating func node(_ node: Int32, parent: Int32, residual: Bool, inline: Bool) {
        let n = Int(node)
        if wanted[n] && nodeStamp[n] != stack {
            nodeStamp[n] = stack
            sums.add(n, group, dw, w, flat: false)
        }
    }

    @inline(__always)
    mutating func leaf(_ node: Int32) {
        let n = Int(node)
        if wanted[n] { sums.add(n, group, dw, w, flat: true) }
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
        walk(stacks, withEdges: withEdges) { visitor in StackWalk.run(stacks.shape, range, table: table, &visitor) }
    }

    /// `add`, and in the same walk the tag sums of the `wanted` nodes under
    /// each stack's label group (`groups`) into `tags`.
    mutating func add(
        _ stacks: StackTable, _ range: Range<Int>, table: LocationNodeTable, edges withEdges: Bool,
        tags: inout TagPairSums, wanted: [Bool], groups: [Int32]
    ) {
        walk(stacks, withEdges: withEdges) { sumVisitor in
            TagVisitor.walk(&tags, stacks, wanted: wanted, groups: groups) { tagVisitor in
                var both = PairedVisitor(sumVisitor, tagVisitor)
                // Left with one owner each, so that adding does not copy them.
                sumVisitor.edges = EdgeTable(capacity: 0)
                tagVisitor.sums = TagPairSums()
                StackWalk.run(stacks.shape, range, table: table, &both)
                sumVisitor = both.first
                tagVisitor = both.second
            }
        }
    }

    /// Runs `body` (a walk) with a visitor that adds to these sums; the
    /// visitor lives only inside `body`.
    private mutating func walk(_ stacks: StackTable, withEdges: Bool, _ body: (inout SumVisitor) -> Void) {
        let movedEdges = edges
        edges = EdgeTable(capacity: 0)
        edges = nodes.withUnsafeMutableBufferPointer { sums in
            stacks.weight.withUnsafeBufferPointer { weight in
                stacks.divisor.withUnsafeBufferPointer { divisor in
                    var visitor = SumVisitor(
                        sums: sums, edges: movedEdges, withEdges: withEdges, weight: weight, divisor: divisor)
                    body(&visitor)
                    return visitor.edges
                }
            }
        }
    }

    /// Node (and edge) sums as a walk fills them.
    struct SumVisitor: StackVisitor {
        let sums: UnsafeMutableBufferPointer<NodeSums>
        var edges: EdgeTable
        let withEdges: Bool
        let weight: UnsafeBufferPointer<Int64>
        let divisor: UnsafeBufferPointer<Int64>
        var stamp: Int32 = 0
        var w: Int64 = 0
        var dw: Int64 = 0

        @inline(__always)
        mutating func start(_ stack: Int) -> Bool {
            w = weight[stack]
            dw = divisor[stack]
            if w == 0 && dw == 0 { return false }
            stamp = Int32(truncatingIfNeeded: stack)
            return true
        }

        @inline(__always)
        mutating func node(_ n: Int32, parent: Int32, residual: Bool, inline: Bool) {
            let node = Int(n)
            if sums[node].stamp != stamp {
                sums[node].stamp = stamp
                sums[node].cumDiv &+= dw
                sums[node].cum &+= w
            }
            if withEdges && parent >= 0 && parent != n {
                edges.add(EdgeTable.key(parent, n), stack: stamp, weight: w, divisor: dw, residual: residual, inline: inline)
            }
        }

        @inline(__always)
        mutating func leaf(_ n: Int32) {
            let node = Int(n)
            sums[node].flatDiv &+= dw
            sums[node].flat &+= w
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
