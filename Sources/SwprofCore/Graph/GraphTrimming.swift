#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Orders for `Graph.sort` (pprof's `NodeOrder`).
public enum NodeOrder: Sendable {
    /// Flat value (largest magnitude first), then name, then cum.
    case flatName
    /// Flat, then cum, then name.
    case flatCumName
    /// Cum, then name, then flat.
    case cumName
    /// Function name.
    case name
    /// File name, then start line.
    case file
    /// Address, ascending.
    case address
    /// A score favouring nodes that make an interesting picture (graphs).
    case entropy
}

/// The largest number of tag boxes drawn around one node.
let maxNodelets = 4

extension Graph {
    // MARK: Sorting

    /// Sorts the graph's nodes: by cum or flat for reports, by entropy for pictures.
    public mutating func sortNodes(cum: Bool, visual: Bool) {
        nodeIDs = sorted(nodeIDs, by: visual ? .entropy : (cum ? .cumName : .flatName))
    }

    /// The given node ids in the given order; ties end in a comparison of
    /// every field of the node infos, so the order is deterministic.
    public func sorted(_ ids: [Int], by order: NodeOrder) -> [Int] {
        struct Keyed {
            let id: Int
            let score: Int64
        }
        var scores: [Int: Int64] = [:]
        switch order {
        case .cumName:
            for id in ids { scores[id] = allNodes[id].cum }
        case .entropy:
            for id in ids { scores[id] = entropyScore(id) }
        default:
            break
        }
        var sortKeys: [Int: String] = [:]
        func key(_ id: Int) -> String {
            if let k = sortKeys[id] { return k }
            let k = allNodes[id].info.sortKey
            sortKeys[id] = k
            return k
        }
        let nodes = allNodes
        return ids.sorted { a, b in
            let l = nodes[a]
            let r = nodes[b]
            switch order {
            case .flatName:
                if goAbs(l.flat) != goAbs(r.flat) { return goAbs(l.flat) > goAbs(r.flat) }
                if l.printableName != r.printableName { return goLess(l.printableName, r.printableName) }
                if goAbs(l.cum) != goAbs(r.cum) { return goAbs(l.cum) > goAbs(r.cum) }
            case .flatCumName:
                if goAbs(l.flat) != goAbs(r.flat) { return goAbs(l.flat) > goAbs(r.flat) }
                if goAbs(l.cum) != goAbs(r.cum) { return goAbs(l.cum) > goAbs(r.cum) }
                if l.printableName != r.printableName { return goLess(l.printableName, r.printableName) }
            case .name:
                if l.info.name != r.info.name { return goLess(l.info.name, r.info.name) }
            case .file:
                if l.info.file != r.info.file { return goLess(l.info.file, r.info.file) }
                if l.info.startLine != r.info.startLine { return l.info.startLine < r.info.startLine }
            case .address:
                if l.info.address != r.info.address { return l.info.address < r.info.address }
            case .cumName, .entropy:
                let ls = goAbs(scores[a, default: 0])
                let rs = goAbs(scores[b, default: 0])
                if ls != rs { return ls > rs }
                if l.printableName != r.printableName { return goLess(l.printableName, r.printableName) }
                if goAbs(l.flat) != goAbs(r.flat) { return goAbs(l.flat) > goAbs(r.flat) }
            }
            return goLess(key(a), key(b))
        }
    }

    /// How much a node matters in a picture: entries and leaves are
    /// favoured, and nodes that just pass their input on score low.
    func entropyScore(_ id: Int) -> Int64 {
        let n = allNodes[id]
        var score = 0.0
        if n.inEdges.isEmpty {
            score += 1
        } else {
            score += edgeEntropyScore(n.inEdges.values, selfWeight: 0)
        }
        if n.outEdges.isEmpty {
            score += 1
        } else {
            score += edgeEntropyScore(n.outEdges.values, selfWeight: n.flat)
        }
        return goInt64(score * Double(n.cum)) &+ n.flat
    }

    private func edgeEntropyScore<S: Sequence>(_ edges: S, selfWeight: Int64) -> Double where S.Element == Int {
        var score = 0.0
        var total = selfWeight
        for e in edges where allEdges[e].weight > 0 {
            total &+= goAbs(allEdges[e].weight)
        }
        if total != 0 {
            for e in edges {
                let fraction = Double(goAbs(allEdges[e].weight)) / Double(total)
                score += -fraction * log2(fraction)
            }
            if selfWeight > 0 {
                let fraction = Double(goAbs(selfWeight)) / Double(total)
                score += -fraction * log2(fraction)
            }
        }
        return score
    }

    // MARK: Selecting nodes

    /// Infos of the nodes whose cum magnitude is at least `cutoff`.
    public func nodesAboveCutoff(_ cutoff: Int64) -> Set<NodeInfo> {
        Set(nodeIDs.filter { goAbs(allNodes[$0].cum) >= cutoff }.map { allNodes[$0].info })
    }

