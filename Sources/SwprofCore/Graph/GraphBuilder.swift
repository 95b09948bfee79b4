/// How to turn a profile into a graph (pprof's `graph.Options`).
struct GraphOptions {
    /// Index of the sample value to use.
    var valueIndex: Int
    /// Index of the sample value that divides it (`-mean`), if any.
    var divisorIndex: Int?
    /// Formats a numeric label value with its unit for node tags.
    var formatTag: @Sendable (Int64, String) -> String = { value, _ in String(value) }
    /// Keep binary names in node infos (source and address listings).
    var objNames = false
    /// Keep system (mangled) function names.
    var origFnNames = false
    /// Build a context-sensitive tree instead of a graph.
    var callTree = false
    /// Leave out nodes whose values are negative.
    var dropNegative = false
    /// When set, only nodes with these infos are created.
    var keptNodes: Set<NodeInfo>? = nil
    /// Fill the nodes' label and numeric tags. Only DOT output shows them, and
    /// collecting them costs more than the rest of the graph on labelled profiles.
    var collectTags = true
    /// When set, tags see samples as pprof's DOT report prepares them: only
    /// the `bytes` numeric label, in this unit, and no `pprof::base` label
    /// (so the profile need not be copied to strip the others).
    var tagBytesUnit: String? = nil

    init(valueIndex: Int, divisorIndex: Int? = nil) {
        self.valueIndex = valueIndex
        self.divisorIndex = divisorIndex
    }

    func value(_ sample: Sample) -> Int64 {
        valueIndex >= 0 && valueIndex < sample.values.count ? sample.values[valueIndex] : 0
    }

    func divisor(_ sample: Sample) -> Int64 {
        guard let index = divisorIndex, index >= 0, index < sample.values.count else { return 0 }
        return sample.values[index]
    }
}

/// A numeric label of one sample, formatted once for all nodes of its stack.
struct NumericTagEntry: Hashable {
    let label: String
    let unit: String
    let value: Int64
}

extension Graph {
    /// Builds the graph (or, with `callTree`, the tree) of a profile.
    static func build(_ profile: Profile, options: GraphOptions) -> Graph {
        if options.callTree {
            return buildTree(profile, options: options)
        }
        return buildGraph(profile, options: options).graph
    }

    /// Builds the graph and returns, per location index, its nodes (one per
    /// inlined line, innermost first; nil where the node was not kept).
    /// `tags` (the samples' label groups) has every node's tags summed in the
    /// same walk, also when `options` does not collect them.
    static func buildGraph(
        _ profile: Profile, options: GraphOptions, stacks: StackTable? = nil, edges: Bool = true,
        tags: StackTagGroups? = nil
    ) -> (graph: Graph, locationNodes: [[Int?]]) {
        var graph = Graph()
        var nodeMap: [NodeInfo: Int] = [:]
        let locationNodes = graph.createNodes(profile, options: options, nodeMap: &nodeMap)

        let table = LocationNodeTable(locationNodes)
        let stacks = stacks ?? StackTable(profile, options: options)
        var tags = tags
        if options.collectTags && tags == nil {
            var groups = TagGroupCache()
            tags = StackTagGroups(profile, options: options, cache: &groups)
        }
        // Tags, when collected, are summed in the same walk as nodes and edges.
        graph.accumulate(stacks, table: table, edges: edges, tags: tags)
        graph.nodeIDs = graph.selectNodes(Array(graph.allNodes.indices), dropNegative: options.dropNegative)
        return (graph, locationNodes)
    }

