import Hummingbird
import NIOCore

/// What the server answers to requests that no route takes, and to URLs too
/// long to be links of its own.
///
/// - A path the UI serves, asked with another method, gets `405 Method Not
///   Allowed` with `Allow` (the views and static files take GET and HEAD, Refresh
///   only POST), not the 404 Hummingbird's router gives. A path that takes GET
///   takes HEAD too (RFC 9110 §9.1: every general-purpose server supports
///   both); the routers answer it as GET without the body (Hummingbird's
///   ``RouterOptions/autoGenerateHeadEndpoints``).
/// - Other paths get a plain-text 404 with `nosniff`.
/// - A request target longer than ``maxTargetBytes`` gets 414: no page needs
///   one, and every link of a page would repeat it.
struct RouteMethods: RouterMiddleware {
    typealias Context = WebRequestContext

    static let maxTargetBytes = 8 * 1024

    /// Paths (exact) and path prefixes with the methods they take.
    let exact: [String: [HTTPRequest.Method]]
    let prefixes: [(prefix: String, methods: [HTTPRequest.Method])]

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let target = request.uri.path.utf8.count + (request.uri.query?.utf8.count ?? 0)
        if target > Self.maxTargetBytes {
            return Self.plain(.uriTooLong, "request target longer than \(Self.maxTargetBytes) bytes\n")
        }
        if let allowed = allowedMethods(request.uri.path).map(Self.withHead), !allowed.contains(request.method) {
            var response = Self.plain(.methodNotAllowed, "method not allowed\n")
            response.headers[.allow] = allowed.map(\.rawValue).joined(separator: ", ")
            return response
        }
        do {
            return try await next(request, context)
        } catch let error as HTTPError where error.status == .notFound {
            return Self.plain(.notFound, "not found\n")
        }
    }

    /// The methods `path` takes, nil when the UI has no such path.
    func allowedMethods(_ path: String) -> [HTTPRequest.Method]? {
        // Hummingbird's router treats a trailing slash as absent.
        let trimmed = path.count > 1 && path.hasSuffix("/") ? String(path.dropLast()) : path
        if let methods = exact[trimmed] { return methods }
        return prefixes.first { trimmed.hasPrefix($0.prefix) && trimmed.count > $0.prefix.count }?.methods
    }

    /// `methods` with HEAD after GET, when GET is one of them.
    static func withHead(_ methods: [HTTPRequest.Method]) -> [HTTPRequest.Method] {
        methods.contains(.get) && !methods.contains(.head) ? methods.flatMap { $0 == .get ? [.get, .head] : [$0] } : methods
    }

    /// A plain-text answer with `nosniff`, never cached.
    static func plain(_ status: HTTPResponse.Status, _ text: String) -> Response {
        Response(
            status: status,
            headers: [.contentType: "text/plain; charset=utf-8", .init("X-Content-Type-Options")!: "nosniff", .cacheControl: "no-store"],
            body: .init(byteBuffer: ByteBuffer(string: text)))
    }
}
