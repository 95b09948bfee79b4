import Foundation
import SwprofCore

/// The Trend view (`-http` with `-trend`): Core's ``TrendReport`` ranking as a
/// table, one static SVG sparkline per row, leaking rows first. Function rows
/// link to their source; every row links to the flame graph of the last
/// snapshot against the first, pivoted on its function (a stack's leaf).
public struct TrendPage {
    public var report: TrendReport
    public var links: FunctionLinks
    /// Rows shown; the rest are counted below the table (0: all).
    public var limit: Int

    public init(report: TrendReport, links: FunctionLinks, limit: Int = 100) {
        self.report = report
        self.links = links
        self.limit = limit
    }

    /// The body markup, rendered with `renderer`'s templates.
    public func body(renderer: PageRenderer) -> String {
        renderer.render("trend", context(site: renderer.links))
    }

    func context(site: PageLinks = .server()) -> [String: Any] {
        let shown = limit > 0 ? Array(report.rows.prefix(limit)) : report.rows
        let rows: [[String: Any]] = shown.map { row in
            let function = report.stacks ? String(row.name.split(separator: ";").last ?? "") : row.name
            var context: [String: Any] = [
                "name": row.name, "sparkline": Self.sparkline(row.values, label: row.name),
                "first": report.format(Double(row.first)), "last": report.format(Double(row.last)),
                "slope": report.slopeText(row.slope), "grew": "\(row.grew)/\(report.intervals)", "leaking": row.leaking,
                "flameLink": site.attribute(links.flame(function)),
            ]
            if !report.stacks { context["sourceLink"] = site.attribute(links.source(function)) }
            return context
        }
        let stacksQuery = links.query.setting(.stacks, report.stacks ? nil : "1")
        var context: [String: Any] = [
            "summary": "\(report.sampleType.type) over \(report.order.count) snapshots: "
                + report.order.joined(separator: " → "),
            "intervals": report.intervals, "rows": rows, "hasRows": !rows.isEmpty,
            "ranking": TrendReport.rankingRule,
            "granularity": report.stacks ? "whole stacks" : "named at granularity \(links.granularity.rawValue)",
            "slopeHeader": report.perMinute ? "Slope/min" : "Slope/snapshot",
            "nameHeader": report.stacks ? "Stack (root first)" : "Function",
            "toggleLink": site.attribute(stacksQuery.url(WebView.trend.path)),
            "toggleLabel": report.stacks ? "Rank functions" : "Rank whole stacks",
        ]
        if shown.count < report.rows.count {
            context["more"] = "\(report.rows.count - shown.count) more rows not shown."
            context["moreLink"] = site.attribute(
                links.query.setting(.nodeCount, String(PageLimits.more(than: limit))).url(WebView.trend.path))
        }
        return context
    }

    /// A small line chart of `values` (oldest first), scaled between their
    /// minimum and maximum, the last point marked. `label` becomes the
    /// accessible name (escaped here: the result is trusted markup).
    static func sparkline(_ values: [Int64], label: String, width: Double = 120, height: Double = 24) -> String {
        let low = Double(values.min() ?? 0)
        let high = Double(values.max() ?? 0)
        let span = high - low
        let step = values.count > 1 ? (width - 4) / Double(values.count - 1) : 0
        let points = values.enumerated().map { index, value -> (Double, Double) in
            let y = span == 0 ? height / 2 : (height - 3) - (Double(value) - low) / span * (height - 6)
            return (2 + Double(index) * step, y)
        }
        let text = points.map { String(format: "%.1f,%.1f", $0.0, $0.1) }.joined(separator: " ")
        let last = points.last ?? (0, 0)
        return "<svg class=\"sparkline\" width=\"\(Int(width))\" height=\"\(Int(height))\" viewBox=\"0 0 \(Int(width)) \(Int(height))\""
            + " role=\"img\" aria-label=\"\(Escape.html("Trend of " + label))\">"
            + "<polyline points=\"\(text)\"/>"
            + String(format: "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"2\"/>", last.0, last.1) + "</svg>"
    }
}
