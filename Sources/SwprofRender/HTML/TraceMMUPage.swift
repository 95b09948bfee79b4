import Foundation
import SwprofCore

/// `/trace/mmu`: minimum mutator utilization as an SVG plot, window sizes on
/// a log axis, for the whole system and per proc ("per-goroutine" in
/// `go tool trace`), each point linking to the timeline of its worst window.
public enum TraceMMUPage {
    public struct Curve: Sendable {
        public var title: String
        public var points: [TraceMMUCurve.PlotPoint]
        public init(title: String, points: [TraceMMUCurve.PlotPoint]) {
            self.title = title
            self.points = points
        }
    }

    static let plotWidth = 720.0
    static let plotHeight = 300.0
    static let left = 56.0, top = 16.0, bottom = 44.0, right = 24.0

    public static func page(name: String, traceStart: Int64, traceEnd: Int64, curves: [Curve], links: PageLinks = .server()) -> String {
        var b = "<p><a \(links.attribute("/trace"))>← \(Escape.html(name))</a></p>\n<h1>Minimum mutator utilization</h1>\n"
        b += "<p>For each window size, the lowest share of the procs left to the program (not the garbage collector) "
        b += "over any window of that size in the trace: stop-the-world pauses, background mark workers and mark "
        b += "assists count against it, as on <code>go tool trace</code>'s MMU page by default. <i>Per proc</i> takes a proc "
        b += "as lost while the collector uses it (Go's \"per-goroutine\" view). Each point links to the timeline of "
        b += "its worst window.</p>\n"
        let drawn = curves.filter { !$0.points.isEmpty }
        guard !drawn.isEmpty else {
            b += "<p class=\"warning\">The trace records no GOMAXPROCS, so it has no utilization to plot.</p>\n"
            return TracePages.document(links: links, title: "swprof: MMU of \(name)", body: b, style: style)
        }
        b += "<div class=\"scroll mmu\">" + svg(drawn, traceStart: traceStart, traceEnd: traceEnd, links: links) + "</div>\n"
        b += table(drawn, traceStart: traceStart, traceEnd: traceEnd, links: links)
        return TracePages.document(links: links, title: "swprof: MMU of \(name)", body: b, style: style)
    }

    static let style = """
        .mmu svg{font:12px sans-serif;display:block;max-width:100%;height:auto}.mmu .axis{stroke:#444}.mmu .grid{stroke:#ddd}
        .mmu .s0{stroke:#1f77b4;fill:none;stroke-width:2}.mmu .s1{stroke:#d62728;fill:none;stroke-width:2;stroke-dasharray:6 3}
        .mmu .p0{fill:#1f77b4}.mmu .p1{fill:#d62728}.mmu circle:hover{r:5}
        @media (prefers-color-scheme: dark){.mmu text{fill:#ddd}.mmu .grid{stroke:#444}.mmu .axis{stroke:#bbb}}
        """

