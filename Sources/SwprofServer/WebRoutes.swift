import Hummingbird
import NIOCore
import SwprofCore
import SwprofRender
import SwprofViews
import SwprofWebAssets

/// The routes, as pprof's: `/` → `/ui/` → `/ui/flamegraph` (redirects that
/// keep the query), one route per view, `/ui/download`, and the embedded
/// static files under `/ui/static/`.
enum WebRoutes {
    /// With `live` (sources fetched over HTTP), the views show its newest
    /// snapshot and `/ui/refresh/VIEW` fetches a new one.
    static func router(
        ui: CachedUI, live: LiveSnapshots? = nil, guardLoopback: Bool, settings: SavedConfigs = SavedConfigs(environment: [:])
    ) -> Router<WebRequestContext> {
        let router = Router(context: WebRequestContext.self, options: .autoGenerateHeadEndpoints)
        if guardLoopback {
            router.add(middleware: LoopbackGuard())
        }
        router.add(middleware: methods(live: live != nil))
        router.add(middleware: CrossSiteGuard())
        router.get("/") { request, _ in
            redirect(to: "/ui/", query: request.uri.query)
        }
        // Hummingbird's router treats "/ui" and "/ui/" as one path.
        router.get("/ui") { request, _ in
            redirect(to: WebView.flamegraph.path, query: request.uri.query)
        }
        for view in WebView.allCases {
            router.get(RouterPath(view.path)) { request, _ in
                let query = WebQuery(parsing: request.uri.query ?? "").normalized
                if let target = refineTarget(view: view, query: query) {
                    return Response.redirect(to: target, type: .found)
                }
                // A client that disconnects cancels its wait (and the page's
                // computation when nobody else waits for it).
                return try await request.body.consumeWithCancellationOnInboundClose { _ in
                    guard let live else { return response(withConfigMenu(await ui.page(view: view, query: query), settings, view, query)) }
                    do {
                        let current = try await live.ui(for: query)
                        return response(withConfigMenu(await current.page(view: view, query: query), settings, view, query))
                    } catch {
                        return response(LiveSnapshots.failurePage(error, view: view, query: query, action: "compare"))
                    }
                }
            }
        }
        if let live {
            addLiveRoutes(router, live: live)
        }
        addConfigRoutes(router, ui: ui, settings: settings)
        // Any other path: a page with the navigation, not the browser's bare error.
        // (The router does not fall back from `/ui/…` to `/**`: both are needed.)
        for path in ["/**", "/ui/**"] {
            router.get(RouterPath(path)) { request, _ in
                response(ui.notFoundPage(path: request.uri.path))
            }
        }
        router.get("/ui/download") { request, _ in
            let query = WebQuery(parsing: request.uri.query ?? "")
            return response(((try? await live?.ui(for: query)) ?? ui).download())
        }
        addStaticRoutes(router)
        return router
    }

    /// `/ui/static/NAME`: the embedded style sheet and script.
    static func addStaticRoutes(_ router: Router<WebRequestContext>) {
        router.get("/ui/static/:name") { _, context in
            guard let name = context.parameters.get("name"), let file = WebAssets.files[name] else {
                return RouteMethods.plain(.notFound, "not found\n")
            }
            return Response(
                status: .ok,
                headers: [.contentType: file.contentType, .cacheControl: "no-cache", .init("X-Content-Type-Options")!: "nosniff"],
                body: .init(byteBuffer: ByteBuffer(bytes: file.bytes)))
        }
    }

    /// The methods each path takes (see ``RouteMethods``): GET for the views,
    /// redirects, download and static files; POST only for Refresh and for
    /// saving and deleting configurations.
    static func methods(live: Bool) -> RouteMethods {
        var exact: [String: [HTTPRequest.Method]] = ["/": [.get], "/ui": [.get], "/ui/download": [.get]]
        for view in WebView.allCases {
            exact[view.path] = [.get]
            if live { exact[LiveSnapshotLinks.refreshPath + view.rawValue] = [.post] }
        }
        // Saved configurations (``addConfigRoutes``).
        exact["/ui/saveconfig"] = [.post]
        exact["/ui/deleteconfig"] = [.post]
        return RouteMethods(exact: exact, prefixes: [("/ui/static/", [.get])])
    }

