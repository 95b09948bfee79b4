/// A call graph summarising a profile (pprof's `graph.Graph`): nodes for
/// functions (or lines, files, addresses) with flat and cumulative values, and
/// weighted caller → callee edges.
///
/// Nodes and edges live in arrays and refer to each other by index, so the
/// graph is a plain value. Trimming removes nodes from `nodeIDs` and edges
/// from the nodes' edge maps; the arrays keep everything ever created.
public struct Graph: Sendable {
    public struct Node: Sendable {
        /// Index of this node in `Graph.allNodes`.
        public let id: Int
        public let info: NodeInfo
        /// `info.printableName`, computed once (sorting uses it a lot).
        public let printableName: String
        /// The node standing for the whole function this node belongs to
        /// (itself when the node has no address or line).
        public internal(set) var function: Int
        /// Exclusive (flat) and inclusive (cum) values, and the sums of the
        /// `-mean` divisors for them (0 when no divisor is used).
        public internal(set) var flat: Int64 = 0
        public internal(set) var flatDiv: Int64 = 0
        public internal(set) var cum: Int64 = 0
        public internal(set) var cumDiv: Int64 = 0
        /// Incoming edges by caller node id, and outgoing edges by callee node id
        /// (values are indices into `Graph.allEdges`).
        public internal(set) var inEdges: [Int: Int] = [:]
        public internal(set) var outEdges: [Int: Int] = [:]
        /// String labels of the samples through this node (joined `key:value`
        /// pairs), and numeric labels grouped by those string labels.
        public internal(set) var labelTags: [String: Tag] = [:]
        public internal(set) var numericTags: [String: [String: Tag]] = [:]

        init(id: Int, info: NodeInfo, function: Int) {
            self.id = id
            self.info = info
            self.printableName = info.printableName
            self.function = function
        }

        /// The flat value, divided by its divisor in `-mean` reports.
        public var flatValue: Int64 { flatDiv == 0 ? flat : goDivide(flat, flatDiv) }
        /// The cumulative value, divided by its divisor in `-mean` reports.
        public var cumValue: Int64 { cumDiv == 0 ? cum : goDivide(cum, cumDiv) }
    }

    public struct Edge: Sendable {
        public internal(set) var source: Int
        public let destination: Int
        public internal(set) var weight: Int64
        public internal(set) var weightDiv: Int64
        /// The edge stands for a path through nodes that were removed.
        public internal(set) var residual: Bool
        /// The call was inlined into the caller.
        public internal(set) var inline: Bool

        public var weightValue: Int64 { weightDiv == 0 ? weight : goDivide(weight, weightDiv) }
    }

    /// A sample label (or numeric label) seen on a node, with its share.
    public struct Tag: Sendable {
        public var name: String
        /// Unit of a numeric tag; empty for string labels.
        public var unit: String
        public var value: Int64
        public var flat: Int64 = 0
        public var flatDiv: Int64 = 0
        public var cum: Int64 = 0
        public var cumDiv: Int64 = 0

        public init(name: String, unit: String = "", value: Int64 = 0, flat: Int64 = 0, cum: Int64 = 0) {
            self.name = name
            self.unit = unit
            self.value = value
            self.flat = flat
            self.cum = cum
        }

        public var flatValue: Int64 { flatDiv == 0 ? flat : goDivide(flat, flatDiv) }
        public var cumValue: Int64 { cumDiv == 0 ? cum : goDivide(cum, cumDiv) }
    }

    public internal(set) var allNodes: [Node] = []
    public internal(set) var allEdges: [Edge] = []
    /// The nodes of the graph, in report order once sorted.
    public internal(set) var nodeIDs: [Int] = []

    public init() {}

    /// The nodes of the graph in order.
    public var nodes: [Node] { nodeIDs.map { allNodes[$0] } }

    public subscript(node id: Int) -> Node { allNodes[id] }
    public subscript(edge id: Int) -> Edge { allEdges[id] }