    static func svg(_ curves: [Curve], traceStart: Int64, traceEnd: Int64, links: PageLinks) -> String {
        let windows = curves.flatMap { $0.points.map(\.window) }
        let lo = Double(max(1, windows.min()!)), hi = Double(max(windows.max()!, Int64(lo) + 1))
        let (lmin, lmax) = (log10(lo), log10(hi))
        func x(_ window: Int64) -> Double { left + (log10(Double(max(1, window))) - lmin) / (lmax - lmin) * plotWidth }
        func y(_ util: Double) -> Double { top + (1 - min(1, max(0, util))) * plotHeight }
        let width = left + plotWidth + right, height = top + plotHeight + bottom
        var s = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(Int(width))\" height=\"\(Int(height))\" "
        s += "viewBox=\"0 0 \(Int(width)) \(Int(height))\" role=\"img\" aria-label=\"Minimum mutator utilization\">\n"
        for util in stride(from: 0.0, through: 1.0, by: 0.25) {
            s += "<line class=\"grid\" x1=\(n(left)) y1=\(n(y(util))) x2=\(n(left + plotWidth)) y2=\(n(y(util)))/>"
            s += "<text x=\(n(left - 6)) y=\(n(y(util) + 4)) text-anchor=\"end\">\(Int(util * 100))%</text>\n"
        }
        var decade = pow(10, floor(lmin))
        while decade <= hi * 1.0001 {
            if decade >= lo * 0.9999 {
                let px = x(Int64(decade))
                s += "<line class=\"grid\" x1=\(n(px)) y1=\(n(top)) x2=\(n(px)) y2=\(n(top + plotHeight))/>"
                s += "<text x=\(n(px)) y=\(n(top + plotHeight + 16)) text-anchor=\"middle\">"
                s += "\(Escape.html(TraceSummary.durationText(Int64(decade))))</text>\n"
            }
            decade *= 10
        }
        s += "<line class=\"axis\" x1=\(n(left)) y1=\(n(top + plotHeight)) x2=\(n(left + plotWidth)) y2=\(n(top + plotHeight))/>"
        s += "<line class=\"axis\" x1=\(n(left)) y1=\(n(top)) x2=\(n(left)) y2=\(n(top + plotHeight))/>\n"
        s += "<text x=\(n(left + plotWidth / 2)) y=\(n(height - 6)) text-anchor=\"middle\">window size</text>\n"
        for (i, curve) in curves.enumerated() {
            let path = curve.points.map { "\(n0(x($0.window))),\(n0(y($0.minimum.util)))" }.joined(separator: " ")
            s += "<polyline class=\"s\(i)\" points=\"\(path)\"/>\n"
            for p in curve.points {
                let href = worstWindow(p, traceStart: traceStart, traceEnd: traceEnd)
                s += "<a \(links.attribute(href))><circle class=\"p\(i)\" cx=\(n(x(p.window))) cy=\(n(y(p.minimum.util))) r=\"2.5\">"
                s += "<title>\(Escape.html(curve.title)): \(Escape.html(TraceSummary.durationText(p.window))) windows, "
                s += "MMU \(percent(p.minimum.util)); worst from \(Escape.html(TraceSummary.durationText(p.minimum.start - traceStart)))"
                s += "</title></circle></a>\n"
            }
        }
        // The key.
        for (i, curve) in curves.enumerated() {
            let ky = top + 14 + Double(i) * 16
            s += "<line class=\"s\(i)\" x1=\(n(left + plotWidth - 150)) y1=\(n(ky - 4)) x2=\(n(left + plotWidth - 124)) y2=\(n(ky - 4))/>"
            s += "<text x=\(n(left + plotWidth - 118)) y=\(n(ky))>\(Escape.html(curve.title))</text>\n"
        }
        s += "</svg>"
        return s
    }

    /// The timeline of the worst window of a point.
    static func worstWindow(_ p: TraceMMUCurve.PlotPoint, traceStart: Int64, traceEnd: Int64) -> String {
        TraceLinks.timeline(around: p.minimum.start, p.minimum.start + p.window, traceStart: traceStart, traceEnd: traceEnd)
    }

    /// The plotted points nearest each power of ten, for reading without the picture.
    static func table(_ curves: [Curve], traceStart: Int64, traceEnd: Int64, links: PageLinks) -> String {
        var b = "<table>\n<tr><th>Window</th>"
        for c in curves { b += "<th>\(Escape.html(c.title))</th>" }
        b += "</tr>\n"
        let points = curves[0].points
        var rows: [Int] = []
        var decade: Int64 = 1
        while decade <= (points.last?.window ?? 0) * 10 && decade < Int64.max / 10 {
            if let best = points.indices.min(by: {
                abs(log10(Double(max(1, points[$0].window))) - log10(Double(decade)))
                    < abs(log10(Double(max(1, points[$1].window))) - log10(Double(decade)))
            }), abs(log10(Double(max(1, points[best].window))) - log10(Double(decade))) < 0.5, !rows.contains(best) {
                rows.append(best)
            }
            decade *= 10
        }
        for i in rows {
            b += "<tr><td>\(Escape.html(TraceSummary.durationText(points[i].window)))</td>"
            for c in curves where i < c.points.count {
                let p = c.points[i]
                b += "<td><a \(links.attribute(worstWindow(p, traceStart: traceStart, traceEnd: traceEnd)))>"
                b += "\(percent(p.minimum.util))</a></td>"
            }
            b += "</tr>\n"
        }
        return b + "</table>\n"
    }

    static func percent(_ util: Double) -> String {
        String(format: "%.1f%%", util * 100)
    }

    static func n(_ v: Double) -> String { "\"" + n0(v) + "\"" }
    static func n0(_ v: Double) -> String {
        let r = (v * 10).rounded() / 10
        return r == r.rounded() ? "\(Int(r))" : "\(r)"
    }
}
