
/// The call graph a report shows: built from the samples, low-value nodes
/// and edges dropped, limited to `nodeCount` nodes, sorted, and the unit
/// chosen for printing its values.
public struct TrimmedGraph: Sendable {
    public var graph: Graph
    /// Nodes left after dropping those below the node fraction (before `nodeCount`).
    public var originalNodeCount: Int
    public var droppedNodes: Int
    public var droppedEdges: Int
    /// The unit values are printed in (the options' unit, or the one
    /// `minimum` settled on for this graph).
    public var outputUnit: String
    public var formatter: ValueFormatter
}

extension Report {
    /// The graph of the report's format: trimmed as pprof trims it, sorted by
    /// flat (or cum; by visual interest for `.dot`), with the output unit chosen.
    public func trimmedGraph() -> TrimmedGraph {
        var prepared = preparedProfile(for: options.format)
        return trimmedGraph(&prepared, format: options.format)
    }

    func trimmedGraph(_ prepared: inout Profile, format: ReportOptions.Format) -> TrimmedGraph {
        let visual = format == .dot
        let callTree = options.callTree && (format == .dot || format == .callgrind)
        var nodeCount = options.nodeCount
        var nodeFraction = options.nodeFraction
        var edgeFraction = options.edgeFraction
        if format == .callgrind {
            nodeCount = 0
            nodeFraction = 0
            edgeFraction = 0
        }

        // DOT shows tags, but only of the nodes left at the end (and, while
        // choosing them, counts those of the heaviest): graphs are built
        // without tags and the few nodes that need them get them afterwards.
        let lazyTags = visual && !callTree
        var cache = GraphBuildCache()
        // Label groups do not depend on the sample type: reports of one profile share them.
        let tagFormat = (options.numLabelUnits["bytes"] ?? "") + "\u{0}" + options.outputUnit
        if lazyTags, let derived, derived.sampleCount == prepared.samples.count {
            cache.tagGroups = derived.tagGroups(format: tagFormat)
        }
        defer {
            if lazyTags, let derived, derived.sampleCount == prepared.samples.count {
                derived.store(tagGroups: cache.tagGroups, format: tagFormat)
            }
        }
        // Without a node count, the graph built with edges is the one shown:
        // its tags are summed in the same walk.
        let tagsInBuild = lazyTags && nodeCount <= 0
        // A graph's first build only decides which nodes to keep: its edges
        // are needed only when it is kept whole.
        var (graph, table) = newGraph(&prepared, kept: nil, format: format, cache: &cache, edges: callTree)
        var hasEdges = callTree
        // Text-like reports limited to `nodeCount` choose their nodes by value
        // and name alone: edges are summed only in the graph that is finally kept.
        let deferEdges = !visual && !callTree && nodeCount > 0
        var keptByCutoff: Set<NodeInfo>? = nil
        let totalValue = graph.sums().flat
        let nodeCutoff = goAbs(goInt64(Double(totalValue) * nodeFraction))
        let edgeCutoff = goAbs(goInt64(Double(totalValue) * edgeFraction))

        var droppedNodes = 0
        if nodeCutoff > 0 {
            if callTree {
                let kept = graph.nodeIDsAboveCutoff(nodeCutoff)
                if kept.count != graph.nodeIDs.count {
                    droppedNodes = graph.nodeIDs.count - kept.count
                    graph.trimTree(keeping: kept)
                }
            } else {
                let kept = graph.nodesAboveCutoff(nodeCutoff)
                if kept.count != graph.nodeIDs.count {
                    droppedNodes = graph.nodeIDs.count - kept.count
                    keptByCutoff = kept
                    if deferEdges {
                        // Without edges, the graph of the kept nodes is this one's
                        // kept nodes: a node's values do not depend on the others.
                        graph.nodeIDs = graph.nodeIDs.filter { kept.contains(graph[node: $0].info) }
                    } else {
                        (graph, table) = newGraph(&prepared, kept: kept, format: format, cache: &cache, tags: tagsInBuild)
                        hasEdges = true
                    }
                }
            }
        }
        if !hasEdges && !deferEdges {
            (graph, table) = newGraph(&prepared, kept: nil, format: format, cache: &cache, tags: tagsInBuild)
            hasEdges = true
        }
        let originalCount = graph.nodeIDs.count

        graph.sortNodes(cum: options.cumSort, visual: visual)
        if nodeCount > 0 {
            if lazyTags {
                // `topNodeIDs` counts the tags of at most `nodeCount` leading nodes.
                fillTags(&graph, table: table, nodes: Array(graph.nodeIDs.prefix(nodeCount)), prepared: prepared, cache: &cache)
            }
            graph.trimLowFrequencyTags(nodeCutoff)
            graph.trimLowFrequencyEdges(edgeCutoff)
            let top = graph.topNodeIDs(nodeCount, visual: visual)
            if callTree {
                let kept = Set(top)
                if kept.count != graph.nodeIDs.count {
                    graph.trimTree(keeping: kept)
                    graph.sortNodes(cum: options.cumSort, visual: visual)
                }
            } else {
                let kept = Set(top.map { graph[node: $0].info })
                if kept.count != graph.nodeIDs.count {
                    (graph, table) = newGraph(&prepared, kept: kept, format: format, cache: &cache)
                    graph.sortNodes(cum: options.cumSort, visual: visual)
                    hasEdges = true
                }
            }
        }
        if !hasEdges {
            // Deferred, and every chosen node is kept: this graph again, with its edges.
            (graph, table) = newGraph(&prepared, kept: keptByCutoff, format: format, cache: &cache)
            graph.sortNodes(cum: options.cumSort, visual: visual)
        }
        if lazyTags {
            fillTags(&graph, table: table, nodes: graph.nodeIDs, prepared: prepared, cache: &cache)
        }

        graph.trimLowFrequencyTags(nodeCutoff)
        let droppedEdges = graph.trimLowFrequencyEdges(edgeCutoff)
        if visual {
            graph.removeRedundantEdges()
        }
        let unit = selectOutputUnit(graph, format: format)
        return TrimmedGraph(
            graph: graph, originalNodeCount: originalCount, droppedNodes: droppedNodes, droppedEdges: droppedEdges,
            outputUnit: unit, formatter: formatter(unit: unit))
    }

