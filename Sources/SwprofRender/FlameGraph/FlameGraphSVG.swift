import Foundation
import SwprofCore

/// Lays out a `FlameFrame` tree as an SVG picture, on the server: one row per
/// stack depth, the root on top, each box as wide as its value, children
/// left to right from the heaviest. Boxes narrower than
/// `minimumBoxWidth` are not drawn; the pruned children of a frame are
/// summed into one grey box so no value silently disappears.
///
/// Every box is a link (`href(name)`), has a `<title>` for hover text, and
/// is coloured by package, or by growth (red) and shrinkage (blue) in a
/// comparison, or highlighted when it matches the search pattern.
public struct FlameGraphSVG {
    /// The picture's width in SVG units, which the page shows as CSS pixels
    /// (``pixelSized``): labels are fitted for it at a fixed text size.
    public var width: Double = 1200
    public var rowHeight: Double = 18
    public var fontSize: Double = 12
    /// Boxes narrower than this (in SVG units) are pruned.
    public var minimumBoxWidth: Double = 1.5
    /// Advance of one character of the monospace font at `fontSize`
    /// (0.6 em, DejaVu Sans Mono's and Menlo's), to fit labels.
    public var characterWidth: Double = 7.25
    /// Draw one unit of the picture as one CSS pixel (`width` attribute in
    /// pixels), so the text keeps its size; otherwise the picture scales to
    /// its container (`width="100%"`).
    public var pixelSized = false
    /// The value the full width stands for; nil: the root's own value. Two
    /// pictures given the same `scaleTotal` are drawn on one scale.
    public var scaleTotal: Int64? = nil

    /// The total that percentages refer to.
    public var total: Int64
    public var formatter: ValueFormatter
    /// The link for a box, or nil for no link. The result is escaped here.
    public var href: (String) -> String?
    /// Frames whose name matches are highlighted; others are dimmed.
    public var highlight: Pattern?
    /// Colour by change against `baseTotal` instead of by package.
    public var isComparison: Bool
    /// An accessible name for the picture.
    public var label: String
    /// The colours of a comparison.
    public var palette: DiffPalette = .redBlue

    public init(
        total: Int64, formatter: ValueFormatter, href: @escaping (String) -> String?, highlight: Pattern? = nil,
        isComparison: Bool = false, label: String = "Flame graph"
    ) {
        self.total = total
        self.formatter = formatter
        self.href = href
        self.highlight = highlight
        self.isComparison = isComparison
        self.label = label
    }

    /// The SVG element for `tree`.
    public func render(_ tree: FlameFrame) -> String {
        var out = ""
        let (body, height) = boxes(tree)
        out += "<svg class=\"flame\" xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" aria-label=\"\(Escape.html(label))\""
        out += " viewBox=\"0 0 \(fmt(width)) \(fmt(height))\""
        out += pixelSized ? " width=\"\(fmt(width))\" height=\"\(fmt(height))\"" : " width=\"100%\""
        out += " preserveAspectRatio=\"xMinYMin meet\" data-width=\"\(fmt(width))\""
        out += " font-size=\"\(fmt(fontSize))\">\n"
        out += body
        out += "</svg>\n"
        return out
    }

    /// The boxes of `tree` (one `<g>` each, the root at y = 0) and the
    /// height they take: the inside of ``render(_:)``, for pictures that
    /// place the flame graph among other things (``FlameGraphDocument``).
    public func boxes(_ tree: FlameFrame) -> (markup: String, height: Double) {
        let maxChange = isComparison ? Self.maximumChange(tree) : 0
        var rows = 0
        var body = ""
        var rootWidth = width
        if let scaleTotal, scaleTotal != 0 {
            rootWidth = width * min(1, Double(tree.total.magnitude) / Double(scaleTotal.magnitude))
        }
        draw(tree, x: 0, boxWidth: rootWidth, depth: 0, parentTotal: nil, maxChange: maxChange, rows: &rows, into: &body)
        return (body, Double(rows) * rowHeight + 2)
    }

