import Foundation
import Hummingbird
import NIOCore

/// A web UI that listens before its profile is loaded (`-http` on a file:
/// large profiles take seconds to read). Until ``serve(_:configuration:log:)``
/// every request gets a short page saying the profile is loading (503 with
/// `Retry-After: 1`, reloading itself every second without JavaScript); from
/// then on, the pages of ``WebServer/start(_:configuration:)``.
public final class EarlyWebServer: Sendable {
    let server: RunningWebServer
    private let slot: ResponderSlot
    /// SIGTERM and Ctrl-C end the process also while it loads.
    private let signals: ShutdownSignals.Handlers

    /// The UI's address, e.g. `http://localhost:8080`.
    public var url: String { server.url }
    /// The port bound.
    public var port: Int { server.port }

    private let announcement: Announcement

    private init(server: RunningWebServer, slot: ResponderSlot, announcement: Announcement) {
        self.server = server
        self.slot = slot
        self.announcement = announcement
        signals = ShutdownSignals.install { await server.ui?.cache.cancelAll() }
    }

    /// Listens on `configuration.address` and from then on ends the process
    /// on SIGTERM and Ctrl-C (see ``ShutdownSignals``). After `announceAfter`
    /// seconds of loading (or when serving, if sooner) it says where it
    /// listens through `log` (`Serving web UI on http://HOST:PORT`) and opens
    /// a browser unless told not to, so that a profile that fails at once
    /// ends with its error alone, as pprof's does.
    /// - Throws: ``ProfileError`` when the address cannot be bound.
    public static func listen(
        configuration: WebServer.Configuration, announceAfter seconds: Double = 0.3,
        log: @escaping @Sendable (String) -> Void
    ) async throws -> EarlyWebServer {
        let slot = ResponderSlot()
        let server = try await WebServer.listen(
            responder: LoadingResponder(slot: slot), address: configuration.address, limits: configuration.limits)
        let early = EarlyWebServer(server: server, slot: slot, announcement: Announcement(server, configuration, log))
        if seconds <= 0 {
            early.announcement.once()
        } else {
            let announcement = early.announcement
            DispatchQueue.global().asyncAfter(deadline: .now() + seconds) { announcement.once() }
        }
        return early
    }

    /// Serves `input` from now on (with the warm-up unless `SWPROF_NO_WARMUP`
    /// is set, as ``WebServer/serve(_:configuration:log:)``) until the process ends.
    public func serve(
        _ input: WebServer.Input, configuration: WebServer.Configuration, log: @escaping @Sendable (String) -> Void
    ) async throws {
        try attach(input, configuration: configuration, warmUp: configuration.environment["SWPROF_NO_WARMUP"] == nil)
        announcement.once()
        try await WebServer.run(server, configuration: configuration, log: log, announced: true)
    }

    /// Starts serving `input` (tests call it directly).
    func attach(_ input: WebServer.Input, configuration: WebServer.Configuration, warmUp: Bool) throws {
        let (ui, router) = try WebServer.routes(input, configuration: configuration)
        server.serve(ui)
        slot.responder = router.buildResponder()
        if warmUp { ui.warmUp() }
    }

    /// Stops the server and removes its signal handlers (tests; a failed
    /// load ends the process instead).
    public func stop() async {
        signals.cancel()
        await server.stop()
    }
}

/// Says once where the server listens (and opens the browser).
private final class Announcement: @unchecked Sendable {
    private let lock = NSLock()
    private var done = false
    private let announce: @Sendable () -> Void

    init(_ server: RunningWebServer, _ configuration: WebServer.Configuration, _ log: @escaping @Sendable (String) -> Void) {
        announce = { WebServer.announce(server, configuration: configuration, log: log) }
    }

    func once() {
        let first = lock.withLock {
            defer { done = true }
            return !done
        }
        if first { announce() }
    }
}

/// Where the routes go once the profile is loaded.
private final class ResponderSlot: @unchecked Sendable {
    private let lock = NSLock()
    private var current: (any HTTPResponder<WebRequestContext>)?
    var responder: (any HTTPResponder<WebRequestContext>)? {
        get { lock.withLock { current } }
        set { lock.withLock { current = newValue } }
    }
}

/// The loading page until the slot has the routes, then the routes.
private struct LoadingResponder: HTTPResponder {
    typealias Context = WebRequestContext
    let slot: ResponderSlot

    func respond(to request: Request, context: Context) async throws -> Response {
        if let routes = slot.responder { return try await routes.respond(to: request, context: context) }
        return Response(
            status: .serviceUnavailable,
            headers: [
                .contentType: "text/html; charset=utf-8", .retryAfter: "1", .cacheControl: "no-store",
                .init("X-Content-Type-Options")!: "nosniff",
            ],
            body: .init(byteBuffer: ByteBuffer(string: Self.page)))
    }

    /// Names nothing from the profile or the request.
    static let page = """
        <!DOCTYPE html>
        <html lang="en"><head><meta charset="utf-8"><meta http-equiv="refresh" content="1">\
        <title>swprof: loading the profile</title></head>
        <body><p>swprof is loading the profile. This page reloads itself until it is ready.</p></body></html>

        """
}
