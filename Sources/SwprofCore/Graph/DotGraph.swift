import Foundation

/// Settings for writing a graph in Graphviz DOT (pprof's `DotConfig`).
public struct DotConfig: Sendable {
    /// Name of the DOT graph and tooltip of the legend.
    public var title = ""
    /// Link target of the legend box.
    public var legendURL = ""
    /// Legend lines; the first names the legend node.
    public var labels: [String] = []
    /// Formats node and edge values.
    public var formatValue: @Sendable (Int64) -> String = { String($0) }
    /// Total used for percentages, colours and edge widths.
    public var total: Int64 = 0

    public init() {}
}

/// Per-node drawing overrides (pprof's `DotNodeAttributes`).
public struct DotNodeAttributes: Sendable {
    public var shape = ""
    public var bold = false
    public var peripheries = 0
    public var url = ""
    public var formatter: (@Sendable (NodeInfo) -> String)? = nil

    public init() {}
}

extension Graph {
    /// The graph in DOT: a legend box, one box per node (font size by flat
    /// value, colour by cum), tag boxes, and edges heaviest first (width and
    /// colour by weight, dotted when residual, labelled when inlined).
    public func dot(config: DotConfig, attributes: [Int: DotNodeAttributes] = [:]) -> String {
        var writer = DotWriter(graph: self, config: config, attributes: attributes)
        writer.compose()
        return writer.out
    }
}

private struct DotWriter {
    let graph: Graph
    let config: DotConfig
    let attributes: [Int: DotNodeAttributes]
    var out = ""

    init(graph: Graph, config: DotConfig, attributes: [Int: DotNodeAttributes]) {
        self.graph = graph
        self.config = config
        self.attributes = attributes
    }

    mutating func compose() {
        let name = config.title.isEmpty ? "unnamed" : config.title
        out += "digraph \"\(name)\" {\n"
        out += "node [style=filled fillcolor=\"#f8f8f8\"]\n"
        addLegend()
        defer { out += "}\n" }
        guard let first = graph.nodeIDs.first else { return }

        var nodeNumbers: [Int: Int] = [:]
        var maxFlat = Double(graph[node: first].flatValue.magnitude)
        for (i, id) in graph.nodeIDs.enumerated() {
            nodeNumbers[id] = i + 1
            maxFlat = max(maxFlat, Double(graph[node: id].flatValue.magnitude))
        }
        var hasNodelets: [Int: Bool] = [:]
        var edges: [Int] = []
        for id in graph.nodeIDs {
            let number = nodeNumbers[id] ?? 0
            addNode(id, number: number, maxFlat: maxFlat)
            hasNodelets[id] = addNodelets(id, number: number)
            edges.append(contentsOf: graph[node: id].outEdges.values)
        }
        for edgeID in graph.sortedEdgeIDs(edges) {
            let edge = graph[edge: edgeID]
            addEdge(
                edge, from: nodeNumbers[edge.source] ?? 0, to: nodeNumbers[edge.destination] ?? 0,
                hasNodelets: hasNodelets[edge.source] ?? false)
        }
    }

    mutating func addLegend() {
        guard let title = config.labels.first else { return }
        out += "subgraph cluster_L { \"\(DotEscaping.escape(title))\" [shape=box fontsize=16"
        out += " label=\"\(config.labels.map(DotEscaping.escape).joined(separator: "\\l"))\\l\""
        if !config.legendURL.isEmpty {
            out += " URL=\"\(config.legendURL)\" target=\"_blank\""
        }
        if !config.title.isEmpty {
            out += " tooltip=\"\(config.title)\""
        }
        out += "] }\n"
    }

    mutating func addNode(_ id: Int, number: Int, maxFlat: Double) {
        let node = graph[node: id]
        let flat = node.flatValue
        let cum = node.cumValue
        let attrs = attributes[id]

        var label: String
        if let formatter = attrs?.formatter {
            label = formatter(node.info)
        } else {
            label = DotEscaping.multilineName(node.info)
        }
        let flatText = config.formatValue(flat)
        if flat != 0 {
            label += "\(flatText) (\(trimmedPercentage(flat)))"
        } else {
            label += "0"
        }
        var cumText = flatText
        if cum != flat {
            label += flat != 0 ? "\\n" : " "
            cumText = config.formatValue(cum)
            label += "of \(cumText) (\(trimmedPercentage(cum)))"
        }

        var fontSize = 8
        let flatMagnitude = Double(flat.magnitude)
        if maxFlat != 0 && flat != 0 && flatMagnitude <= maxFlat {
            fontSize += Int((16.0 * (flatMagnitude / maxFlat).squareRoot()).rounded(.up))
        }
        let shape = (attrs?.shape).flatMap { $0.isEmpty ? nil : $0 } ?? "box"
        let score = Double(cum) / Double(config.total.magnitude)
        var attr =
            "label=\"\(label)\" id=\"node\(number)\" fontsize=\(fontSize) shape=\(shape) "
            + "tooltip=\"\(DotEscaping.escape(node.printableName)) (\(cumText))\" "
            + "color=\"\(DotColor.color(score: score, background: false))\" "
            + "fillcolor=\"\(DotColor.color(score: score, background: true))\""
        if let attrs {
            if attrs.bold { attr += " style=\"bold,filled\"" }
            if attrs.peripheries != 0 { attr += " peripheries=\(attrs.peripheries)" }
            if !attrs.url.isEmpty { attr += " URL=\"\(attrs.url)\" target=\"_blank\"" }
        }
        out += "N\(number) [\(attr)]\n"
    }

