import Foundation
import SwprofCore
import SwprofRender

/// Builds the pages of the web UI for one loaded profile: turns a view and
/// its query into a prepared report (``ViewContext``), asks the report code
/// for the data, and renders it. Pages are cached per (view, query).
final class WebUI: Sendable {
    let input: WebServer.Input
    /// The command line's report settings; the URL's parameters override them.
    let config: ReportConfig
    let renderer: PageRenderer
    let cache = PageCache()

    init(input: WebServer.Input, config: ReportConfig) throws {
        self.input = input
        self.config = config
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

    func render(view: WebView, query: WebQuery) -> RenderedPage {
        let body: String
        var context: ViewContext
        var errors: [String]
        switch view {
        case .flamegraph:
            context = ViewContext(input: input, base: config, query: query, command: "svg")
            errors = context.errors
            body = flameGraphBody(context, errors: &errors)
        case .top, .graph, .peek, .source:
            context = ViewContext(input: input, base: config, query: query, command: "top")
            errors = context.errors
            body = "<p class=\"empty\">\(Escape.html(view.title)) is not available in this build yet.</p>"
        }
        let header = PageHeader(
            view: view, query: query, title: context.title(fallback: input.name),
            sampleTypes: context.sampleTypeNames, sampleType: context.sampleTypeName,
            granularity: context.config.granularity.rawValue, legend: context.legend(fallbackName: input.name),
            errors: errors, isComparison: input.comparison != nil)
        let html = renderer.page(header: header, body: body)
        return RenderedPage(body: Array(html.utf8))
    }

    /// The flame graph of the prepared profile (and, when comparing, of the
    /// prepared new and base profiles).
    func flameGraphBody(_ context: ViewContext, errors: inout [String]) -> String {
        guard let prepared = context.prepared else {
            return "<p class=\"empty\">Nothing to show with these options.</p>"
        }
        let options = prepared.options
        func graph(_ profile: Profile, base: Profile? = nil) -> FlameGraph {
            FlameGraph(
                profile: profile, base: base, sampleIndex: options.sampleIndex, meanDivisorIndex: options.meanDivisorIndex,
                granularity: context.config.granularity, noInlines: context.config.noInlines)
        }
        var flame = graph(prepared.profile)
        var sideBySide: (base: FlameGraph, new: FlameGraph)? = nil
        if let comparison = input.comparison {
            // The same filters on each side, then the new profile drawn with the base's values beside it.
            let new = ViewContext(input: .init(profile: comparison.new, name: input.name), base: config, query: context.query, command: "svg")
            let base = ViewContext(input: .init(profile: comparison.base, name: input.name), base: config, query: context.query, command: "svg")
            if let newProfile = new.prepared?.profile, let baseProfile = base.prepared?.profile {
                flame = graph(newProfile, base: baseProfile)
                sideBySide = (graph(baseProfile), graph(newProfile))
            }
        }
        var search: Pattern? = nil
        if let q = context.query["q"] {
            do { search = try Pattern(q) } catch { errors.append("Search: \(error)") }
        }
        if let pivot = context.query["p"], !flame.contains(frame: pivot) {
            errors.append("No frame is called \(pivot); showing all stacks.")
        }
        let page = FlamePage(
            graph: flame, query: context.query, total: context.total, formatter: context.formatter, search: search,
            sideBySide: sideBySide)
        return page.body(renderer: renderer)
    }
}