    /// Draws `frame` and its visible descendants; counts the rows used.
    private func draw(
        _ frame: FlameFrame, x: Double, boxWidth: Double, depth: Int, parentTotal: Int64?, maxChange: UInt64, rows: inout Int,
        into out: inout String
    ) {
        rows = max(rows, depth + 1)
        let matched = highlight?.matches(frame.name) ?? false
        box(frame, x: x, width: boxWidth, depth: depth, parentTotal: parentTotal, matched: matched, maxChange: maxChange, into: &out)

        let magnitude = frame.total.magnitudeValue
        guard magnitude > 0, !frame.children.isEmpty || frame.omitted.count > 0 else { return }
        let childSum = frame.children.reduce(frame.omitted.magnitude) { $0 + $1.total.magnitudeValue }
        // Children can only outgrow their parent with mixed-sign values (a diff);
        // then they are scaled to fit.
        let unit = boxWidth / max(magnitude, childSum)
        var cursor = x
        var prunedValue: Int64 = 0
        var prunedCount = 0
        var prunedWidth = 0.0
        for child in frame.children {
            let w = child.total.magnitudeValue * unit
            if w <= 0 { continue }
            if w < minimumBoxWidth {
                prunedValue &+= child.total
                prunedCount += 1
                prunedWidth += w
                continue
            }
            draw(child, x: cursor, boxWidth: w, depth: depth + 1, parentTotal: frame.total, maxChange: maxChange, rows: &rows, into: &out)
            cursor += w
        }
        if frame.omitted.count > 0 {
            // Children left out when the tree was built, for the same reason.
            prunedValue &+= frame.omitted.total
            prunedCount += frame.omitted.count
            prunedWidth += frame.omitted.magnitude * unit
        }
        if prunedCount > 0 {
            rows = max(rows, depth + 2)
            prunedBox(count: prunedCount, value: prunedValue, x: cursor, width: prunedWidth, depth: depth + 1, into: &out)
        }
    }

    private func box(
        _ frame: FlameFrame, x: Double, width w: Double, depth: Int, parentTotal: Int64?, matched: Bool, maxChange: UInt64,
        into out: inout String
    ) {
        let y = Double(depth) * rowHeight
        var title = frame.name
        title += "\nTotal: \(formatter.format(frame.total)) (\(trimmed(Measurement.percentage(frame.total, of: total))))"
        title += "\nSelf: \(formatter.format(frame.selfValue)) (\(trimmed(Measurement.percentage(frame.selfValue, of: total))))"
        if let parentTotal, parentTotal != 0 {
            title += "\nOf parent: \(trimmed(Measurement.percentage(frame.total, of: parentTotal)))"
        }
        if isComparison {
            title += "\nChange: " + changeText(frame)
        }
        let fill = matched ? "hsl(300,72%,70%)" : depth == 0 && !isComparison ? "hsl(220,16%,86%)" : colour(frame, maxChange: maxChange)
        var classes = "f"
        if matched { classes += " m" }
        out += "<g class=\"\(classes)\">"
        let link = href(frame.name)
        if let link { out += "<a href=\"\(Escape.html(link))\">" }
        out += "<title>\(Escape.html(title))</title>"
        out += "<rect x=\"\(fmt(x))\" y=\"\(fmt(y))\" width=\"\(fmt(max(w - 0.5, 0.1)))\" height=\"\(fmt(rowHeight - 1))\""
        out += " rx=\"2\" fill=\"\(fill)\"/>"
        var names = FrameName.shortened(frame.name)
        if depth == 0 {
            let value = isComparison ? "new \(formatter.format(frame.total)), base \(formatter.format(frame.baseTotal))" : formatter.format(frame.total)
            names = ["\(names[0]) · \(value)"] + names
        }
        if let text = label(names, width: w) {
            out += "<text x=\"\(fmt(x + 3))\" y=\"\(fmt(y + rowHeight - 5.5))\">\(Escape.html(text))</text>"
        }
        if link != nil { out += "</a>" }
        out += "</g>\n"
    }

    private func prunedBox(count: Int, value: Int64, x: Double, width w: Double, depth: Int, into out: inout String) {
        let y = Double(depth) * rowHeight
        let frames = count == 1 ? "1 frame" : "\(count) frames"
        let title = "\(frames) too small to show\nTotal: \(formatter.format(value)) (\(trimmed(Measurement.percentage(value, of: total))))"
        out += "<g class=\"f pruned\"><title>\(Escape.html(title))</title>"
        out += "<rect x=\"\(fmt(x))\" y=\"\(fmt(y))\" width=\"\(fmt(max(w - 0.5, 0.5)))\" height=\"\(fmt(rowHeight - 1))\""
        out += " rx=\"2\" fill=\"#c8c8c8\"/>"
        if let text = label(["+\(count)"], width: w) {
            out += "<text x=\"\(fmt(x + 3))\" y=\"\(fmt(y + rowHeight - 5.5))\">\(Escape.html(text))</text>"
        }
        out += "</g>\n"
    }

