import SwprofCore
import SwprofRender

/// `swprof -flamegraph`: the Flame Graph page's picture as a standalone SVG
/// file, built by the same code as the page (``FlameGraphView``), so
/// `swprof -base A -flamegraph B` draws the diff flame graph of the web UI.
public enum StandaloneFlameGraph {
    /// The SVG document for `input` with the command line's `config`.
    /// - Parameters:
    ///   - palette: the colours of a comparison (`-palette=cb`: colour-blind safe).
    ///   - baseName: the base profile's name, for the title of a comparison.
    /// - Throws: ``ProfileError`` when the options leave nothing to draw.
    public static func svg(
        _ input: ViewInput, config: ReportConfig, palette: DiffPalette = .redBlue, baseName: String? = nil
    ) throws -> String {
        let context = ViewContext(input: input, base: config, query: WebQuery(), command: .svg)
        var errors = context.errors
        guard var page = FlameGraphView.page(context, input: input, config: config, errors: &errors) else {
            throw ProfileError(.invalidOption, errors.first ?? "nothing to draw with these options")
        }
        page.palette = palette
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