    /// `/ui/refresh/VIEW?QUERY` (POST only, from the UI's own pages, see
    /// ``CrossSiteGuard``): fetches the sources again, then redirects to the
    /// view with the same query; a failed fetch answers with a page that says why.
    static func addLiveRoutes(_ router: Router<WebRequestContext>, live: LiveSnapshots) {
        for view in WebView.allCases {
            let path = RouterPath(LiveSnapshotLinks.refreshPath + view.rawValue)
            let handler: @Sendable (Request, WebRequestContext) async throws -> Response = { request, _ in
                let query = WebQuery(parsing: request.uri.query ?? "").normalized
                do {
                    try await live.refresh()
                } catch {
                    return response(LiveSnapshots.failurePage(error, view: view, query: query, action: "refresh"))
                }
                return Response.redirect(to: query.url(view.path), type: .normal)
            }
            router.post(path, use: handler)
        }
    }

    /// `page` with its Config menu filled in for `view` and `query` (the
    /// cached page holds ``ConfigMenu/marker``; saved configurations change).
    static func withConfigMenu(_ page: RenderedPage, _ settings: SavedConfigs, _ view: WebView, _ query: WebQuery) -> RenderedPage {
        // The marker is in the header, near the start.
        page.replacingFirst(Array(ConfigMenu.marker.utf8), within: 1 << 16, with: settings.menu(view: view, query: query).html)
    }

    /// `POST /ui/saveconfig` (`config=NAME&view=VIEW&query=QUERY`) saves the
    /// page's options under a name; `POST /ui/deleteconfig` removes one.
    /// Both send the browser back to the page (303), or answer 400 with why.
    static func addConfigRoutes(_ router: Router<WebRequestContext>, ui: CachedUI, settings: SavedConfigs) {
        for (path, delete) in [("/ui/saveconfig", false), ("/ui/deleteconfig", true)] {
            router.post(RouterPath(path)) { request, _ in
                let body = try await request.body.collect(upTo: 1 << 16)
                let form = WebQuery(parsing: String(buffer: body))
                let view = form[.view].flatMap(WebView.init(rawValue:)) ?? .flamegraph
                let query = WebQuery(parsing: form[.query] ?? "")
                do {
                    if delete {
                        try settings.delete(name: form[.configName] ?? "")
                    } else {
                        try settings.save(name: form[.configName] ?? "", query: query, config: ui.views.config)
                    }
                } catch {
                    // The page the form was on, saying what went wrong.
                    var page = withConfigMenu(await ui.page(view: view, query: query), settings, view, query)
                    let main = Array("<main>\n".utf8)
                    if let at = page.body.firstRange(of: main) {
                        let note = "<p class=\"error\" role=\"alert\">Config: \(Escape.html("\(error)"))</p>\n"
                        page.body.insert(contentsOf: Array(note.utf8), at: at.upperBound)
                    }
                    page.status = 400
                    return response(page)
                }
                return Response.redirect(to: query.url(view.path), type: .normal)
            }
        }
    }

    /// A temporary redirect to `path` with the request's raw query.
    static func redirect(to path: String, query: String?) -> Response {
        let target = (query?.isEmpty ?? true) ? path : path + "?" + (query ?? "")
        return Response.redirect(to: target, type: .temporary)
    }

    /// The refine form submits `refine=f&re=REGEXP`; it becomes `f=REGEXP`
    /// (focus, show and show from replace their value; ignore and hide add an
    /// alternative to it, as pprof's refine menu does).
    static func refineTarget(view: WebView, query: WebQuery) -> String? {
        guard let name = query[.refine] else { return nil }
        var next = query.removing([.refine, .refineExpression])
        let valid = Set(PageHeader.refineActions.map(\.parameter))
        if let parameter = QueryParameter(rawValue: name), valid.contains(parameter), let expression = query[.refineExpression] {
            if parameter == .ignore || parameter == .hide, let existing = next[parameter] {
                next = next.setting(parameter, existing + "|" + expression)
            } else {
                next = next.setting(parameter, expression)
            }
            next = next.setting(.pivot, nil)
        }
        return next.url(view.path)
    }

    static func response(_ page: RenderedPage) -> Response {
        var headers: HTTPFields = [.contentType: page.contentType]
        headers[.cacheControl] = "no-store"
        headers[.init("X-Content-Type-Options")!] = "nosniff"
        if page.contentType.hasPrefix("text/html") {
            headers[.init("Content-Security-Policy")!] =
                "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; frame-ancestors 'none'"
        }
        if let disposition = page.disposition {
            headers[.contentDisposition] = disposition
        }
        return Response(
            status: HTTPResponse.Status(code: page.status), headers: headers, body: .init(contentsOf: page.buffers))
    }
}
