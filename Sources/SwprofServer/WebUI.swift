import Foundation
import SwprofCore
import SwprofRender

/// Builds the pages of the web UI for one loaded profile: turns a view and
/// its query into report options, asks the report code for the data, and
/// renders it. Pages are cached per (view, query).
final class WebUI: Sendable {
    let input: WebServer.Input
    /// Query parameters from the command line; the URL's own take precedence.
    let defaults: WebQuery
    let renderer: PageRenderer
    let cache = PageCache()

    init(input: WebServer.Input, defaults: WebQuery) throws {
        self.input = input
        self.defaults = defaults
        self.renderer = try PageRenderer()
    }

    /// The page for `view` with the URL's `query`.
    func page(view: WebView, query: WebQuery) async -> RenderedPage {
        let key = view.rawValue + "?" + query.canonical
        return await cache.page(for: key) { [self] in
            self.render(view: view, query: query)
        }
    }

    /// `/ui/download`: the loaded profile as `profile.pb.gz`.
    func download() -> RenderedPage {
        guard let bytes = input.download else {
            return RenderedPage(
                status: 404, contentType: "text/plain; charset=utf-8",
                body: Array("This profile cannot be downloaded.\n".utf8), cacheable: false)
        }
        return RenderedPage(
            status: 200, contentType: "application/octet-stream", body: bytes,
            disposition: "attachment; filename=\"profile.pb.gz\"")
    }

    /// The options in force: the command line's, overridden by the URL's.
    func effectiveQuery(_ query: WebQuery) -> WebQuery {
        var merged = defaults
        for item in query.items where !item.value.isEmpty {
            merged = merged.setting(item.name, item.value)
        }
        return merged
    }

    func render(view: WebView, query: WebQuery) -> RenderedPage {
        let context = ViewContext(input: input, query: effectiveQuery(query))
        var errors = context.errors
        let body: String
        switch view {
        case .flamegraph:
            body = flameGraphBody(context, errors: &errors, linkQuery: query)
        case .top, .graph, .peek, .source:
            body = "<p class=\"empty\">\(Escape.html(view.title)) is not available in this build yet.</p>"
        }
        let header = PageHeader(
            view: view, query: query, title: context.title, sampleTypes: context.sampleTypeNames,
            sampleType: context.sampleTypeName, granularity: context.granularity.rawValue, legend: context.legend,
            errors: errors, isComparison: input.comparison != nil)
        let html = renderer.page(header: header, body: body)
        return RenderedPage(body: Array(html.utf8))
    }

    func flameGraphBody(_ context: ViewContext, errors: inout [String], linkQuery: WebQuery) -> String {
        let graph = FlameGraph(
            profile: context.profile, sampleIndex: context.sampleIndex, granularity: context.granularity,
            noInlines: context.noInlines)
        var search: Pattern? = nil
        if let q = context.query["q"] {
            do { search = try Pattern(q) } catch { errors.append("Search: \(error)") }
        }
        if let pivot = context.query["p"], !graph.contains(frame: pivot) {
            errors.append("No frame is called \(pivot); showing all stacks.")
        }
        var comparisonGraph = graph
        var sideBySide: (base: FlameGraph, new: FlameGraph)? = nil
        if let comparison = input.comparison {
            comparisonGraph = FlameGraph(
                profile: comparison.new, base: comparison.base, sampleIndex: context.sampleIndex,
                granularity: context.granularity, noInlines: context.noInlines)
            sideBySide = (
                FlameGraph(profile: comparison.base, sampleIndex: context.sampleIndex, granularity: context.granularity, noInlines: context.noInlines),
                FlameGraph(profile: comparison.new, sampleIndex: context.sampleIndex, granularity: context.granularity, noInlines: context.noInlines)
            )
        }
        let page = FlamePage(
            graph: comparisonGraph, query: linkQuery, total: context.total, formatter: context.formatter, search: search,
            sideBySide: sideBySide)
        return page.body(renderer: renderer)
    }
}
