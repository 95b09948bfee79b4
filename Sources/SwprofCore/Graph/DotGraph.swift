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
    /// A fill that replaces the colour by cumulative value (search matches).
    public var fillColor = ""
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
        out += "digraph \(DotEscaping.quoted(DotEscaping.quoteOnly(name))) {\n"
        out += "node [style=filled fillcolor=\"#f8f8f8\"]\n"
        addLegend()
        defer { out += "}\n" }
        guard let first = graph.nodeIDs.first else { return }

        var nodeNumbers: [Int: Int] = [:]
        // Go's abs64: Int64.min stays negative, as in pprof.
        var maxFlat = Double(goAbs(graph[node: first].flatValue))
        for (i, id) in graph.nodeIDs.enumerated() {
            nodeNumbers[id] = i + 1
            maxFlat = max(maxFlat, Double(goAbs(graph[node: id].flatValue)))
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
        out += "subgraph cluster_L { \(DotEscaping.quoted(DotEscaping.escape(title))) [shape=box fontsize=16"
        out += " label=\(DotEscaping.quoted(config.labels.map(DotEscaping.escape).joined(separator: "\\l") + "\\l"))"
        if !config.legendURL.isEmpty {
            out += " URL=\"\(config.legendURL)\" target=\"_blank\""
        }
        if !config.title.isEmpty {
            out += " tooltip=\(DotEscaping.quoted(DotEscaping.quoteOnly(config.title)))"
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
        let flatText = formatted(flat)
        if flat != 0 {
            label += "\(flatText) (\(trimmedPercentage(flat)))"
        } else {
            label += "0"
        }
        var cumText = flatText
        if cum != flat {
            label += flat != 0 ? "\\n" : " "
            cumText = formatted(cum)
            label += "of \(cumText) (\(trimmedPercentage(cum)))"
        }

        var fontSize = 8
        let flatMagnitude = Double(goAbs(flat))
        if maxFlat != 0 && flat != 0 && flatMagnitude <= maxFlat {
            // Go's int(NaN) on amd64 (a node flat of Int64.min) is Int64.min, added with wrap-around.
            fontSize &+= Int(goInt64((16.0 * (flatMagnitude / maxFlat).squareRoot()).rounded(.up)))
        }
        let shape = (attrs?.shape).flatMap { $0.isEmpty ? nil : $0 } ?? "box"
        let score = Double(cum) / Double(goAbs(config.total))
        var attr =
            "label=\(DotEscaping.quoted(label)) id=\"node\(number)\" fontsize=\(fontSize) shape=\(shape) "
            + "tooltip=\(DotEscaping.quoted("\(DotEscaping.escape(node.printableName)) (\(cumText))")) "
            + "color=\"\(DotColor.color(score: score, background: false))\" "
            + "fillcolor=\"\((attrs?.fillColor).flatMap { $0.isEmpty ? nil : $0 } ?? DotColor.color(score: score, background: true))\""
        if let attrs {
            if attrs.bold { attr += " style=\"bold,filled\"" }
            if attrs.peripheries != 0 { attr += " peripheries=\(attrs.peripheries)" }
            if !attrs.url.isEmpty { attr += " URL=\"\(attrs.url)\" target=\"_blank\"" }
        }
        out += "N\(number) [\(attr)]\n"
    }

    /// A value with its unit, escaped: units come from the profile, and a
    /// quote in one would end the DOT string (pprof writes them raw).
    private func formatted(_ value: Int64) -> String {
        DotEscaping.escape(config.formatValue(value))
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
            let weight = formatted(w)
            nodelets +=
                "N\(number)_\(i) [label = \(DotEscaping.quoted(DotEscaping.quoteOnly(tag.name))) id=\"N\(number)_\(i)\" fontsize=8 shape=box3d tooltip=\"\(weight)\"]\n"
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
            let weight = formatted(w)
            nodelets +=
                "N\(source)_\(j) [label = \(DotEscaping.quoted(DotEscaping.quoteOnly(tag.name))) id=\"N\(source)_\(j)\" fontsize=8 shape=box3d tooltip=\"\(weight)\"]\n"
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
        let w = formatted(edge.weightValue)
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
            attr += " color=\"\(DotColor.color(score: Double(value) / Double(goAbs(config.total)), background: false))\""
        }
        let arrow = edge.residual ? "..." : "->"
        let tooltip =
            DotEscaping.quoted(
                "\(DotEscaping.escape(graph[node: edge.source].printableName)) \(arrow) "
                    + "\(DotEscaping.escape(graph[node: edge.destination].printableName)) (\(w))")
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
    /// Backslashes and quotes escaped, newlines turned into left-justified breaks,
    /// other control characters replaced (a NUL would end the DOT text libgvc
    /// reads, and XML allows no C0 controls in the SVG it writes).
    static func escape(_ s: String) -> String {
        // Literal (code unit) matching: a quote followed by a combining mark is
        // one `Character`, which a non-literal search would leave unescaped.
        withoutControls(s).replacingOccurrences(of: "\\", with: "\\\\", options: .literal)
            .replacingOccurrences(of: "\"", with: "\\\"", options: .literal)
            .replacingOccurrences(of: "\n", with: "\\l", options: .literal)
    }

    /// Only double quotes escaped: tag names already carry DOT line breaks
    /// (`\n` between labels) that must survive; pprof writes them raw, which
    /// breaks the DOT text when a label holds a quote.
    /// A run of backslashes before a quote or at the end is doubled too, so that
    /// it cannot escape the quote that follows or the closing one.
    static func quoteOnly(_ s: String) -> String {
        let text = withoutControls(s)
        guard text.utf8.contains(where: { $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }) else { return text }
        var out = String.UnicodeScalarView()
        var backslashes = 0
        for scalar in text.unicodeScalars {
            if scalar == "\\" {
                backslashes += 1
                continue
            }
            let run = String(repeating: "\\", count: scalar == "\"" ? backslashes * 2 : backslashes)
            out.append(contentsOf: run.unicodeScalars)
            backslashes = 0
            if scalar == "\"" { out.append(contentsOf: "\\\"".unicodeScalars) } else { out.append(scalar) }
        }
        out.append(contentsOf: String(repeating: "\\", count: backslashes * 2).unicodeScalars)
        return String(out)
    }

    /// `s` with C0 controls but tab and newline, and DEL, replaced by U+FFFD. (Bytes
    /// that were not UTF-8 in the profile stay, as pprof's DOT text has them; Graphviz
    /// gets them as U+FFFD, see `Graphviz`.)
    static func withoutControls(_ s: String) -> String {
        guard s.utf8.contains(where: { ($0 < 0x20 && $0 != 0x09 && $0 != 0x0a) || $0 == 0x7f }) else { return s }
        var out = String.UnicodeScalarView()
        for scalar in s.unicodeScalars {
            let v = scalar.value
            out.append((v < 0x20 && v != 0x09 && v != 0x0a) || v == 0x7f ? "\u{FFFD}" : scalar)
        }
        return String(out)
    }

    /// The most characters of a name a node's label shows; longer names are
    /// cut with an ellipsis (the node's tooltip keeps the whole name). C++
    /// template names run to tens of kilobytes (pprof #809).
    static let maxLabelNameLength = 1024

    /// Graphviz's lexer refuses quoted strings past 16384 bytes; DOT joins
    /// `"a" + "b"`, so longer text is written in pieces of at most this many bytes.
    static let maxQuotedPiece = 4096

    /// `escaped` (text already escaped for DOT) in double quotes; past
    /// `maxQuotedPiece` bytes, as several quoted pieces joined with `+`, never
    /// split inside an escape sequence.
    static func quoted(_ escaped: String) -> String {
        guard escaped.utf8.count > maxQuotedPiece else { return "\"" + escaped + "\"" }
        var out = String.UnicodeScalarView()
        out.append("\"")
        var pieceBytes = 0
        var afterBackslash = false
        for scalar in escaped.unicodeScalars {
            let width = UTF8.width(scalar)
            if pieceBytes + width > maxQuotedPiece && !afterBackslash {
                out.append(contentsOf: "\" + \"".unicodeScalars)
                pieceBytes = 0
            }
            out.append(scalar)
            pieceBytes += width
            afterBackslash = scalar == "\\" && !afterBackslash
        }
        out.append("\"")
        return String(out)
    }

    /// `text` cut to `maxLabelNameLength` characters, ending in an ellipsis when cut.
    static func cappedForLabel(_ text: String) -> String {
        guard text.utf8.count > maxLabelNameLength, text.count > maxLabelNameLength else { return text }
        return String(text.prefix(maxLabelNameLength - 1)) + "…"
    }

    /// A node's name split over lines: short function name with `::` and
    /// `.` as breaks, then file or address, each line ending in `\n`.
    static func multilineName(_ info: NodeInfo) -> String {
        var copy = info
        var name = escape(cappedForLabel(FunctionName.shorten(copy.name)))
        name = name.replacingOccurrences(of: "::", with: "\\n")
        // Go shows type parameters as "[...]": keep the dots of the ellipsis.
        name = name.replacingOccurrences(of: "[...]", with: "[…]")
        name = name.replacingOccurrences(of: ".", with: "\\n")
        copy.name = name
        if !copy.file.isEmpty {
            copy.file = quoteOnly(cappedForLabel(GoFilePath.base(copy.file)))
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
