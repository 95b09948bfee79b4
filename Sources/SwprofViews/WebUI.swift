import Foundation
import SwprofCore
import SwprofRender

/// Builds the pages of the web UI for one loaded profile: turns a view and
/// its query into a prepared report (``ViewContext``), asks the report code
/// for the data, and renders it. The server caches them (its `CachedUI`);
/// the static site writes them to files.
package final class WebUI: Sendable {
    package let input: ViewInput
    /// The command line's report settings; the URL's parameters override them.
    package let config: ReportConfig
    /// The templates, and where the pages' links lead (``linking(_:)``).
    let renderer: PageRenderer
    /// Trusted markup atop every page, made with the page's links (a trace's
    /// profiles: the way back to the trace).
    let banner: (@Sendable (PageLinks) -> String)?
    /// For fetched sources: which snapshot this UI shows (header links).
    let live: LiveSnapshotLinks?
    /// How long a page may compute and how long its lists may grow.
    package let limits: PageLimits
    /// Whether the profile's binaries are at hand (the Disassemble view is in the menu).
    let hasBinary: Bool

    package init(
        input: ViewInput, config: ReportConfig, live: LiveSnapshotLinks? = nil, limits: PageLimits = PageLimits(),
        links: PageLinks = .server(), banner: (@Sendable (PageLinks) -> String)? = nil
    ) throws {
        self.input = input
        self.config = config
        self.live = live
        self.limits = limits
        self.hasBinary = Self.hasBinary(input.profile)
        var renderer = try PageRenderer()
        renderer.links = links
        renderer.banner = banner?(links) ?? ""
        self.renderer = renderer
        self.banner = banner
    }

    private init(_ ui: WebUI, links: PageLinks) {
        input = ui.input
        config = ui.config
        live = ui.live
        limits = ui.limits
        hasBinary = ui.hasBinary
        var renderer = ui.renderer
        renderer.links = links
        renderer.banner = ui.banner?(links) ?? ""
        self.renderer = renderer
        banner = ui.banner
    }

    /// The same pages with their links made by `links` (a static site's files).
    package func linking(_ links: PageLinks) -> WebUI {
        WebUI(self, links: links)
    }

    /// The attribute linking to the server URL `url` (see ``PageLinks/attribute(_:name:)``).
    func link(_ url: String) -> String {
        renderer.links.attribute(url)
    }

    /// `/ui/download`: the loaded profile as `profile.pb.gz`.
    package func download() -> ViewPage {
        let bytes = input.download ?? [UInt8](ProfileEncoder.encode(input.profile))
        return ViewPage(
            status: 200, contentType: "application/octet-stream", body: bytes,
            disposition: "attachment; filename=\"profile.pb.gz\"")
    }

    /// Computes the page (on the calling thread; the server calls it on a
    /// report worker). Throws ``WorkStopped`` when the current budget runs out.
    package func render(view: WebView, query: WebQuery) throws -> ViewPage {
        let (search, searchError) = Self.searchPattern(query)
        var content = view.pageView.content(of: self, query: query, search: search)
        let context = content.context
        var legend = content.legend
        var errors = content.errors
        if let note = input.trendLegend { legend.insert(note, at: 0) }
        if input.comparison != nil && [.top, .graph, .peek, .source].contains(view) && query[.layout] != "side" {
            // The totals here are of the difference; say so (the flame graph names base and new).
            legend.append("Values are the change: new − base")
        }
        if let searchError, view != .flamegraph { errors.append(searchError) }
        if context.report == nil && content.body.isEmpty {
            content.body = "<p class=\"empty\">Nothing to show with these options.</p>"
        }
        var header = PageHeader(
            view: view, query: query, title: context.title(fallback: input.name),
            sampleTypes: context.sampleTypeNames, sampleType: context.sampleTypeName,
            granularity: context.config.granularity.rawValue, legend: legend,
            errors: errors, isComparison: input.comparison != nil, live: live)
        if input.trend != nil { header.views.append(.trend) }
        let hasGoroutines = GoroutineGroups.applies(to: input.profile)
        if hasGoroutines { header.views.append(.goroutines) }
        if hasBinary { header.views.append(.disasm) }
        header.configs = renderer.links.isStatic ? "" : ConfigMenu.marker
        let html = renderer.page(header: header, body: content.body)
        var status = 200
        if (view == .trend && input.trend == nil) || (view == .goroutines && !hasGoroutines) {
            status = 404
        } else if context.badRequest || searchError != nil || errors.contains(where: { $0.hasPrefix("w=") }) {
            status = 400
        }
        var page = ViewPage(status: status, body: Array(html.utf8))
        page.sourceFiles = content.sourceFiles
        return page
    }

    /// The page for a path that names no view (404), with the navigation.
    package func notFoundPage(path: String) -> ViewPage {
        var header = PageHeader(
            view: .flamegraph, query: WebQuery(), title: input.name, sampleTypes: [], sampleType: "",
            granularity: config.granularity.rawValue, legend: [], errors: ["No page at \(path)."])
        header.marksView = false
        if input.trend != nil { header.views.append(.trend) }
        if GoroutineGroups.applies(to: input.profile) { header.views.append(.goroutines) }
        let body = "<p class=\"empty\">This server shows the views in the menu above; "
            + "<a \(link("/ui/"))>the flame graph</a> is the first.</p>"
        return ViewPage(status: 404, body: Array(renderer.page(header: header, body: body).utf8), cacheable: false)
    }

    /// Whether a mapping names a binary that can be read (the Disassemble view needs one).
    static func hasBinary(_ profile: Profile) -> Bool {
        profile.mappings.contains { m in !m.file.isEmpty && (try? ObjectFile(path: m.file, start: m.start)) != nil }
    }

    /// The `limit` heaviest functions by cumulative value for `query`, with
    /// the links from them to the other views.
    func heaviestFunctions(query: WebQuery, limit: Int) -> (rows: [TopRow], links: FunctionLinks, omitted: Int) {
        let top = ViewContext(input: input, base: config, query: query.setting(.nodeCount, nil), command: .top)
        let links = links(top)
        guard let report = top.report else { return ([], links, 0) }
        let rows = report.topReport().rows
        return (Array(rows.sorted { $0.cum.magnitude > $1.cum.magnitude }.prefix(max(0, limit))), links, max(0, rows.count - limit))
    }

    func links(_ context: ViewContext) -> FunctionLinks {
        FunctionLinks(query: context.query, granularity: context.config.granularity)
    }

    /// The `q` search pattern, or the sentence saying why it does not compile.
    static func searchPattern(_ query: WebQuery) -> (Pattern?, String?) {
        guard let q = query[.search] else { return (nil, nil) }
        do {
            return (try Pattern(q), nil)
        } catch {
            return (nil, "Search: \(error)")
        }
    }
}
