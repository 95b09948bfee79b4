import Foundation
import Hummingbird
import NIOCore
import SwprofCore
import SwprofRender
import SwprofViews

/// The web UI for a Go execution trace (`swprof -http=:8080 trace.out`):
/// `/trace` (the landing page), `/trace/goroutines` (goroutine analysis) and
/// each of the four blocking profiles with every profile view under
/// `/trace/KIND/ui/VIEW`, served by a ``WebUI`` of its own whose links lead
/// under that prefix.
public struct TraceWebSite: Sendable {
    let trace: ExecutionTraceProfiles
    let summary: TraceSummary
    let name: String
    let uis: [TraceProfileKind: CachedUI]
    /// The timeline, tasks, regions, logs and MMU, computed once.
    let views: TraceViews
    let names: [Int64: String]
    let mmu: [TraceMMUPage.Curve]
    let taskGroups: [TraceAnnotationGroup]
    let regionGroups: [TraceAnnotationGroup]

    /// `trace` must have been read with `summarize: true`.
    public init(trace: ExecutionTraceProfiles, name: String, config: ReportConfig) throws {
        self.trace = trace
        self.summary = trace.summary ?? TraceSummary()
        self.name = name
        var uis: [TraceProfileKind: CachedUI] = [:]
        for kind in TraceProfileKind.allCases {
            var input = WebServer.Input(profile: trace.profile(kind), name: "\(name) (\(kind.rawValue))")
            input.download = nil
            let ui = try WebUI(
                input: input, config: config, links: .server(prefix: "/trace/\(kind.rawValue)"),
                banner: { links in Self.backLink(kind, links: links) })
            uis[kind] = CachedUI(ui)
        }
        self.uis = uis
        let views = trace.views ?? TraceViews()
        self.views = views
        var names: [Int64: String] = [:]
        for (id, g) in summary.goroutines { names[id] = g.name }
        self.names = names
        mmu = [
            TraceMMUPage.Curve(title: "System", points: TraceMMUCurve(views.utilization.series).plot()),
            TraceMMUPage.Curve(title: "Per proc", points: TraceMMUCurve(views.perProcUtilization.series).plot()),
        ]
        taskGroups = views.annotations.taskGroups()
        regionGroups = views.annotations.regionGroups(traceStart: trace.outcome.startTime, traceEnd: trace.outcome.endTime)
    }

    var traceStart: Int64 { views.timeline.start }
    var traceEnd: Int64 { views.timeline.end }

    func annotationContext(_ links: PageLinks) -> TraceAnnotationPages.Context {
        var taskNames: [UInt64: String] = [:]
        for (id, task) in views.annotations.tasks { taskNames[id] = task.name }
        var context = TraceAnnotationPages.Context(name: name, traceStart: traceStart, traceEnd: traceEnd, taskNames: taskNames)
        context.links = links
        return context
    }

    /// The pages of the timeline, MMU, tasks, regions and logs; nil for another path.
    func viewPage(path: String, query: WebQuery, links: PageLinks) -> RenderedPage? {
        func html(_ text: String, _ status: Int = 200) -> RenderedPage { RenderedPage(status: status, body: Array(text.utf8)) }
        // Numbers in the query: a value that is not one makes the page a 400 (drawn with the default).
        var bad = false
        func number(_ key: String) -> Int64? {
            guard let text = query[raw: key], !text.isEmpty else { return nil }
            guard let value = Int64(text) else { bad = true; return nil }
            return value
        }
        let status = { bad ? 400 : 200 }
        switch path {
        case "/trace/timeline", "/trace/timeline/":
            let window = TraceTimelineWindow.clamped(
                from: number("start"), to: number("end"), traceStart: traceStart, traceEnd: traceEnd)
            let width = Int(min(max(number("w") ?? Int64(TraceTimelinePage.defaultWidth), Int64(TraceTimelinePage.widths.lowerBound)),
                                Int64(TraceTimelinePage.widths.upperBound)))
            var input = TraceTimelinePage.Input(
                name: name, timeline: views.timeline, window: window, width: width, focus: number("g"),
                firstLane: Int(min(max(number("lane") ?? 0, 0), 1 << 30)), names: names)
            input.links = links
            return html(TraceTimelinePage.page(input), status())
        case "/trace/mmu", "/trace/mmu/":
            return html(TraceMMUPage.page(name: name, traceStart: traceStart, traceEnd: traceEnd, curves: mmu, links: links))
        case "/trace/tasks", "/trace/tasks/", "/trace/regions", "/trace/regions/":
            let kind: TraceAnnotationPages.Kind = path.hasPrefix("/trace/tasks") ? .tasks : .regions
            let groups = kind == .tasks ? taskGroups : regionGroups
            guard let type = query[raw: "type"] else { return html(TraceAnnotationPages.groups(kind, groups, annotationContext(links))) }
            let pc = kind == .regions ? UInt64(query[raw: "pc"] ?? "0", radix: 16) : nil
            let group = groups.first { $0.name == type && (kind == .tasks || ($0.frame?.pc ?? 0) == pc) }
            let rows = Int(min(max(number("n") ?? Int64(TraceAnnotationPages.defaultRows), 1), Int64(TraceAnnotationPages.maxRows)))
            let page = TraceAnnotationPages.instances(kind, group, annotationContext(links), requested: type, rows: rows)
            return html(page, group == nil ? 404 : status())
        case "/trace/logs", "/trace/logs/":
            let from = Int(min(max(number("from") ?? 0, 0), Int64(TraceUserAnnotations.maxLogs)))
            let rows = Int(min(max(number("n") ?? Int64(TraceAnnotationPages.defaultRows), 1), Int64(TraceAnnotationPages.maxRows)))
            return html(TraceAnnotationPages.logs(views.annotations, annotationContext(links), from: from, rows: rows), status())
        default:
            return nil
        }
    }