    private func trimmedPercentage(_ value: Int64) -> String {
        Measurement.percentage(value, of: config.total).trimmingCharacters(in: .whitespaces)
    }

    /// Tag boxes hanging off a node; returns whether any were written.
    mutating func addNodelets(_ id: Int, number: Int) -> Bool {
        let node = graph[node: id]
        var nodelets = ""
        // Leaves show cumulative tags (they include removed callees); inner nodes flat ones.
        let flatTags = !node.outEdges.isEmpty
        var labelTags = Graph.Tag.sorted(Array(node.labelTags.values), flat: flatTags)
        if labelTags.count > maxNodelets {
            labelTags = Array(labelTags[..<maxNodelets])
        }
        for (i, tag) in labelTags.enumerated() {
            let w = flatTags ? tag.flatValue : tag.cumValue
            if w == 0 { continue }
            let weight = config.formatValue(w)
            nodelets +=
                "N\(number)_\(i) [label = \"\(DotEscaping.quoteOnly(tag.name))\" id=\"N\(number)_\(i)\" fontsize=8 shape=box3d tooltip=\"\(weight)\"]\n"
            nodelets +=
                "N\(number) -> N\(number)_\(i) [label=\" \(weight)\" weight=100 tooltip=\"\(weight)\" labeltooltip=\"\(weight)\"]\n"
            if let numeric = node.numericTags[tag.name], !numeric.isEmpty {
                nodelets += numericNodelets(Array(numeric.values), flatTags: flatTags, source: "N\(number)_\(i)")
            }
        }
        if let numeric = node.numericTags[""], !numeric.isEmpty {
            nodelets += numericNodelets(Array(numeric.values), flatTags: flatTags, source: "N\(number)")
        }
        out += nodelets
        return !nodelets.isEmpty
    }

    private func numericNodelets(_ tags: [Graph.Tag], flatTags: Bool, source: String) -> String {
        var nodelets = ""
        for (j, tag) in collapsedTags(tags, count: maxNodelets, flatTags: flatTags).enumerated() {
            var w = tag.cumValue
            var attr = " style=\"dotted\""
            if flatTags || tag.flatValue == tag.cumValue {
                w = tag.flatValue
                attr = ""
            }
            if w == 0 { continue }
            let weight = config.formatValue(w)
            nodelets +=
                "N\(source)_\(j) [label = \"\(DotEscaping.quoteOnly(tag.name))\" id=\"N\(source)_\(j)\" fontsize=8 shape=box3d tooltip=\"\(weight)\"]\n"
            nodelets +=
                "\(source) -> N\(source)_\(j) [label=\" \(weight)\" weight=100 tooltip=\"\(weight)\" labeltooltip=\"\(weight)\"\(attr)]\n"
        }
        return nodelets
    }

    /// At most `count` numeric tags: the heaviest start groups, the rest
    /// join the group with the nearest value; groups print as `min..max`.
    private func collapsedTags(_ tags: [Graph.Tag], count: Int, flatTags: Bool) -> [Graph.Tag] {
        let sorted = Graph.Tag.sorted(tags, flat: flatTags)
        if sorted.count <= count {
            return sorted
        }
        var groups: [[Graph.Tag]] = sorted[..<count].map { [$0] }
        for tag in sorted[count...] {
            var best = 0
            var distance = tagDistance(tag, groups[0][0])
            for i in 1..<count {
                let d = tagDistance(tag, groups[i][0])
                if d < distance {
                    best = i
                    distance = d
                }
            }
            groups[best].append(tag)
        }
        let collapsed = groups.map { group -> Graph.Tag in
            let (label, flat, cum) = groupLabel(group)
            return Graph.Tag(name: label, flat: flat, cum: cum)
        }
        return Graph.Tag.sorted(collapsed, flat: flatTags)
    }

    private func tagDistance(_ t: Graph.Tag, _ u: Graph.Tag) -> Double {
        let v = Measurement.scale(u.value, from: u.unit, to: t.unit).value
        return v < Double(t.value) ? Double(t.value) - v : v - Double(t.value)
    }