    /// For `minimum`, the unit of the smallest non-zero node value, moved up
    /// one unit when that keeps it ≥ 0.01 and the total is in a larger unit.
    func selectOutputUnit(_ graph: Graph, format: ReportOptions.Format) -> String {
        guard options.outputUnit == "minimum", !graph.nodeIDs.isEmpty else {
            return options.outputUnit
        }
        var minValue: Int64 = 0
        for id in graph.nodeIDs {
            let node = graph[node: id]
            var nodeMin = goAbs(node.flatValue)
            if nodeMin == 0 {
                nodeMin = goAbs(node.cumValue)
            }
            if nodeMin > 0 && (minValue == 0 || nodeMin < minValue) {
                minValue = nodeMin
            }
        }
        var maxValue = total
        if minValue == 0 {
            minValue = maxValue
        }
        let r = options.ratio
        if r > 0 && r != 1 {
            minValue = goInt64(Double(minValue) * r)
            maxValue = goInt64(Double(maxValue) * r)
        }
        let minUnit = Measurement.scale(minValue, from: options.sampleUnit, to: "minimum").unit
        let maxUnit = Measurement.scale(maxValue, from: options.sampleUnit, to: "minimum").unit
        var unit = minUnit
        if minUnit != maxUnit && minValue &* 100 < maxValue && format != .callgrind {
            unit = Measurement.scale(100 &* minValue, from: options.sampleUnit, to: "minimum").unit
        }
        return unit.isEmpty ? options.sampleUnit : unit
    }