    /// Incoming edges of a node, heaviest first (ties by caller, then callee name).
    public func sortedInEdges(of node: Int) -> [Edge] {
        sortedEdges(allNodes[node].inEdges.values)
    }

    /// Outgoing edges of a node, heaviest first (ties by caller, then callee name).
    public func sortedOutEdges(of node: Int) -> [Edge] {
        sortedEdges(allNodes[node].outEdges.values)
    }

    /// Sum of flat and of cumulative values over the graph's nodes.
    public func sums() -> (flat: Int64, cum: Int64) {
        var flat: Int64 = 0
        var cum: Int64 = 0
        for id in nodeIDs {
            flat &+= allNodes[id].flat
            cum &+= allNodes[id].cum
        }
        return (flat, cum)
    }

    /// Edge ids ordered as pprof orders edge lists.
    func sortedEdgeIDs<S: Sequence>(_ ids: S) -> [Int] where S.Element == Int {
        ids.sorted { edgeLess(allEdges[$0], allEdges[$1]) }
    }

    func sortedEdges<S: Sequence>(_ ids: S) -> [Edge] where S.Element == Int {
        sortedEdgeIDs(ids).map { allEdges[$0] }
    }

    func edgeLess(_ a: Edge, _ b: Edge) -> Bool {
        if a.weight != b.weight {
            return goAbs(a.weight) > goAbs(b.weight)
        }
        let fromA = allNodes[a.source].printableName
        let fromB = allNodes[b.source].printableName
        if fromA != fromB {
            return goLess(fromA, fromB)
        }
        return goLess(allNodes[a.destination].printableName, allNodes[b.destination].printableName)
    }

    // MARK: Building blocks

    /// Adds `weight` to the edge `from → to`, creating it if needed. An
    /// existing edge becomes residual if this path is, and stops being
    /// inline if this path is not.
    mutating func addToEdge(from: Int, to: Int, weightDiv: Int64, weight: Int64, residual: Bool, inline: Bool) {
        if let id = allNodes[from].outEdges[to] {
            addToEdge(id, weightDiv: weightDiv, weight: weight, residual: residual, inline: inline)
            return
        }
        let id = allEdges.count
        allEdges.append(
            Edge(source: from, destination: to, weight: weight, weightDiv: weightDiv, residual: residual, inline: inline))
        allNodes[from].outEdges[to] = id
        allNodes[to].inEdges[from] = id
    }

    /// Adds to an existing edge.
    mutating func addToEdge(_ id: Int, weightDiv: Int64, weight: Int64, residual: Bool, inline: Bool) {
        allEdges[id].weightDiv &+= weightDiv
        allEdges[id].weight &+= weight
        if residual { allEdges[id].residual = true }
        if !inline { allEdges[id].inline = false }
    }

    mutating func removeEdge(from: Int, to: Int) {
        allNodes[from].outEdges[to] = nil
        allNodes[to].inEdges[from] = nil
    }
}

/// Byte-wise string order, as Go compares strings (Swift's `<` compares
/// Unicode scalars after normalisation, which can differ).
func goLess(_ a: String, _ b: String) -> Bool {
    a.utf8.lexicographicallyPrecedes(b.utf8)
}

extension Graph.Tag {
    /// Tags ordered by weight (cumulative first unless `flat`), then name.
    static func sorted(_ tags: [Graph.Tag], flat: Bool) -> [Graph.Tag] {
        tags.sorted { a, b in
            if !flat && a.cum != b.cum {
                return goAbs(a.cum) > goAbs(b.cum)
            }
            if a.flat != b.flat {
                return goAbs(a.flat) > goAbs(b.flat)
            }
            return goLess(a.name, b.name)
        }
    }
}

/// Integer division as Go does it on amd64 for the one overflowing case
/// (the most negative value divided by -1 stays as is) instead of trapping.
/// The divisor must not be zero.
func goDivide(_ a: Int64, _ b: Int64) -> Int64 {
    a.dividedReportingOverflow(by: b).partialValue
}
