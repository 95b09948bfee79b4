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