    /// The first of `candidates` (longest first, see
    /// ``FrameName/shortened(_:)``) that fits in `width`, else the last one
    /// truncated with an ellipsis, or nil when not even that fits.
    private func label(_ candidates: [String], width: Double) -> String? {
        let fits = Int((width - 6) / characterWidth)
        if fits < 3 { return nil }
        if let fitting = candidates.first(where: { $0.count <= fits }) { return fitting }
        guard let last = candidates.last else { return nil }
        return String(last.prefix(fits - 1)) + "…"
    }

    /// Package colours: a stable hue per package, light enough for dark text.
    /// Comparison colours: red for growth, blue for shrinkage, stronger with
    /// a larger change (relative to the largest change in the picture).
    func colour(_ frame: FlameFrame, maxChange: UInt64) -> String {
        if isComparison {
            let change = frame.total &- frame.baseTotal
            guard change != 0, maxChange > 0 else { return "hsl(0,0%,88%)" }
            let strength = min(1, (change.magnitudeValue / Double(maxChange)).squareRoot())
            let lightness = 93 - 35 * strength
            let hue = change > 0 ? palette.growthHue : palette.shrinkHue
            return "hsl(\(hue),\(palette.saturation)%,\(fmt(lightness))%)"
        }
        let hash = Self.stableHash(FrameName.package(frame.name))
        let hue = Double(hash % 360)
        let saturation = 45 + Double((hash >> 9) % 20)
        let lightness = 72 + Double((hash >> 17) % 10)
        return "hsl(\(fmt(hue)),\(fmt(saturation))%,\(fmt(lightness))%)"
    }

    /// `base → new (±Δ%)`, e.g. `1.50MB → 4.00MB (+167%)`; `(new)` when the
    /// base had none of it, `(gone)` when the new profile has none.
    func changeText(_ frame: FlameFrame) -> String {
        let text = "\(formatter.format(frame.baseTotal)) → \(formatter.format(frame.total))"
        if frame.baseTotal == frame.total { return text + " (unchanged)" }
        if frame.baseTotal == 0 { return text + " (new)" }
        if frame.total == 0 { return text + " (gone)" }
        // In Double: the difference of two Int64 values can exceed Int64.
        let percent = (Double(frame.total) - Double(frame.baseTotal)) / frame.baseTotal.magnitudeValue * 100
        let rounded = percent.magnitude >= 10 ? String(format: "%.0f", percent) : String(format: "%.1f", percent)
        return text + " (\(percent > 0 ? "+" : "")\(rounded)%)"
    }

    /// The largest |total − baseTotal| in the tree (the difference wraps as Go's int64).
    static func maximumChange(_ tree: FlameFrame) -> UInt64 {
        var best = (tree.total &- tree.baseTotal).magnitude
        for child in tree.children { best = max(best, maximumChange(child)) }
        return best
    }

    /// FNV-1a: the same colour for the same package in every process
    /// (Swift's `Hasher` is seeded per process).
    static func stableHash(_ text: String) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x100_0000_01b3
        }
        return hash
    }

    private func trimmed(_ text: String) -> String { text.trimmingCharacters(in: .whitespaces) }
}

/// Compact number formatting for SVG coordinates.
func fmt(_ value: Double) -> String {
    if value == value.rounded() && value.magnitude < 1e15 { return String(Int64(value)) }
    return String(format: "%.2f", value)
}

extension FlameFrame {
    /// The value of the stacks through frames whose name matches `pattern`,
    /// counting each stack once (a match below a match adds nothing).
    public func matchedTotal(_ pattern: Pattern) -> Int64 {
        if pattern.matches(name) { return total }
        return children.reduce(0) { $0 &+ $1.matchedTotal(pattern) }
    }
}

/// Colours of a comparison flame graph: growth and shrinkage hues.
public enum DiffPalette: String, Sendable {
    /// Red for growth, blue for shrinkage (the default, as pprof's diff views).
    case redBlue
    /// Orange for growth, blue for shrinkage (Okabe–Ito's orange #E69F00 and
    /// blue #0072B2): distinguishable with red-green colour blindness
    /// (deuteranopia, protanopia) and in greyscale by lightness.
    case colourBlind

    /// The palette a page's `palette` parameter names (`cb`: colour-blind safe).
    public init(parameter: String?) {
        self = parameter == "cb" ? .colourBlind : .redBlue
    }

    /// The colour of the strongest growth (`grew`) or shrinkage, as the key shows it.
    public func strongest(grew: Bool) -> String {
        "hsl(\(grew ? growthHue : shrinkHue),\(saturation)%,62%)"
    }

    var growthHue: Int { self == .colourBlind ? 35 : 0 }
    var shrinkHue: Int { self == .colourBlind ? 205 : 215 }
    var saturation: Int { self == .colourBlind ? 100 : 78 }
}