    /// Ids of the nodes whose cum magnitude is at least `cutoff` (for trees,
    /// where infos are not unique).
    public func nodeIDsAboveCutoff(_ cutoff: Int64) -> Set<Int> {
        Set(nodeIDs.filter { goAbs(allNodes[$0].cum) >= cutoff })
    }

    /// The first `maxNodes` nodes in current order. In visual mode each
    /// node's tag boxes count against the limit too.
    public func topNodeIDs(_ maxNodes: Int, visual: Bool) -> [Int] {
        var limit = maxNodes
        if limit > 0 && visual {
            var count = 0
            for (i, id) in nodeIDs.enumerated() {
                count += min(countTags(id), maxNodelets) + 1
                if count >= limit {
                    limit = i + 1
                    break
                }
            }
        }
        limit = max(0, min(limit, nodeIDs.count))
        return Array(nodeIDs[..<limit])
    }

    /// Tags with a flat value (an estimate of the tag boxes drawn).
    func countTags(_ id: Int) -> Int {
        let n = allNodes[id]
        var count = n.labelTags.values.filter { $0.flat != 0 }.count
        for tags in n.numericTags.values {
            count += tags.values.filter { $0.flat != 0 }.count
        }
        return count
    }

    // MARK: Trimming

    /// Drops tags lighter than `cutoff` in both flat and cum.
    public mutating func trimLowFrequencyTags(_ cutoff: Int64) {
        func keep(_ t: Tag) -> Bool {
            goAbs(t.flat) >= cutoff || goAbs(t.cum) >= cutoff
        }
        for id in nodeIDs {
            allNodes[id].labelTags = allNodes[id].labelTags.filter { keep($0.value) }
            for (key, tags) in allNodes[id].numericTags {
                allNodes[id].numericTags[key] = tags.filter { keep($0.value) }
            }
        }
    }

    /// Removes edges lighter than `cutoff`; returns how many were removed.
    @discardableResult
    public mutating func trimLowFrequencyEdges(_ cutoff: Int64) -> Int {
        var dropped = 0
        for id in nodeIDs {
            for (source, edge) in allNodes[id].inEdges where goAbs(allEdges[edge].weight) < cutoff {
                removeEdge(from: source, to: id)
                dropped += 1
            }
        }
        return dropped
    }

    /// Keeps only the `kept` nodes of a tree; the children of a removed node
    /// are attached to its parent by residual edges.
    public mutating func trimTree(keeping kept: Set<Int>) {
        let old = nodeIDs
        nodeIDs = []
        for cur in old {
            if kept.contains(cur) {
                nodeIDs.append(cur)
                continue
            }
            let incoming = allNodes[cur].inEdges
            if incoming.isEmpty {
                for (child, _) in allNodes[cur].outEdges {
                    allNodes[child].inEdges[cur] = nil
                }
                continue
            }
            // In a tree a node has at most one parent; take any if not.
            guard let (parent, parentEdge) = incoming.min(by: { $0.key < $1.key }) else { continue }
            let parentEdgeInline = allEdges[parentEdge].inline
            allNodes[parent].outEdges[cur] = nil
            for (child, edge) in allNodes[cur].outEdges {
                allNodes[child].inEdges[cur] = nil
                allNodes[child].inEdges[parent] = edge
                allNodes[parent].outEdges[child] = edge
                allEdges[edge].source = parent
                allEdges[edge].residual = true
                allEdges[edge].inline = parentEdgeInline && allEdges[edge].inline
            }
        }
        removeRedundantEdges()
    }

    /// Removes residual edges whose destination can be reached through
    /// another path, lightest first, stopping at a node's first non-residual edge.
    public mutating func removeRedundantEdges() {
        for id in nodeIDs.reversed() {
            let incoming = sortedEdgeIDs(allNodes[id].inEdges.values)
            for edge in incoming.reversed() {
                if !allEdges[edge].residual {
                    break
                }
                if isRedundant(edge) {
                    removeEdge(from: allEdges[edge].source, to: allEdges[edge].destination)
                }
            }
        }
    }

    /// Whether the edge's source reaches its destination without it.
    private func isRedundant(_ edge: Int) -> Bool {
        let source = allEdges[edge].source
        let start = allEdges[edge].destination
        var seen: Set<Int> = [start]
        var queue = [start]
        var head = 0
        while head < queue.count {
            let n = queue[head]
            head += 1
            for (caller, e) in allNodes[n].inEdges {
                if e == edge || seen.contains(caller) {
                    continue
                }
                if caller == source {
                    return true
                }
                seen.insert(caller)
                queue.append(caller)
            }
        }
        return false
    }
}
