/// One row of the `top` report.
public struct TopRow: Sendable {
    /// Id of the node in the report's graph.
    public var nodeID: Int
    public var name: String
    /// `(inline)` when every call into the node was inlined,
    /// `(partial-inline)` when some were, empty otherwise.
    public var inlineLabel: String
    public var flat: Int64
    public var cum: Int64
    /// Running sum of flat values down to this row.
    public var flatSum: Int64
    public var flatText: String
    public var cumText: String
    /// Percentages of the total as printed (`12.34%`, six columns).
    public var flatPercent: String
    public var sumPercent: String
    public var cumPercent: String
}

/// The `top` report: legend lines and one row per node, in report order.
public struct TopReport: Sendable {
    public var legend: [String]
    public var rows: [TopRow]
    public var total: Int64
    public var outputUnit: String

    /// The report as `go tool pprof -top` prints it.
    public var text: String {
        var out = legend.joined(separator: "\n") + "\n"
        out += "      flat  flat%   sum%        cum   cum%\n"
        for row in rows {
            let inline = row.inlineLabel.isEmpty ? "" : " " + row.inlineLabel
            out += CFormat.padLeft(row.flatText, 10) + " " + row.flatPercent + " " + row.sumPercent + " "
            out += CFormat.padLeft(row.cumText, 10) + " " + row.cumPercent + "  " + row.name + inline + "\n"
        }
        return out
    }
}

extension Report {
    /// The rows of the `top` report with the values behind them.
    public func topReport() -> TopReport {
        let trimmed = trimmedGraph()
        let graph = trimmed.graph
        let f = trimmed.formatter
        var rows: [TopRow] = []
        var flatSum: Int64 = 0
        for id in graph.nodeIDs {
            let node = graph[node: id]
            let flat = node.flatValue
            let cum = node.cumValue
            var inline = false
            var notInline = false
            for edge in node.inEdges.values {
                if graph[edge: edge].inline {
                    inline = true
                } else {
                    notInline = true
                }
            }
            let label = inline ? (notInline ? "(partial-inline)" : "(inline)") : ""
            flatSum &+= flat
            rows.append(
                TopRow(
                    nodeID: id, name: node.printableName, inlineLabel: label, flat: flat, cum: cum, flatSum: flatSum,
                    flatText: f.format(flat), cumText: f.format(cum),
                    flatPercent: Measurement.percentage(flat, of: total),
                    sumPercent: Measurement.percentage(flatSum, of: total),
                    cumPercent: Measurement.percentage(cum, of: total)))
        }
        let legend = legend(for: trimmed, fullHeaders: false, includeDroppedEdges: false)
        return TopReport(legend: legend, rows: rows, total: total, outputUnit: trimmed.outputUnit)
    }
}