    var facts: TracePages.Facts {
        let o = trace.outcome
        return TracePages.Facts(
            name: name, version: o.version, duration: o.endTime - o.startTime, events: o.validEventCount,
            goroutines: summary.goroutines.count, procs: summary.procs.count, gcCycles: summary.gcCount,
            userLogs: summary.userLogs, partial: trace.partialWarning(source: name),
            tasks: views.annotations.tasks.count, regions: views.annotations.regions.count)
    }

    /// The page at `path` with `query`, or nil for no such page; its links
    /// made by `links` (the server's unless a static site's).
    func page(path: String, query: WebQuery, links: PageLinks = .server()) async -> RenderedPage? {
        if path == "/trace" || path == "/trace/" {
            return RenderedPage(body: Array(TracePages.landing(facts, links: links).utf8))
        }
        if let page = viewPage(path: path, query: query, links: links) { return page }
        if path == "/trace/goroutines" || path == "/trace/goroutines/" {
            let sort = query[.sort] ?? "exec"
            let html = TracePages.goroutines(summary, name: name, group: query[.group], sort: sort,
                                             trace: (traceStart, traceEnd), links: links)
            // A column that does not exist: the page sorted by the default, with status 400.
            let known = TracePages.columns.contains { $0.0 == sort }
            return RenderedPage(status: known ? 200 : 400, body: Array(html.utf8))
        }
        let parts = path.split(separator: "/", omittingEmptySubsequences: true)
        // `/trace/KIND` and `/trace/KIND/ui`: the profile's first view, as `/ui/` is.
        if (parts.count == 2 || (parts.count == 3 && parts[2] == "ui")), parts[0] == "trace",
            let kind = TraceProfileKind(rawValue: String(parts[1]))
        {
            return RenderedPage(
                status: 302, contentType: "text/plain", body: Array(query.url("/trace/\(kind.rawValue)/ui/flamegraph").utf8))
        }
        guard parts.count == 4, parts[0] == "trace", parts[2] == "ui", let kind = TraceProfileKind(rawValue: String(parts[1])),
            let ui = uis[kind]
        else { return nil }
        if parts[3] == "download" { return ui.download() }
        guard let view = WebView(rawValue: String(parts[3])), WebView.reportViews.contains(view) else { return nil }
        if let target = WebRoutes.refineTarget(view: view, query: query) {
            let moved = PageLinks.server(prefix: "/trace/\(kind.rawValue)").href(target) ?? target
            return RenderedPage(status: 302, contentType: "text/plain", body: Array(moved.utf8))
        }
        return await ui.page(view: view, query: query)
    }

    /// The line atop a profile's pages: back to the trace, and to the other profiles.
    static func backLink(_ kind: TraceProfileKind, links: PageLinks) -> String {
        "<p class=\"trace-back\"><a \(links.attribute("/trace"))>← trace</a> · \(Escape.html(kind.title)) · "
            + TraceProfileKind.allCases.map { "<a \(links.attribute("/trace/\($0.rawValue)/ui/top"))>\($0.rawValue)</a>" }
            .joined(separator: " ") + "</p>"
    }
}

extension WebServer {
    /// Serves the web UI for a trace until the process ends.
    public static func serveTrace(
        _ site: TraceWebSite, configuration: Configuration, log: @escaping @Sendable (String) -> Void
    ) async throws {
        try await run(try await startTrace(site, configuration: configuration), configuration: configuration, log: log)
    }

    /// Starts serving the trace's web UI; returns once listening.
    public static func startTrace(_ site: TraceWebSite, configuration: Configuration) async throws -> RunningWebServer {
        let router = Router(context: WebRequestContext.self, options: .autoGenerateHeadEndpoints)
        if configuration.address.isLoopback {
            router.add(middleware: LoopbackGuard())
        }
        router.add(middleware: CrossSiteGuard())
        router.get("/") { _, _ in Response.redirect(to: "/trace", type: .temporary) }
        router.get("/ui") { _, _ in Response.redirect(to: "/trace", type: .temporary) }
        let handler: @Sendable (Request, WebRequestContext) async throws -> Response = { request, _ in
            let query = WebQuery(parsing: request.uri.query ?? "")
            guard let page = await site.page(path: request.uri.path, query: query) else {
                let html = TracePages.notFound(path: request.uri.path, name: site.name)
                return WebRoutes.response(RenderedPage(status: 404, body: Array(html.utf8), cacheable: false))
            }
            if page.status == 302 {
                return Response.redirect(to: String(decoding: page.body, as: UTF8.self), type: .found)
            }
            return WebRoutes.response(page)
        }
        router.get("/trace", use: handler)
        router.get("/trace/goroutines", use: handler)
        for view in ["timeline", "mmu", "tasks", "regions", "logs"] {
            router.get(RouterPath("/trace/" + view), use: handler)
        }
        router.get("/trace/:kind/ui/:view", use: handler)
        WebRoutes.addStaticRoutes(router)
        // A profile's bare path (redirected to its first view), and any other
        // path: a page with links to the trace's pages.
        for path in ["/trace/:kind", "/trace/:kind/ui", "/**", "/ui/**"] {
            router.get(RouterPath(path), use: handler)
        }
        return try await listen(router, address: configuration.address, limits: configuration.limits)
    }
}
