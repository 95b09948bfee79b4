import SwprofCore
import SwprofRender

/// `swprof -flamegraph`: the Flame Graph page's picture as a standalone SVG
/// file, built by the same code as the page (``WebUI/flamePage(_:errors:)``),
/// so `swprof -base A -flamegraph B` draws the diff flame graph of the web UI.
public enum StandaloneFlameGraph {
    /// The SVG document for `input` with the command line's `config`.
    /// - Parameters:
    ///   - palette: `cb` for the colour-blind-safe comparison colours.
    ///   - baseName: the base profile's name, for the title of a comparison.
    /// - Throws: ``ProfileError`` when the options leave nothing to draw.
    public static func svg(
        _ input: ViewInput, config: ReportConfig, palette: String? = nil, baseName: String? = nil
    ) throws -> String {
        let ui = try WebUI(input: input, config: config)
        let query = palette.map { WebQuery().setting("palette", $0) } ?? WebQuery()
        let context = ViewContext(input: input, base: config, query: query, command: "svg")
        var errors = context.errors
        guard let page = ui.flamePage(context, errors: &errors) else {
            throw ProfileError(.invalidOption, errors.first ?? "nothing to draw with these options")
        }
        var title = "Flame graph · \(input.name) · \(context.sampleTypeName)"
        var labels = context.basicLegend
        if page.graph.isComparison {
            title = "Diff flame graph · \(input.name) against \(baseName ?? "the base") · \(context.sampleTypeName)"
            // The header's total is of the difference; the document states base → new itself.
            labels.removeAll { $0.hasPrefix("Total: ") }
        }
        var legend = [labels.joined(separator: " · ")]
        legend += errors.map { "Note: " + $0 }
        return FlameGraphDocument(page: page, title: title, legend: legend).render()
    }
}