    /// The profile as graphs are built from it: only the `bytes` numeric
    /// label (with its unit), and without the `pprof::base` label.
    func preparedProfile(for format: ReportOptions.Format) -> Profile {
        // Only DOT output shows labels (as tags); other graphs ignore them,
        // and DOT graphs (not trees) see them so through `tagBytesUnit`.
        guard format == .dot && options.callTree else { return profile }
        var p = profile
        let bytesUnit = options.numLabelUnits["bytes"] ?? ""
        for i in p.samples.indices {
            let sample = p.samples[i]
            if !sample.numLabels.isEmpty || !sample.numUnits.isEmpty {
                var numLabels: [String: [Int64]] = [:]
                var numUnits: [String: [String]] = [:]
                if let values = sample.numLabels["bytes"] {
                    numLabels["bytes"] = values
                    numUnits["bytes"] = Array(repeating: bytesUnit, count: values.count)
                }
                p.samples[i].numLabels = numLabels
                p.samples[i].numUnits = numUnits
            }
            if sample.labels[Sample.diffBaseLabel] != nil {
                p.samples[i].labels[Sample.diffBaseLabel] = nil
            }
        }
        return p
    }

    /// Builds a graph as pprof's report does, trimming source paths first
    /// (pprof rewrites the profile's file names on every build). Also returns
    /// the graph's nodes per location, for `fillTags` (nil for call trees,
    /// whose tags are filled while building).
    /// With `tags`, the graph's nodes get their tags in the same walk (and
    /// `cache` keeps them for later graphs).
    func newGraph(
        _ prepared: inout Profile, kept: Set<NodeInfo>?, format: ReportOptions.Format, cache: inout GraphBuildCache,
        edges: Bool = true, tags: Bool = false
    ) -> (Graph, LocationNodeTable?) {
        for i in prepared.functions.indices {
            prepared.functions[i].filename = SourcePaths.trim(
                prepared.functions[i].filename, trimPath: options.trimPath, searchPath: options.sourcePath)
        }
        let graphOptions = graphOptions(kept: kept, format: format)
        if graphOptions.callTree {
            return (Graph.buildTree(prepared, options: graphOptions), nil)
        }
        if kept == nil && !edges && !tags, let graph = graphFromColumnSums(prepared, options: graphOptions) {
            return graph
        }
        // The samples do not change between builds: their stacks are flattened once.
        let stacks = cache.stacks ?? StackTable(prepared, options: graphOptions, shape: derived?.shape(of: prepared))
        cache.stacks = stacks
        let tagGroups = tags ? StackTagGroups(prepared, options: tagOptions, cache: &cache.tagGroups) : nil
        let (graph, locationNodes) = Graph.buildGraph(
            prepared, options: graphOptions, stacks: stacks, edges: edges, tags: tagGroups)
        if tags { cache.keepTags(of: graph, nodes: graph.allNodes.indices) }
        return (graph, LocationNodeTable(locationNodes))
    }

    /// The graph of every node without edges, its values taken from the node
    /// sums of every sample type that `derived` keeps (summed in one walk the
    /// first time a report of this profile needs them); nil without them.
    func graphFromColumnSums(_ prepared: Profile, options graphOptions: GraphOptions) -> (Graph, LocationNodeTable?)? {
        let columns = prepared.sampleTypes.count
        guard let derived, derived.sampleCount == prepared.samples.count, graphOptions.keptNodes == nil,
            graphOptions.valueIndex >= 0, graphOptions.valueIndex < columns,
            graphOptions.divisorIndex.map({ $0 >= 0 && $0 < columns }) ?? true
        else { return nil }
        var graph = Graph()
        var nodeMap: [NodeInfo: Int] = [:]
        let table = LocationNodeTable(graph.createNodes(prepared, options: graphOptions, nodeMap: &nodeMap))
        // What names the nodes: the name options and the source paths (trimmed into the profile).
        let key = "\(graphOptions.objNames) \(graphOptions.origFnNames) \(options.trimPath)\u{0}\(options.sourcePath)"
        let nodeCount = graph.allNodes.count
        let sums = derived.columnSums(key) {
            guard let shape = derived.shape(of: prepared) else { return nil }
            let sums = NodeColumnSums(prepared, stacks: shape, table: table, nodeCount: nodeCount, columns: columns)
            // A stopped walk's sums may be partial: never kept.
            return WorkBudget.isStopped ? nil : sums
        }
        guard let sums, sums.nodeCount == nodeCount, sums.columns == columns else { return nil }
        graph.setValues(sums, valueIndex: graphOptions.valueIndex, divisorIndex: graphOptions.divisorIndex)
        graph.nodeIDs = graph.selectNodes(Array(graph.allNodes.indices), dropNegative: graphOptions.dropNegative)
        return (graph, table)
    }

