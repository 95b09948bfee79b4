/// A caller or callee line of the `tree`/`peek` report.
public struct TreeEdge: Sendable {
    public var nodeID: Int
    public var name: String
    public var weight: Int64
    public var inline: Bool
    public var weightText: String
    /// Share of the entry's cumulative value, as printed.
    public var percent: String
}

/// One node of the `tree`/`peek` report with its callers and callees.
public struct TreeEntry: Sendable {
    public var nodeID: Int
    public var name: String
    public var flat: Int64
    public var cum: Int64
    /// Sum of flat values over the entries so far (printed entries only).
    public var flatSum: Int64
    public var flatText: String
    public var cumText: String
    public var flatPercent: String
    public var sumPercent: String
    public var cumPercent: String
    /// Callers and callees, heaviest first.
    public var callers: [TreeEdge]
    public var callees: [TreeEdge]
}

/// The `tree` report, or `peek` when the options carry a symbol pattern.
public struct TreeReport: Sendable {
    public var legend: [String]
    public var entries: [TreeEntry]
    /// Whether the graph had any node (the closing separator is printed then).
    public var graphHasNodes: Bool
    /// The pattern entries were selected by, if any.
    public var symbol: Pattern?
    /// Entries left out by `treeReport(heaviest:)`.
    public var omitted = 0

    private static let separator = "----------------------------------------------------------+-------------"
    private static let header = "      flat  flat%   sum%        cum   cum%   calls calls% + context \t \t "

    /// The report as `go tool pprof -tree` / `-peek` prints it; throws when a
    /// pattern matched nothing.
    public func text() throws -> String {
        if let symbol, entries.isEmpty {
            throw ProfileError(.invalidOption, "no matches found for regexp: \(symbol.source)")
        }
        var out = legend.joined(separator: "\n") + "\n"
        out += TreeReport.separator + "\n" + TreeReport.header + "\n"
        for entry in entries {
            out += TreeReport.separator + "\n"
            for edge in entry.callers {
                out += edgeLine(edge)
            }
            out += CFormat.padLeft(entry.flatText, 10) + " " + entry.flatPercent + " " + entry.sumPercent + " "
            out += CFormat.padLeft(entry.cumText, 10) + " " + entry.cumPercent + "                | " + entry.name + "\n"
            for edge in entry.callees {
                out += edgeLine(edge)
            }
        }
        if graphHasNodes {
            out += TreeReport.separator + "\n"
        }
        return out
    }

    private func edgeLine(_ edge: TreeEdge) -> String {
        CFormat.padLeft(edge.weightText, 50) + " " + edge.percent + " |   " + edge.name + (edge.inline ? " (inline)" : "")
            + "\n"
    }
}

extension Report {
    /// The entries of the `tree` report; with a symbol pattern (peek), only
    /// nodes whose name matches it. With `limit`, only the `limit` entries
    /// of largest cumulative value, in the report's order (the web UI's Peek
    /// without a pattern); `omitted` counts the others. Stops early, with a
    /// partial report, when the current ``WorkBudget`` is spent.
    public func treeReport(heaviest limit: Int? = nil) -> TreeReport {
        let trimmed = trimmedGraph()
        let graph = trimmed.graph
        let f = trimmed.formatter
        let symbol = options.symbol
        var entries: [TreeEntry] = []
        var flatSum: Int64 = 0
        var ids = graph.nodeIDs
        if let symbol { ids = ids.filter { symbol.matches(graph[node: $0].printableName) } }
        var omitted = 0
        if let limit, ids.count > max(0, limit) {
            let heaviest = ids.sorted { (graph[node: $0].cumValue.magnitude, $1) > (graph[node: $1].cumValue.magnitude, $0) }
            let kept = Set(heaviest.prefix(max(0, limit)))
            omitted = ids.count - kept.count
            ids = ids.filter(kept.contains)
        }
        for id in ids {
            if WorkBudget.isStopped { break }
            let node = graph[node: id]
            let flat = node.flatValue
            let cum = node.cumValue
            func edge(_ e: Graph.Edge, other: Int) -> TreeEdge {
                TreeEdge(
                    nodeID: other, name: graph[node: other].printableName, weight: e.weight, inline: e.inline,
                    weightText: f.format(e.weight), percent: Measurement.percentage(e.weight, of: cum))
            }
            let callers = graph.sortedInEdges(of: id).map { edge($0, other: $0.source) }
            let callees = graph.sortedOutEdges(of: id).map { edge($0, other: $0.destination) }
            flatSum &+= flat
            entries.append(
                TreeEntry(
                    nodeID: id, name: node.printableName, flat: flat, cum: cum, flatSum: flatSum,
                    flatText: f.format(flat), cumText: f.format(cum),
                    flatPercent: Measurement.percentage(flat, of: total),
                    sumPercent: Measurement.percentage(flatSum, of: total),
                    cumPercent: Measurement.percentage(cum, of: total), callers: callers, callees: callees))
        }
        let legend = legend(for: trimmed, fullHeaders: false, includeDroppedEdges: false)
        return TreeReport(
            legend: legend, entries: entries, graphHasNodes: !graph.nodeIDs.isEmpty, symbol: symbol, omitted: omitted)
    }
}