    private func groupLabel(_ group: [Graph.Tag]) -> (String, Int64, Int64) {
        let first = group[0]
        if group.count == 1 {
            return (Measurement.label(first.value, unit: first.unit), first.flatValue, first.cumValue)
        }
        var minTag = first
        var maxTag = first
        var flatDiv = first.flatDiv
        var flat = first.flat
        var cumDiv = first.cumDiv
        var cum = first.cum
        for t in group.dropFirst() {
            if goInt64(Measurement.scale(t.value, from: t.unit, to: minTag.unit).value) < minTag.value {
                minTag = t
            }
            if goInt64(Measurement.scale(t.value, from: t.unit, to: maxTag.unit).value) > maxTag.value {
                maxTag = t
            }
            flat &+= t.flat
            flatDiv &+= t.flatDiv
            cum &+= t.cum
            cumDiv &+= t.cumDiv
        }
        if flatDiv != 0 { flat = goDivide(flat, flatDiv) }
        if cumDiv != 0 { cum = goDivide(cum, cumDiv) }
        let label =
            Measurement.label(minTag.value, unit: minTag.unit) + ".." + Measurement.label(maxTag.value, unit: maxTag.unit)
        return (label, flat, cum)
    }

    mutating func addEdge(_ edge: Graph.Edge, from: Int, to: Int, hasNodelets: Bool) {
        let inline = edge.inline ? "\\n (inline)" : ""
        let w = config.formatValue(edge.weightValue)
        var attr = "label=\" \(w)\(inline)\""
        if config.total != 0 {
            let value = edge.weightValue
            let weight = 1 + Int(min(goAbs((value &* 100).dividedReportingOverflow(by: config.total).partialValue), 100))
            if weight > 1 {
                attr += " weight=\(weight)"
            }
            let width = 1 + Int(min(goAbs((value &* 5).dividedReportingOverflow(by: config.total).partialValue), 5))
            if width > 1 {
                attr += " penwidth=\(width)"
            }
            attr += " color=\"\(DotColor.color(score: Double(value) / Double(config.total.magnitude), background: false))\""
        }
        let arrow = edge.residual ? "..." : "->"
        let tooltip =
            "\"\(DotEscaping.escape(graph[node: edge.source].printableName)) \(arrow) "
            + "\(DotEscaping.escape(graph[node: edge.destination].printableName)) (\(w))\""
        attr += " tooltip=\(tooltip) labeltooltip=\(tooltip)"
        if edge.residual {
            attr += " style=\"dotted\""
        }
        if hasNodelets {
            attr += " minlen=2"
        }
        out += "N\(from) -> N\(to) [\(attr)]\n"
    }
}

/// Go's `abs64` (the most negative value stays negative).
func goAbs(_ v: Int64) -> Int64 { v < 0 ? 0 &- v : v }

/// Escaping for DOT strings.
enum DotEscaping {
    /// Backslashes and quotes escaped, newlines turned into left-justified breaks.
    static func escape(_ s: String) -> String {
        s.replacingOccurrences(of: "\\", with: "\\\\")
            .replacingOccurrences(of: "\"", with: "\\\"")
            .replacingOccurrences(of: "\n", with: "\\l")
    }

    /// Only double quotes escaped: tag names already carry DOT line breaks
    /// (`\n` between labels) that must survive; pprof writes them raw, which
    /// breaks the DOT text when a label holds a quote.
    static func quoteOnly(_ s: String) -> String {
        s.replacingOccurrences(of: "\"", with: "\\\"")
    }

    /// A node's name split over lines: short function name with `::` and
    /// `.` as breaks, then file or address, each line ending in `\n`.
    static func multilineName(_ info: NodeInfo) -> String {
        var copy = info
        var name = escape(FunctionName.shorten(copy.name))
        name = name.replacingOccurrences(of: "::", with: "\\n")
        // Go shows type parameters as "[...]": keep the dots of the ellipsis.
        name = name.replacingOccurrences(of: "[...]", with: "[…]")
        name = name.replacingOccurrences(of: ".", with: "\\n")
        copy.name = name
        if !copy.file.isEmpty {
            copy.file = GoFilePath.base(copy.file)
        }
        return copy.nameComponents.joined(separator: "\\n") + "\\n"
    }
}

/// Colours for scores between -1 (green) through 0 (grey) to 1 (red).
enum DotColor {
    static func color(score rawScore: Double, background: Bool) -> String {
        let shift = 0.7
        var saturation = background ? 0.1 : 1.0
        let value = background ? 0.93 : 0.7
        var score = max(-1.0, min(1.0, rawScore))
        if rawScore.isNaN { score = .nan }
        if abs(score) < 0.2 {
            saturation *= abs(score) / 0.2
        }
        if score > 0 {
            score = pow(score, 1.0 - shift)
        }
        if score < 0 {
            score = -pow(-score, 1.0 - shift)
        }
        var r: Double
        var g: Double
        if score < 0 {
            g = value
            r = value * (1 + saturation * score)
        } else {
            r = value
            g = value * (1 - saturation * score)
        }
        let b = value * (1 - saturation)
        return "#" + byteHex(r * 255) + byteHex(g * 255) + byteHex(b * 255)
    }

    /// Go's `uint8(float)` on amd64: truncate to an integer, keep the low byte.
    private static func byteHex(_ x: Double) -> String {
        let v = UInt8(truncatingIfNeeded: goInt64(x))
        return CFormat.hex(UInt64(v), width: 2)
    }
}
