import Hummingbird
import NIOCore

/// The request context of the web UI: Hummingbird's core storage plus the
/// client's address, which the loopback guard checks.
public struct WebRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// The connected client's IP address, if the channel knows it.
    public var remoteAddress: String?

    public init(source: ApplicationRequestContextSource) {
        self.coreContext = .init(source: source)
        self.remoteAddress = source.channel.remoteAddress?.ipAddress
    }
}

/// When the UI is bound to a loopback host, refuses (403) requests from
/// clients that are not on this machine, as pprof does, and requests whose
/// `Host` is not a loopback name either: a page on another site cannot then
/// reach the UI through DNS rebinding.
struct LoopbackGuard: RouterMiddleware {
    typealias Context = WebRequestContext

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard Self.allows(remoteAddress: context.remoteAddress, authority: request.head.authority) else {
            return Response(
                status: .forbidden, headers: [.contentType: "text/plain; charset=utf-8"],
                body: .init(byteBuffer: ByteBuffer(string: "permission denied\n")))
        }
        return try await next(request, context)
    }

    /// The decision, separate for tests: the client address must be loopback,
    /// and the `Host` (when given) must be a well-formed authority naming a
    /// loopback host (``HTTPAuthority``: `localhost:80@evil.com` is not one).
    /// An absolute-form request target's authority replaces `Host` before
    /// this runs (``AbsoluteTargetHost``).
    static func allows(remoteAddress: String?, authority: String?) -> Bool {
        guard let remoteAddress, Loopback.isLoopbackAddress(remoteAddress) else { return false }
        if let authority, !authority.isEmpty {
            guard let parsed = HTTPAuthority(authority) else { return false }
            return Loopback.isLoopbackHost(parsed.host)
        }
        return true
    }
}
