import Foundation
import SwprofCore

/// The body of the Flame Graph view: breadcrumb, the flame graph (whole, or
/// the callees of the pivot `p` with its callers below as an icicle), the
/// search share ("Matched: 12.3%"), and in a comparison the colour key, the
/// stacks that vanished, or base and new side by side.
public struct FlamePage {
    public var graph: FlameGraph
    public var query: WebQuery
    /// The total percentages refer to (the report's total).
    public var total: Int64
    public var formatter: ValueFormatter
    /// The compiled `q` pattern, if any.
    public var search: Pattern?
    /// In a comparison, the base and new profiles alone, for side by side.
    public var sideBySide: (base: FlameGraph, new: FlameGraph)?
    /// What the page says when no stack has a value (see Core's `EmptyReason`).
    public var emptyMessage = "No samples match these options."
    /// The colours of a comparison: the query's `palette` (`cb`), unless set.
    public var palette: DiffPalette

    public init(
        graph: FlameGraph, query: WebQuery, total: Int64, formatter: ValueFormatter, search: Pattern? = nil,
        sideBySide: (base: FlameGraph, new: FlameGraph)? = nil
    ) {
        self.graph = graph
        self.query = query
        self.total = total
        self.formatter = formatter
        self.search = search
        self.sideBySide = sideBySide
        self.palette = DiffPalette(parameter: query[.palette])
    }

    static let path = WebView.flamegraph.path
    /// The width of a flame graph without a `w` parameter (no script to
    /// measure the window), and the narrowest box drawn, in SVG units.
    static let pictureWidth = 1200.0
    static let minimumBoxWidth = 1.5
    /// The widths a `w` parameter may ask for, in CSS pixels.
    static let widthRange = 320.0...4000.0

    /// The width the picture is laid out for: the page's `w` parameter (the
    /// window's width, which swprof.js sends), else ``pictureWidth``.
    public var width: Double {
        guard let text = query[.width], let value = Double(text), value.isFinite else { return Self.pictureWidth }
        return min(max(value.rounded(), Self.widthRange.lowerBound), Self.widthRange.upperBound)
    }

    /// A `w` parameter that is not a number of pixels, for the page to report.
    public var widthError: String? {
        guard let text = query[.width] else { return nil }
        if let value = Double(text), value.isFinite, value > 0 { return nil }
        return "w=\(text): not a width in pixels"
    }

    /// The link that pivots the flame graph on frame `name`.
    func pivotLink(_ name: String) -> String {
        query.setting(.pivot, name).url(Self.path)
    }

    func svg(
        _ tree: FlameFrame, label: String, site: PageLinks, links: Bool = true, comparison: Bool? = nil,
        total: Int64? = nil, width: Double? = nil, scaleTotal: Int64? = nil
    ) -> String {
        let pivot = query[.pivot]
        var renderer = FlameGraphSVG(
            total: total ?? self.total, formatter: formatter,
            href: { [query] name in
                guard links else { return nil }
                if name == tree.name && pivot == nil { return nil }  // the root
                if name == pivot { return nil }
                return site.href(query.setting(.pivot, name).url(Self.path))
            },
            highlight: search, isComparison: comparison ?? graph.isComparison, label: label)
        renderer.minimumBoxWidth = Self.minimumBoxWidth
        renderer.palette = palette
        // Laid out for the width it is shown at, so the text keeps its size.
        renderer.width = width ?? self.width
        renderer.pixelSized = true
        renderer.scaleTotal = scaleTotal
        return renderer.render(tree)
    }