    /// Builds a tree: a node is identified by its info and its parent, so
    /// the same function reached along different paths gives different nodes.
    static func buildTree(_ profile: Profile, options: GraphOptions) -> Graph {
        var graph = Graph()
        // Node infos are interned once per location; tree nodes are then
        // found by (parent, info number).
        var infoNumbers: [NodeInfo: Int] = [:]
        var infos: [NodeInfo] = []
        func intern(_ info: NodeInfo) -> Int {
            if let n = infoNumbers[info] { return n }
            infoNumbers[info] = infos.count
            infos.append(info)
            return infos.count - 1
        }
        let locationInfos: [[Int]] = profile.locations.map { location in
            var objfile = ""
            if let m = location.mapping, m >= 0, m < profile.mappings.count {
                objfile = profile.mappings[m].file
            }
            let lines: [Line?] = location.lines.isEmpty ? [nil] : location.lines.map { $0 }
            return lines.map {
                intern(Graph.nodeInfo(profile, location: location, line: $0, objfile: objfile, options: options))
            }
        }
        var children: [TreeKey: Int] = [:]
        func findOrInsert(parent: Int, info: Int, kept: Set<NodeInfo>?) -> Int? {
            if let kept, !kept.contains(infos[info]) { return nil }
            let key = TreeKey(parent: parent, info: info)
            if let id = children[key] { return id }
            let id = graph.allNodes.count
            graph.allNodes.append(Node(id: id, info: infos[info], function: id))
            children[key] = id
            if infos[info].address != 0 || infos[info].lineno != 0 {
                var functionInfo = infos[info]
                functionInfo.address = 0
                functionInfo.lineno = 0
                functionInfo.columnno = 0
                if let function = findOrInsert(parent: parent, info: intern(functionInfo), kept: nil) {
                    graph.allNodes[id].function = function
                }
            }
            return id
        }

        let root = -1
        var tags = TagAccumulator()
        for (index, sample) in profile.samples.enumerated() {
            if WorkBudget.isStopped(at: index) { break }
            let w = options.value(sample)
            let dw = options.divisor(sample)
            if w == 0 && dw == 0 { continue }
            let group = tags.group(of: sample, options: options)
            var parent: Int? = nil
            for locationIndex in sample.locations.reversed() {
                guard locationIndex >= 0, locationIndex < locationInfos.count else { continue }
                let lineInfos = locationInfos[locationIndex]
                for lineIndex in lineInfos.indices.reversed() {
                    guard let n = findOrInsert(parent: parent ?? root, info: lineInfos[lineIndex], kept: options.keptNodes)
                    else { continue }
                    graph.addValue(to: n, weightDiv: dw, weight: w, flat: false)
                    tags.add(node: n, group: group, weightDiv: dw, weight: w, flat: false)
                    if let p = parent {
                        graph.addToEdge(
                            from: p, to: n, weightDiv: dw, weight: w, residual: false,
                            inline: lineIndex != lineInfos.count - 1)
                    }
                    parent = n
                }
            }
            if let p = parent {
                graph.addValue(to: p, weightDiv: dw, weight: w, flat: true)
                tags.add(node: p, group: group, weightDiv: dw, weight: w, flat: true)
            }
        }
        tags.apply(to: &graph)
        graph.nodeIDs = graph.selectNodes(Array(graph.allNodes.indices), dropNegative: options.dropNegative)
        return graph
    }

    /// Creates the nodes of every location: one per line (inlined frames
    /// first), or one for a location without lines.
    mutating func createNodes(_ profile: Profile, options: GraphOptions, nodeMap: inout [NodeInfo: Int]) -> [[Int?]] {
        var result: [[Int?]] = []
        result.reserveCapacity(profile.locations.count)
        for location in profile.locations {
            if location.lines.isEmpty {
                result.append([
                    findOrInsertLine(profile, location: location, line: nil, options: options, nodeMap: &nodeMap)
                ])
            } else {
                result.append(
                    location.lines.map {
                        findOrInsertLine(profile, location: location, line: $0, options: options, nodeMap: &nodeMap)
                    })
            }
        }
        return result
    }