    /// The options tags are worked out with (those of a DOT graph).
    var tagOptions: GraphOptions { graphOptions(kept: nil, format: .dot) }

    func graphOptions(kept: Set<NodeInfo>?, format: ReportOptions.Format) -> GraphOptions {
        var graphOptions = GraphOptions(valueIndex: options.sampleIndex, divisorIndex: options.meanDivisorIndex)
        let outputUnit = options.outputUnit
        graphOptions.formatTag = { value, key in Measurement.scaledLabel(value, from: key, to: outputUnit) }
        graphOptions.callTree = options.callTree && (format == .dot || format == .callgrind)
        graphOptions.dropNegative = options.dropNegative
        graphOptions.keptNodes = kept
        // Call trees collect tags while building; graphs get them afterwards
        // for the nodes that show them (`fillTags`).
        graphOptions.collectTags = format == .dot && graphOptions.callTree
        if format == .dot && !graphOptions.callTree {
            graphOptions.tagBytesUnit = options.numLabelUnits["bytes"] ?? ""
        }
        switch format {
        case .raw, .list, .callgrind, .disasm:
            graphOptions.objNames = true
        default:
            break
        }
        return graphOptions
    }

    /// Fills the tags of `nodes` of a graph built by `newGraph`. A node's
    /// tags depend only on its info and the samples, not on which other
    /// nodes a graph keeps: tags an earlier graph of the report worked out
    /// are copied, and only the others are summed (in one walk).
    func fillTags(
        _ graph: inout Graph, table: LocationNodeTable?, nodes: [Int], prepared: Profile, cache: inout GraphBuildCache
    ) {
        guard let table else { return }
        let stacks = cache.stacks ?? StackTable(prepared, options: tagOptions, shape: derived?.shape(of: prepared))
        cache.stacks = stacks
        var missing: [Int] = []
        for id in nodes {
            if let known = cache.tags[graph[node: id].info] {
                graph.allNodes[id].labelTags = known.labels
                graph.allNodes[id].numericTags = known.numeric
            } else {
                missing.append(id)
            }
        }
        guard !missing.isEmpty else { return }
        graph.fillTags(prepared, options: tagOptions, stacks: stacks, table: table, wanted: missing, groups: &cache.tagGroups)
        cache.keepTags(of: graph, nodes: missing)
    }
}

/// What the graph builds of one report share: the flattened stacks, the
/// samples' label groups, and the tags worked out so far.
struct GraphBuildCache {
    var stacks: StackTable?
    var tagGroups = TagGroupCache()
    /// Nodes' tags by node, as summed (before any trimming).
    var tags: [NodeInfo: (labels: [String: Graph.Tag], numeric: [String: [String: Graph.Tag]])] = [:]

    /// Keeps the tags of `nodes` of `graph` for later graphs of the report.
    mutating func keepTags<S: Sequence>(of graph: Graph, nodes: S) where S.Element == Int {
        for id in nodes {
            let node = graph[node: id]
            tags[node.info] = (node.labelTags, node.numericTags)
        }
    }
}
