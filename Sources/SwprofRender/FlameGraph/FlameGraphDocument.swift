import SwprofCore

/// A flame graph as a standalone SVG file (`swprof -flamegraph`): the same
/// boxes, colours and tooltips as the Flame Graph page (``FlamePage`` and
/// ``FlameGraphSVG``), with the page's header lines, the colour key of a
/// comparison and its vanished stacks drawn as SVG text. No links and no
/// script: it opens in any browser or image viewer.
public struct FlameGraphDocument {
    /// The page whose flame graph is drawn (its query's `p` pivots, `q`
    /// highlights, and its `palette` colours a comparison).
    public var page: FlamePage
    /// The first line, e.g. "heap.3 · inuse_space".
    public var title: String
    /// Further lines under the title (the web page's header legend).
    public var legend: [String]
    /// At most this many vanished stacks are listed; the rest are counted.
    public var vanishedLimit = 50

    public init(page: FlamePage, title: String, legend: [String]) {
        self.page = page
        self.title = title
        self.legend = legend
    }

    static let margin = 10.0
    static let lineHeight = 18.0

    /// The whole SVG document, XML declaration first.
    public func render() -> String {
        let graph = page.graph
        let pivot = page.query[.pivot].flatMap { graph.contains(frame: $0) ? $0 : nil }
        let fraction = page.minimumFraction
        let tree = pivot.map { graph.callees(of: $0, minimumFraction: fraction) } ?? graph.callTree(minimumFraction: fraction)
        var renderer = FlameGraphSVG(
            total: page.total, formatter: page.formatter, href: { _ in nil }, highlight: page.search,
            isComparison: graph.isComparison, label: title)
        renderer.minimumBoxWidth = FlamePage.minimumBoxWidth
        renderer.width = FlamePage.pictureWidth
        let palette = page.palette
        renderer.palette = palette
        let margin = Self.margin
        let line = Self.lineHeight
        let textWidth = renderer.width

        var out = ""
        var y = margin + 14
        out += "<text class=\"title\" x=\"\(fmt(margin))\" y=\"\(fmt(y))\">\(Escape.html(fitted(title, width: textWidth, size: 7.8)))</text>\n"
        for text in legend where !text.isEmpty {
            y += line
            out += "<text class=\"legend\" x=\"\(fmt(margin))\" y=\"\(fmt(y))\">\(Escape.html(fitted(text, width: textWidth, size: 6.6)))</text>\n"
        }
        if let pivot {
            y += line
            out += "<text class=\"legend\" x=\"\(fmt(margin))\" y=\"\(fmt(y))\">\(Escape.html(fitted("Callees of " + pivot, width: textWidth, size: 6.6)))</text>\n"
        }
        if graph.isComparison {
            y += line
            let totals = "Total: \(renderer.changeText(tree)) · percentages are of the new profile's \(page.formatter.format(page.total))"
            out += "<text class=\"legend\" x=\"\(fmt(margin))\" y=\"\(fmt(y))\">\(Escape.html(totals))</text>\n"
            y += line
            out += key(palette: palette, y: y)
        }
        y += 10
        if tree.total == 0 && tree.baseTotal == 0 {
            y += line
            out += "<text class=\"legend\" x=\"\(fmt(margin))\" y=\"\(fmt(y))\">\(Escape.html(page.emptyMessage))</text>\n"
        } else {
            let (boxes, height) = renderer.boxes(tree)
            out += "<g class=\"flame\" transform=\"translate(\(fmt(margin)),\(fmt(y)))\">\n\(boxes)</g>\n"
            y += height
        }
        if graph.isComparison {
            let vanished = graph.vanishedStacks(in: tree, limit: vanishedLimit + 1)
            if !vanished.isEmpty {
                y += line + 10
                out += "<text class=\"heading\" x=\"\(fmt(margin))\" y=\"\(fmt(y))\">Stacks that vanished (base value; none in the new profile)</text>\n"
                for stack in vanished.prefix(vanishedLimit) {
                    y += line
                    let value = page.formatter.format(stack.baseTotal)
                    let path = stack.path.joined(separator: " → ")
                    out += "<text class=\"legend\" x=\"\(fmt(margin))\" y=\"\(fmt(y))\"><title>\(Escape.html(value + "  " + path))</title>"
                    out += "<tspan class=\"value\">\(Escape.html(value))</tspan>  \(Escape.html(fitted(path, width: textWidth - 90, size: 6.6)))</text>\n"
                }
                if vanished.count > vanishedLimit {
                    y += line
                    out += "<text class=\"legend\" x=\"\(fmt(margin))\" y=\"\(fmt(y))\">… and more</text>\n"
                }
            }
        }
        let width = renderer.width + 2 * margin
        let height = y + margin
        var document = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"no\"?>\n"
        document += "<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" aria-label=\"\(Escape.html(title))\""
        document += " width=\"\(fmt(width))\" height=\"\(fmt(height))\" viewBox=\"0 0 \(fmt(width)) \(fmt(height))\""
        document += " font-family=\"Menlo, Consolas, 'DejaVu Sans Mono', monospace\" font-size=\"\(fmt(renderer.fontSize))\">\n"
        document += "<style>\(Self.style)</style>\n"
        document += "<rect width=\"100%\" height=\"100%\" fill=\"#fff\"/>\n"
        document += out
        document += "</svg>\n"
        return document
    }

    /// The page's flame graph rules (web/static/style.css), for a file with no stylesheet.
    static let style = """
        text { fill: #1d2330; } \
        text.title { font-size: 14px; font-weight: bold; } \
        text.heading { font-size: 12px; font-weight: bold; } \
        text.legend { fill: #4b5563; font-size: 11px; } \
        .flame text { pointer-events: none; } \
        g.f rect { stroke: rgba(255,255,255,0.9); stroke-width: 0.5; } \
        g.f:hover rect { stroke: #1d2330; stroke-width: 1; } \
        g.m rect { stroke: #86198f; stroke-width: 1; }
        """

    /// The colour key of a comparison: grew, shrank, unchanged.
    private func key(palette: DiffPalette, y: Double) -> String {
        var out = ""
        var x = Self.margin
        let grew = palette == .colourBlind ? "grew (orange)" : "grew (red)"
        for (fill, label) in [(palette.strongest(grew: true), grew), (palette.strongest(grew: false), "shrank (blue)"),
                              ("hsl(0,0%,88%)", "unchanged")] {
            out += "<rect x=\"\(fmt(x))\" y=\"\(fmt(y - 10))\" width=\"12\" height=\"12\" rx=\"2\" fill=\"\(fill)\"/>"
            out += "<text class=\"legend\" x=\"\(fmt(x + 17))\" y=\"\(fmt(y))\">\(label)</text>\n"
            x += 17 + Double(label.count) * 6.6 + 16
        }
        let note = "· boxes sized by the new profile, stronger colour for a larger change · hover a box for base → new (±Δ%)"
        out += "<text class=\"legend\" x=\"\(fmt(x))\" y=\"\(fmt(y))\">\(Escape.html(note))</text>\n"
        return out
    }

    /// `text` cut with an ellipsis to about `width` units at `size` units a character.
    private func fitted(_ text: String, width: Double, size: Double) -> String {
        let fits = max(8, Int(width / size))
        return text.count <= fits ? text : String(text.prefix(fits - 1)) + "…"
    }
}