    /// The body markup, rendered with `renderer`'s templates.
    public func body(renderer: PageRenderer) -> String {
        let site = renderer.links
        var context: [String: Any] = ["allLink": site.attribute(query.setting(.pivot, nil).url(Self.path))]
        var sections: [[String: Any]] = []
        var crumbs: [[String: Any]] = []
        let pivot = query[.pivot]
        let searching = search != nil ? " searching" : ""

        if let side = sideBySide, query[.layout] == "side" {
            let baseTree = pivot.map { side.base.callees(of: $0) } ?? side.base.callTree()
            let newTree = pivot.map { side.new.callees(of: $0) } ?? side.new.callTree()
            // One scale: the larger profile fills the width, the other is as
            // much narrower as it is smaller. Two columns only when each
            // still gets 800 pixels; otherwise base above new.
            let scale = max(baseTree.total.magnitude, newTree.total.magnitude)
            let columns = width >= 1640
            let paneWidth = columns ? (width - 16) / 2 : width
            let larger = baseTree.total.magnitude > newTree.total.magnitude ? "base" : "new"
            func pane(_ name: String, _ tree: FlameFrame, _ label: String) -> [String: Any] {
                let percent = scale == 0 ? "0" : String(format: "%.0f", Double(tree.total.magnitude) / Double(scale) * 100)
                return [
                    "heading": "\(name) · \(formatter.format(tree.total))",
                    "note": "\(percent)% of the width (the \(larger) profile's total fills it)",
                    "svg": wrap(svg(tree, label: label, site: site, comparison: false, total: tree.total, width: paneWidth, scaleTotal: Int64(clamping: scale)), searching),
                ]
            }
            let change = newTree.total &- baseTree.total
            context["sideBySide"] = [
                "columns": columns,
                "summary": "One scale for both. Base \(formatter.format(baseTree.total)) → new \(formatter.format(newTree.total)) "
                    + "(change \(change > 0 ? "+" : "")\(formatter.format(change)))",
                "panes": [pane("Base", baseTree, "Base profile"), pane("New", newTree, "New profile")] as [[String: Any]],
            ]
            if let pivot { crumbs.append(["name": pivot]) }
        } else if let pivot, graph.contains(frame: pivot) {
            let callees = graph.callees(of: pivot, minimumFraction: minimumFraction)
            let callers = graph.callers(of: pivot, minimumFraction: minimumFraction)
            // The heaviest caller chain, outermost first, as zoom-out steps.
            var chain: [String] = []
            var step = callers
            while let next = step.children.first, chain.count < 64 {
                chain.append(next.name)
                step = next
            }
            for name in chain.reversed() {
                crumbs.append(["name": name, "link": site.attribute(pivotLink(name))])
            }
            crumbs.append(["name": pivot])
            sections.append([
                "heading": "Callees of \(FrameName.short(pivot))",
                "svg": wrap(svg(callees, label: "Callees of \(pivot)", site: site), searching),
            ])
            if callers.children.isEmpty {
                sections.append([
                    "heading": "Callers of \(FrameName.short(pivot))",
                    "note": "None: every stack starts at this frame.",
                ])
            } else {
                sections.append([
                    "heading": "Callers of \(FrameName.short(pivot))",
                    "note": "The pivot on top, each caller below its callee, outermost callers at the bottom.",
                    "svg": wrap(svg(callers, label: "Callers of \(pivot)", site: site), searching),
                ])
            }
            if let search { context["matched"] = matched(callees, search) }
            if graph.isComparison { addVanished(callees, to: &context) }
        } else {
            let tree = graph.callTree(minimumFraction: minimumFraction)
            if tree.total == 0 && tree.baseTotal == 0 {
                context["empty"] = ["message": emptyMessage]
            } else {
                sections.append(["svg": wrap(svg(tree, label: "Flame graph of all stacks", site: site), searching)])
            }
            if let search { context["matched"] = matched(tree, search) }
            if graph.isComparison { addVanished(tree, to: &context) }
        }
        context["crumbs"] = crumbs
        context["sections"] = sections
        if graph.isComparison && query[.layout] != "side" {
            let colourBlind = palette == .colourBlind
            context["comparisonKey"] = [
                "palette": colourBlind ? "cb" : "",
                "paletteLink": site.attribute(query.setting(.palette, colourBlind ? nil : "cb").url(Self.path)),
                "paletteLabel": colourBlind ? "Red/blue colours" : "Colour-blind safe colours",
            ]
        }
        return renderer.render("flamegraph", context)
    }

    /// Frames narrower than a drawn box's minimum width are left out of the
    /// trees before drawing (they would be summed into a grey box anyway),
    /// except where every frame counts: a search's matched share and a
    /// comparison's vanished stacks.
    var minimumFraction: Double {
        if search != nil || graph.isComparison { return 0 }
        // A little below the drawing limit, so rounding never hides a box that would be drawn.
        return Self.minimumBoxWidth / width * 0.999
    }

    private func wrap(_ svg: String, _ classes: String) -> String {
        classes.isEmpty ? svg : "<div class=\"\(classes.trimmingCharacters(in: .whitespaces))\">\(svg)</div>"
    }

    private func matched(_ tree: FlameFrame, _ pattern: Pattern) -> [String: Any] {
        let value = pattern.matches(tree.name) ? tree.total : tree.children.reduce(0) { $0 &+ $1.matchedTotal(pattern) }
        return ["percent": Measurement.percentage(value, of: total).trimmingCharacters(in: .whitespaces), "value": formatter.format(value)]
    }

    private func addVanished(_ tree: FlameFrame, to context: inout [String: Any]) {
        let vanished = graph.vanishedStacks(in: tree)
        context["hasVanished"] = !vanished.isEmpty
        context["vanished"] = vanished.map { stack -> [String: Any] in
            ["value": formatter.format(stack.baseTotal), "path": stack.path.joined(separator: " → ")]
        }
    }
}
