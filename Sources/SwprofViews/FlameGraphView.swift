import SwprofCore
import SwprofRender

/// The Flame Graph view: the flame graph of the prepared profile, and in a
/// comparison the new profile drawn with the base's values beside it. Shared
/// by the page and `-flamegraph`'s standalone SVG (``StandaloneFlameGraph``).
enum FlameGraphView {
    /// The page's data for `context` (prepared from `input` with `config`
    /// and the page's query); nil when the options leave nothing to prepare.
    static func page(_ context: ViewContext, input: ViewInput, config: ReportConfig, errors: inout [String]) -> FlamePage? {
        guard let prepared = context.prepared else { return nil }
        let options = prepared.options
        func graph(_ profile: Profile, base: Profile? = nil) -> FlameGraph {
            FlameGraph(
                profile: profile, base: base, sampleIndex: options.sampleIndex, meanDivisorIndex: options.meanDivisorIndex,
                granularity: context.config.granularity, noInlines: context.config.noInlines)
        }
        var flame = graph(prepared.profile)
        var total = context.total
        var sideBySide: (base: FlameGraph, new: FlameGraph)? = nil
        if let comparison = input.comparison {
            // The same filters on each side, then the new profile drawn with the base's values beside it.
            let new = ViewContext(input: .init(profile: comparison.new, name: input.name), base: config, query: context.query, command: .svg)
            let base = ViewContext(input: .init(profile: comparison.base, name: input.name), base: config, query: context.query, command: .svg)
            if let newProfile = new.prepared?.profile, let baseProfile = base.prepared?.profile {
                flame = graph(newProfile, base: baseProfile)
                // Boxes are drawn by the new profile: percentages of its total.
                total = new.total
                sideBySide = (graph(baseProfile), graph(newProfile))
            }
        }
        var search: Pattern? = nil
        if let q = context.query[.search] {
            do { search = try Pattern(q) } catch { errors.append("Search: \(error)") }
        }
        if let pivot = context.query[.pivot], !flame.contains(frame: pivot) {
            errors.append("No frame is called \(pivot); showing all stacks.")
        }
        var page = FlamePage(
            graph: flame, query: context.query, total: total, formatter: context.formatter, search: search,
            sideBySide: sideBySide)
        page.emptyMessage = context.emptyMessage
        return page
    }
}
