import Foundation
import Hummingbird
import NIOCore
import SwprofCore
import SwprofRender
import SwprofViews

/// The web UI for a Go execution trace (`swprof -http=:8080 trace.out`):
/// `/trace` (the landing page), `/trace/goroutines` (goroutine analysis) and
/// each of the four blocking profiles with every profile view under
/// `/trace/KIND/ui/VIEW`, served by a ``WebUI`` of its own whose links are
/// moved under that prefix.
public struct TraceWebSite: Sendable {
    let trace: ExecutionTraceProfiles
    let summary: TraceSummary
    let name: String
    let uis: [TraceProfileKind: CachedUI]

    /// `trace` must have been read with `summarize: true`.
    public init(trace: ExecutionTraceProfiles, name: String, config: ReportConfig) throws {
        self.trace = trace
        self.summary = trace.summary ?? TraceSummary()
        self.name = name
        var uis: [TraceProfileKind: CachedUI] = [:]
        for kind in TraceProfileKind.allCases {
            var input = WebServer.Input(profile: trace.profile(kind), name: "\(name) (\(kind.rawValue))")
            input.download = nil
            uis[kind] = CachedUI(try WebUI(input: input, config: config))
        }
        self.uis = uis
    }

    var facts: TracePages.Facts {
        let o = trace.outcome
        return TracePages.Facts(
            name: name, version: o.version, duration: o.endTime - o.startTime, events: o.validEventCount,
            goroutines: summary.goroutines.count, procs: summary.procs.count, gcCycles: summary.gcCount,
            userLogs: summary.userLogs, partial: trace.partialWarning(source: name))
    }

    /// The page at `path` with `query`, or nil for no such page.
    func page(path: String, query: WebQuery) async -> RenderedPage? {
        if path == "/trace" || path == "/trace/" {
            return RenderedPage(body: Array(TracePages.landing(facts).utf8))
        }
        if path == "/trace/goroutines" || path == "/trace/goroutines/" {
            let sort = query[.sort] ?? "exec"
            let html = TracePages.goroutines(summary, name: name, group: query[.group], sort: sort)
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
            return RenderedPage(status: 302, contentType: "text/plain", body: Array(Self.prefixed(target, kind).utf8))
        }
        var page = await ui.page(view: view, query: query)
        if page.contentType.hasPrefix("text/html") {
            page.body = Array(Self.moveLinks(String(decoding: page.body, as: UTF8.self), under: kind).utf8)
        }
        return page
    }

    static func prefixed(_ path: String, _ kind: TraceProfileKind) -> String {
        path.hasPrefix("/ui/") && !path.hasPrefix("/ui/static/") ? "/trace/\(kind.rawValue)" + path : path
    }

    /// A profile page's links to `/ui/...` (not its static files) moved under
    /// `/trace/KIND/`, and a link back to the trace in its header.
    static func moveLinks(_ html: String, under kind: TraceProfileKind) -> String {
        var text = html
        for attribute in ["href=\"", "action=\"", "xlink:href=\""] {
            text = text.replacingOccurrences(of: attribute + "/ui/static/", with: attribute + "\u{1}static/")
            text = text.replacingOccurrences(of: attribute + "/ui/", with: attribute + "/trace/\(kind.rawValue)/ui/")
            text = text.replacingOccurrences(of: attribute + "\u{1}static/", with: attribute + "/ui/static/")
        }
        let back = "<p class=\"trace-back\"><a href=\"/trace\">← trace</a> · \(Escape.html(kind.title)) · "
            + TraceProfileKind.allCases.map { "<a href=\"/trace/\($0.rawValue)/ui/top\">\($0.rawValue)</a>" }.joined(separator: " ")
            + "</p>"
        if let body = text.range(of: "<body") , let end = text[body.upperBound...].firstIndex(of: ">") {
            text.insert(contentsOf: back, at: text.index(after: end))
        }
        return text
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
