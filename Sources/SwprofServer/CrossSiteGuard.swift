import Hummingbird
import NIOCore
import SwprofRender

/// Refuses requests that another site makes through the visitor's browser.
///
/// A page on any site can make the browser send requests to the UI on
/// loopback: images, frames, scripts' `fetch`, forms. Browsers say where a
/// request comes from in `Sec-Fetch-Site` (all current ones) and `Origin`
/// (every POST, and cross-origin fetches). With them:
///
/// - a request another site started (`Sec-Fetch-Site: cross-site` or
///   `same-site`, or an `Origin` that is not this server's) gets 403 and
///   computes nothing; when it is a top-level navigation (a link followed
///   from another site) the answer is a small page with a link to the same
///   address, which works once clicked here;
/// - requests that change state (POST: Refresh fetches the sources and saves
///   a copy) must say they come from this origin (`Origin` equal to the
///   request's own, or `Sec-Fetch-Site: same-origin`). Browsers always do;
///   other clients add `Origin: http://HOST:PORT`.
///
/// Requests without either header (curl, scripts, a typed address in an old
/// browser) are plain GETs from the user and pass.
struct CrossSiteGuard: RouterMiddleware {
    typealias Context = WebRequestContext

    enum Verdict: Equatable {
        case allow
        /// A link from another site: answer with a page that links here.
        case confirmNavigation
        case refuse(String)
    }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let verdict = Self.verdict(
            method: request.method, authority: request.head.authority,
            origin: request.headers[.origin], fetchSite: request.headers[Self.secFetchSite],
            fetchMode: request.headers[Self.secFetchMode], fetchDestination: request.headers[Self.secFetchDest])
        switch verdict {
        case .allow:
            return try await next(request, context)
        case .confirmNavigation:
            return Self.confirmationPage(target: request.uri.path + (request.uri.query.map { "?" + $0 } ?? ""))
        case .refuse(let reason):
            return Self.forbidden(reason)
        }
    }

    static let secFetchSite = HTTPFields.Element.Name("Sec-Fetch-Site")!
    static let secFetchMode = HTTPFields.Element.Name("Sec-Fetch-Mode")!
    static let secFetchDest = HTTPFields.Element.Name("Sec-Fetch-Dest")!

    /// The decision, separate for tests.
    static func verdict(
        method: HTTPRequest.Method, authority: String?, origin: String?, fetchSite: String?, fetchMode: String? = nil,
        fetchDestination: String? = nil
    ) -> Verdict {
        let site = fetchSite?.lowercased()
        let originIsOurs = origin.map { isSameOrigin($0, authority: authority) }
        let safe = method == .get || method == .head
        if site == "cross-site" || site == "same-site" || originIsOurs == false {
            if safe && fetchMode?.lowercased() == "navigate" && (fetchDestination ?? "document").lowercased() == "document"
                && originIsOurs != false
            {
                return .confirmNavigation
            }
            return .refuse("cross-site request refused")
        }
        if !safe && site != "same-origin" && originIsOurs != true {
            return .refuse("a \(method.rawValue) must come from this page (Origin or Sec-Fetch-Site: same-origin)")
        }
        return .allow
    }

    /// Whether an `Origin` value (`http://localhost:8080`) names the server
    /// the request was sent to (its `Host`). `null` and anything unparsable are not.
    static func isSameOrigin(_ origin: String, authority: String?) -> Bool {
        guard let authority, !authority.isEmpty else { return false }
        let lowered = origin.lowercased()
        guard lowered.hasPrefix("http://") else { return false }
        let originAuthority = lowered.dropFirst("http://".count)
        guard !originAuthority.contains("/") else { return false }
        return HTTPAuthority(originAuthority, defaultPort: 80) == HTTPAuthority(authority.lowercased(), defaultPort: 80)
    }

    static func forbidden(_ reason: String) -> Response {
        Response(
            status: .forbidden,
            headers: [.contentType: "text/plain; charset=utf-8", .init("X-Content-Type-Options")!: "nosniff", .cacheControl: "no-store"],
            body: .init(byteBuffer: ByteBuffer(string: reason + "\n")))
    }

    /// The answer to a link followed from another site: nothing computed, a
    /// link to the same address (same-origin once clicked).
    static func confirmationPage(target: String) -> Response {
        let href = Escape.html(target.hasPrefix("/") && !target.hasPrefix("//") ? target : "/ui/")
        let html = """
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><title>swprof</title>
            <link rel="stylesheet" href="/ui/static/style.css"></head>
            <body><main><p>This link was opened from another site. <a href="\(href)">Open it in swprof</a></p></main></body></html>

            """
        return Response(
            status: .forbidden,
            headers: [
                .contentType: "text/html; charset=utf-8", .init("X-Content-Type-Options")!: "nosniff", .cacheControl: "no-store",
                .init("Content-Security-Policy")!: "default-src 'self'; frame-ancestors 'none'",
            ],
            body: .init(byteBuffer: ByteBuffer(string: html)))
    }
}