    mutating func findOrInsertLine(
        _ profile: Profile, location: Location, line: Line?, options: GraphOptions, nodeMap: inout [NodeInfo: Int]
    ) -> Int? {
        var objfile = ""
        if let m = location.mapping, m >= 0, m < profile.mappings.count {
            objfile = profile.mappings[m].file
        }
        let info = Graph.nodeInfo(profile, location: location, line: line, objfile: objfile, options: options)
        return findOrInsertNode(info, kept: options.keptNodes, nodeMap: &nodeMap)
    }

    static func nodeInfo(
        _ profile: Profile, location: Location, line: Line?, objfile: String, options: GraphOptions
    ) -> NodeInfo {
        guard let line, line.function >= 0, line.function < profile.functions.count else {
            return NodeInfo(address: location.address, objfile: objfile)
        }
        let function = profile.functions[line.function]
        var info = NodeInfo(name: function.name, address: location.address, lineno: Int(truncatingIfNeeded: line.line),
            columnno: Int(truncatingIfNeeded: line.column))
        if !function.filename.isEmpty {
            info.file = GoFilePath.clean(function.filename)
        }
        if options.origFnNames {
            info.origName = function.systemName
        }
        if options.objNames || (info.name.isEmpty && info.origName.isEmpty) {
            info.objfile = objfile
            info.startLine = Int(truncatingIfNeeded: function.startLine)
        }
        return info
    }

    /// The node for `info` in `nodeMap`, created if missing (nil when
    /// `kept` is given and does not contain `info`). A node for a line or
    /// an address also gets a node for its whole function.
    mutating func findOrInsertNode(_ info: NodeInfo, kept: Set<NodeInfo>?, nodeMap: inout [NodeInfo: Int]) -> Int? {
        if let kept, !kept.contains(info) {
            return nil
        }
        if let id = nodeMap[info] {
            return id
        }
        let id = allNodes.count
        allNodes.append(Node(id: id, info: info, function: id))
        nodeMap[info] = id
        if info.address != 0 || info.lineno != 0 {
            var functionInfo = info
            functionInfo.address = 0
            functionInfo.lineno = 0
            functionInfo.columnno = 0
            if let function = findOrInsertNode(functionInfo, kept: nil, nodeMap: &nodeMap) {
                allNodes[id].function = function
            }
        }
        return id
    }

    /// The nodes with a value, leaving out negative ones when asked.
    func selectNodes(_ ids: [Int], dropNegative: Bool) -> [Int] {
        ids.filter { id in
            let n = allNodes[id]
            if n.cum == 0 && n.flat == 0 { return false }
            if dropNegative && (n.flat < 0 || (n.flat == 0 && n.cum < 0)) { return false }
            return true
        }
    }

    /// Adds a sample's value to a node's flat or cumulative value.
    fileprivate mutating func addValue(to id: Int, weightDiv dw: Int64, weight w: Int64, flat: Bool) {
        if flat {
            allNodes[id].flatDiv &+= dw
            allNodes[id].flat &+= w
        } else {
            allNodes[id].cumDiv &+= dw
            allNodes[id].cum &+= w
        }
    }

    /// Adds accumulated sums of samples sharing one label group to a node's tags.
    mutating func addTags(to id: Int, group: LabelGroup, sums: TagSums) {
        if !group.labels.isEmpty {
            allNodes[id].labelTags[group.labels, default: Tag(name: group.labels)].add(sums)
        }
        guard !group.numeric.isEmpty else { return }
        for entry in group.numeric {
            allNodes[id].numericTags[group.labels, default: [:]][
                entry.label, default: Tag(name: entry.label, unit: entry.unit, value: entry.value)
            ].add(sums)
        }
    }

    /// A sample's string labels as sorted `key:value` pairs joined by a
    /// literal `\n` (the DOT line break).
    static func joinedLabels(_ sample: Sample, droppingBase: Bool = false) -> String {
        if sample.labels.isEmpty { return "" }
        var pairs: [String] = []
        for (key, values) in sample.labels where !(droppingBase && key == Sample.diffBaseLabel) {
            for value in values {
                pairs.append(key + ":" + value)
            }
        }
        pairs.sort(by: goLess)
        return pairs.joined(separator: "\\n")
    }

