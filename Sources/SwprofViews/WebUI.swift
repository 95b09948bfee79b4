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
    let renderer: PageRenderer
    /// For fetched sources: which snapshot this UI shows (header links).
    let live: LiveSnapshotLinks?
    /// How long a page may compute and how long its lists may grow.
    package let limits: PageLimits

    package init(input: ViewInput, config: ReportConfig, live: LiveSnapshotLinks? = nil, limits: PageLimits = PageLimits()) throws {
        self.input = input
        self.config = config
        self.live = live
        self.limits = limits
        self.renderer = try PageRenderer()
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
        let pattern = query[.focus]
        var context: ViewContext
        var errors: [String] = []
        var legend: [String] = []
        var body = ""
        var sourceFiles: [String] = []
        switch view {
        case .flamegraph:
            context = ViewContext(input: input, base: config, query: query, command: .svg)
            errors = context.errors
            legend = context.basicLegend
            if let page = FlameGraphView.page(context, input: input, config: config, errors: &errors) {
                body = page.body(renderer: renderer)
                if let widthError = page.widthError { errors.append(widthError) }
                if page.graph.isComparison {
                    // The header's total is the difference; say so, with both sides' totals.
                    let change = page.graph.total &- page.graph.baseTotal
                    legend = legend.filter { !$0.hasPrefix("Total:") } + [
                        "Total: base \(context.formatter.format(page.graph.baseTotal)) → new \(context.formatter.format(page.graph.total))"
                            + " (change \(change > 0 ? "+" : "")\(context.formatter.format(change)))"
                    ]
                }
            } else {
                body = "<p class=\"empty\">Nothing to show with these options.</p>"
            }
        case .top:
            // pprof's web Top shows up to 500 rows.
            context = ViewContext(input: input, base: config, query: query, command: .top) { config in
                if config.nodeCount == -1 { config.nodeCount = 500 }
            }
            errors = context.errors
            if let report = context.report {
                let top = report.topReport()
                legend = ViewContext.headerLegend(top.legend)
                var page = TopPage(report: top, links: links(context), search: search)
                page.emptyMessage = context.emptyMessage
                if query[.layout] == "side", let sides = comparisonTopRows(context) {
                    page.sides = sides
                }
                body = page.body(renderer: renderer)
            }
        case .graph:
            context = ViewContext(input: input, base: config, query: query, command: .svg)
            errors = context.errors
            if let report = context.report {
                let (graph, dotConfig) = report.dotGraph()
                legend = ViewContext.headerLegend(dotConfig.labels)
                var svg: String? = nil
                if !graph.nodeIDs.isEmpty {
                    let links = links(context)
                    var attributes: [Int: DotNodeAttributes] = [:]
                    for id in graph.nodeIDs {
                        var attribute = DotNodeAttributes()
                        let name = graph[node: id].printableName
                        attribute.url = GraphPage.nodeURL(links.focus(name, view: .graph))
                        if let search, search.matches(name) {
                            attribute.bold = true
                            attribute.peripheries = 2
                            attribute.fillColor = Self.searchMatchFill
                        }
                        attributes[id] = attribute
                    }
                    var labelless = dotConfig
                    labelless.labels = []  // the legend is in the page header
                    do {
                        let dot = graph.dot(config: labelless, attributes: attributes)
                        try WorkBudget.checkpoint()
                        svg = try Graphviz.svg(fromDOT: dot)
                    } catch {
                        errors.append("\(error)")
                    }
                }
                var page = GraphPage(svg: svg)
                page.emptyMessage = context.emptyMessage
                body = page.body(renderer: renderer)
            }
        case .peek:
            // pprof's web Peek works on lines and peeks at the `f` pattern.
            context = ViewContext(input: input, base: config, query: query, command: .peek, argument: pattern) { config in
                if query[.granularity] == nil { config.granularity = .lines }
            }
            errors = context.errors
            if let report = context.report {
                // Without a pattern (or with a broad one) every function is an
                // entry: the heaviest `n` of them.
                let rows = limits.rows(query)
                let tree = report.treeReport(heaviest: rows)
                legend = ViewContext.headerLegend(tree.legend)
                var page = PeekPage(report: tree, links: links(context), pattern: pattern, search: search)
                page.moreHref = query.setting(.nodeCount, String(PageLimits.more(than: rows))).url(WebView.peek.path)
                body = page.body(renderer: renderer)
            }
        case .trend:
            context = ViewContext(input: input, base: config, query: query, command: .top)
            errors = context.errors
            legend = context.basicLegend
            body = trendBody(context, errors: &errors)
        case .goroutines:
            // Lines granularity keeps each frame's file:line.
            context = ViewContext(input: input, base: config, query: query, command: .traces) { config in
                config.granularity = .lines
            }
            errors = context.errors
            legend = context.basicLegend + legend
            if !GoroutineGroups.applies(to: input.profile) {
                body = "<p class=\"empty\">No goroutines here: this is not a goroutine profile "
                    + "(<code>/debug/pprof/goroutine</code>, or a <code>debug=2</code> dump).</p>"
            } else if context.prepared != nil {
                body = GoroutinesPage(
                    groups: goroutineGroups(context), links: links(context), limit: limits.rows(query, default: 200),
                    search: search
                ).body(renderer: renderer)
            }
        case .source:
            context = ViewContext(input: input, base: config, query: query, command: .list, argument: pattern)
            errors = context.errors
            legend = context.basicLegend
            if let report = context.report {
                if pattern == nil {
                    body = sourceIndex(query: query)
                } else {
                    do {
                        // Only files under the source roots: the page shows them to whoever opens it.
                        let access = SourceAccess.sourceRoots(
                            sourcePath: context.options.sourcePath, workingDirectory: context.options.workingDirectory)
                        let limit = limits.rows(query, default: limits.defaultRows)
                        let (listing, omitted) = try report.sourceListing(access: access).keepingHeaviest(limit)
                        sourceFiles = listing.filesRead
                        var page = SourcePage(listing: listing)
                        page.searchPath = Self.sourceSearchPath(report.options)
                        body = page.body(renderer: renderer)
                        if omitted > 0 {
                            let more = query.setting(.nodeCount, String(PageLimits.more(than: limit))).url(WebView.source.path)
                            body += "<p class=\"note\">\(omitted) more matching functions not shown (the heaviest "
                                + "\(listing.functions.count) are): <a href=\"\(Escape.html(more))\">show more</a>.</p>\n"
                        }
                    } catch let error as ProfileError {
                        errors.append(error.description)
                    } catch {
                        errors.append("\(error)")
                    }
                }
            }
        }
        if let note = input.trendLegend { legend.insert(note, at: 0) }
        if input.comparison != nil && [.top, .graph, .peek, .source].contains(view) && query[.layout] != "side" {
            // The totals here are of the difference; say so (the flame graph names base and new).
            legend.append("Values are the change: new − base")
        }
        if let searchError, view != .flamegraph { errors.append(searchError) }
        if context.report == nil && body.isEmpty {
            body = "<p class=\"empty\">Nothing to show with these options.</p>"
        }
        var header = PageHeader(
            view: view, query: query, title: context.title(fallback: input.name),
            sampleTypes: context.sampleTypeNames, sampleType: context.sampleTypeName,
            granularity: context.config.granularity.rawValue, legend: legend,
            errors: errors, isComparison: input.comparison != nil, live: live)
        if input.trend != nil { header.views.append(.trend) }
        let hasGoroutines = GoroutineGroups.applies(to: input.profile)
        if hasGoroutines { header.views.append(.goroutines) }
        header.configs = ConfigMenu.marker
        let html = renderer.page(header: header, body: body)
        var status = 200
        if (view == .trend && input.trend == nil) || (view == .goroutines && !hasGoroutines) {
            status = 404
        } else if context.badRequest || searchError != nil || errors.contains(where: { $0.hasPrefix("w=") }) {
            status = 400
        }
        var page = ViewPage(status: status, body: Array(html.utf8))
        page.sourceFiles = sourceFiles
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
            + "<a href=\"/ui/\">the flame graph</a> is the first.</p>"
        return ViewPage(status: 404, body: Array(renderer.page(header: header, body: body).utf8), cacheable: false)
    }

    /// The Source view without a function: the heaviest functions, each a
    /// link to its listing.
    func sourceIndex(query: WebQuery) -> String {
        var html = "<p class=\"note\">Pick a function (the names in Top link here too, or use Refine › Focus):</p>\n"
        let limit = limits.rows(query, default: 40)
        let (rows, links, omitted) = heaviestFunctions(query: query, limit: limit)
        guard !rows.isEmpty else { return html }
        html += "<ul class=\"pick\">\n"
        for row in rows {
            html += "<li><a href=\"\(Escape.html(links.source(row.name)))\">\(Escape.html(row.name))</a>"
            html += " <span>\(Escape.html(row.cumText)) cum</span></li>\n"
        }
        html += "</ul>\n"
        if omitted > 0 {
            let more = query.setting(.nodeCount, String(PageLimits.more(than: limit))).url(WebView.source.path)
            html += "<p class=\"note\">\(omitted) more functions not shown: <a href=\"\(Escape.html(more))\">show more</a>.</p>\n"
        }
        return html
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

    /// The fill of graph nodes that match the search (as pprof fills them).
    static let searchMatchFill = "#f5a8f0"

    /// Where the Source view looked for files: `-source_path`, else the
    /// working directory (as ``Report/sourceListing()`` searches).
    static func sourceSearchPath(_ options: ReportOptions) -> String {
        if !options.sourcePath.isEmpty { return options.sourcePath }
        if !options.workingDirectory.isEmpty { return options.workingDirectory }
        return FileManager.default.currentDirectoryPath
    }

    /// With a base, `cmp=side` on Top: each function's flat and cum in the
    /// base and in the new profile (same options on each side), by name.
    func comparisonTopRows(_ context: ViewContext) -> TopPage.Sides? {
        guard let comparison = input.comparison else { return nil }
        func rows(_ profile: Profile) -> [String: TopRow]? {
            let side = ViewContext(input: .init(profile: profile, name: input.name), base: config, query: context.query, command: .top) {
                $0.trim = false
            }
            guard let report = side.report else { return nil }
            var byName: [String: TopRow] = [:]
            for row in report.topReport().rows { byName[row.name] = row }
            return byName
        }
        guard let base = rows(comparison.base), let new = rows(comparison.new) else { return nil }
        return TopPage.Sides(base: base, new: new, formatter: context.formatter)
    }
}