    fileprivate static func numericTagEntries(_ sample: Sample, options: GraphOptions) -> [NumericTagEntry] {
        if sample.numLabels.isEmpty { return [] }
        var entries: [NumericTagEntry] = []
        for (key, values) in sample.numLabels {
            let units = sample.numUnits[key] ?? []
            for (i, value) in values.enumerated() {
                let unit = units.isEmpty ? key : (i < units.count ? units[i] : "")
                entries.append(NumericTagEntry(label: options.formatTag(value, unit), unit: unit, value: value))
            }
        }
        return entries
    }
}

/// The tag-relevant part of a sample: its joined string labels and formatted
/// numeric labels. Samples with equal groups add to the same node tags.
struct LabelGroup: Hashable {
    let labels: String
    let numeric: [NumericTagEntry]
}

/// Flat and cumulative sums (with `-mean` divisors) of one label group at one node.
struct TagSums {
    var flat: Int64 = 0
    var flatDiv: Int64 = 0
    var cum: Int64 = 0
    var cumDiv: Int64 = 0

    /// Adds a sample's value `w` and divisor `dw` to the flat or the cum sums.
    mutating func add(_ dw: Int64, _ w: Int64, flat: Bool) {
        if flat {
            flatDiv &+= dw
            self.flat &+= w
        } else {
            cumDiv &+= dw
            cum &+= w
        }
    }
}

/// Collects node tags cheaply while a graph is built: samples are interned into
/// label groups, and each (node, group) pair keeps plain sums; `apply` then turns
/// them into the nodes' tag maps once. Pairs are applied in the order they were
/// first seen, so the first sample to reach a tag still defines its value and unit.
private struct TagAccumulator {
    private var groupIDs: [LabelGroup: Int] = [:]
    private var groups: [LabelGroup] = []
    private var index: [Int: Int] = [:]
    private var entries: [(node: Int, group: Int, sums: TagSums)] = []

    /// The interned group of a sample, or -1 when it has no labels at all.
    mutating func group(of sample: Sample, options: GraphOptions) -> Int {
        if !options.collectTags || (sample.labels.isEmpty && sample.numLabels.isEmpty) { return -1 }
        let group = LabelGroup(
            labels: Graph.joinedLabels(sample), numeric: Graph.numericTagEntries(sample, options: options))
        if group.labels.isEmpty && group.numeric.isEmpty { return -1 }
        if let id = groupIDs[group] { return id }
        groupIDs[group] = groups.count
        groups.append(group)
        return groups.count - 1
    }

    mutating func add(node: Int, group: Int, weightDiv dw: Int64, weight w: Int64, flat: Bool) {
        guard group >= 0 else { return }
        let key = node &* 0x1_0000_0000 &+ group
        let at: Int
        if let i = index[key] {
            at = i
        } else {
            at = entries.count
            index[key] = at
            entries.append((node, group, TagSums()))
        }
        entries[at].sums.add(dw, w, flat: flat)
    }

    func apply(to graph: inout Graph) {
        for entry in entries {
            graph.addTags(to: entry.node, group: groups[entry.group], sums: entry.sums)
        }
    }
}

private struct TreeKey: Hashable {
    let parent: Int
    let info: Int
}

extension Graph.Tag {
    mutating func add(weightDiv dw: Int64, weight w: Int64, flat isFlat: Bool) {
        if isFlat {
            flatDiv &+= dw
            flat &+= w
        } else {
            cumDiv &+= dw
            cum &+= w
        }
    }
}

extension Graph.Tag {
    fileprivate mutating func add(_ sums: TagSums) {
        flatDiv &+= sums.flatDiv
        flat &+= sums.flat
        cumDiv &+= sums.cumDiv
        cum &+= sums.cum
    }
}
