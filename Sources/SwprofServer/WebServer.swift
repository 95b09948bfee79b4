import Foundation
import Hummingbird
import Logging
import NIOCore
import SwprofCore
import SwprofRender
import SwprofSample
import SwprofViews

/// The web UI: `swprof -http=:8080 heap.out` serves Top, Graph, Flame Graph,
/// Peek, Source and Download pages for one loaded profile.
///
/// The CLI parses flags and loads (and merges) profiles, then calls
/// ``serve(_:configuration:log:)``. Tests and tools that need the bound port
/// call ``start(_:configuration:)`` and stop the returned server.
public enum WebServer {
    /// What the UI shows (the views' input).
    public typealias Input = ViewInput

    /// The sample profile shipped with swprof (Resources/): a real Go heap
    /// profile, served by `swprof -http=:8080` when no profile is given.
    public static func sampleInput() throws -> Input {
        let profile = try ProfileParser.parse(bytes: SampleProfile.bytes, source: "sample.heap.pb.gz")
        return Input(profile: profile, name: "sample.heap.pb.gz", download: SampleProfile.bytes)
    }

    /// How the server runs.
    public struct Configuration: Sendable {
        /// Where to listen (`-http`).
        public var address: HTTPAddress
        /// Open a browser on the UI once listening (off with `-no_browser`).
        public var openBrowser: Bool
        /// The environment consulted for `BROWSER` and `DISPLAY`.
        public var environment: [String: String]
        /// The report settings from the command line (`-sample_index`,
        /// `-focus`, `-lines`, `-source_path`, …): the defaults of every page,
        /// which the URL's parameters (`si`, `f`, `g`, …) override.
        public var config: ReportConfig
        /// For sources fetched over HTTP: fetches them again with the same
        /// flags (and saves the copy, as every fetch does). With it, pages get
        /// "Refresh" and "Compare with previous" links; nil for files.
        public var reload: (@Sendable () async throws -> Input)?
        /// Compute the landing pages in the background once listening (see
        /// `CachedUI.warmUp`); `serve` turns it on unless `SWPROF_NO_WARMUP` is set.
        public var warmUp = false
        /// Timeouts and the connection cap (``ConnectionLimits``).
        var limits = ConnectionLimits()
        /// How long a page may compute (`-http_deadline`) and how many rows
        /// growing lists show.
        public var pageLimits = PageLimits()
        /// Tests: called on the report worker before each page is computed.
        var renderHook: (@Sendable (WebView, WebQuery) throws -> Void)? = nil

        public init(
            address: HTTPAddress = HTTPAddress(), openBrowser: Bool = true,
            environment: [String: String] = ProcessInfo.processInfo.environment, config: ReportConfig = ReportConfig(),
            reload: (@Sendable () async throws -> Input)? = nil
        ) {
            self.address = address
            self.openBrowser = openBrowser
            self.environment = environment
            self.config = config
            self.reload = reload
        }
    }

    /// Serves `input` until the process ends: prints `Serving web UI on
    /// http://HOST:PORT` through `log` and opens a browser unless told not to.
    /// - Throws: ``ProfileError`` when the address cannot be bound.
    public static func serve(
        _ input: Input, configuration: Configuration, log: @escaping @Sendable (String) -> Void
    ) async throws {
        var configuration = configuration
        configuration.warmUp = configuration.environment["SWPROF_NO_WARMUP"] == nil
        try await run(try await start(input, configuration: configuration), configuration: configuration, log: log)
    }

    /// Announces `server`, opens a browser unless told not to, and waits until
    /// it stops; SIGTERM or Ctrl-C cancel its pages and end the process.
    static func run(
        _ server: RunningWebServer, configuration: Configuration, log: @escaping @Sendable (String) -> Void,
        announced: Bool = false
    ) async throws {
        guard !announced else {
            // An early server: announced, and its signal handlers installed, when it began listening.
            try await server.wait()
            return
        }
        let stopper = ShutdownSignals.install { await server.ui?.cache.cancelAll() }
        defer { stopper.cancel() }
        announce(server, configuration: configuration, log: log)
        try await server.wait()
    }

    /// Says where `server` listens and opens a browser on it unless told not to.
    static func announce(
        _ server: RunningWebServer, configuration: Configuration, log: @escaping @Sendable (String) -> Void
    ) {
        log("Serving web UI on \(server.url)\n")
        if configuration.openBrowser {
            BrowserOpener.open(server.url, environment: configuration.environment, log: log)
        }
    }

    /// Starts serving `input` and returns once the socket is listening. No
    /// page is computed first: with `warmUp`, the landing pages are computed
    /// in the background once listening, and requests meanwhile are answered
    /// as usual (a request for a page being warmed up waits for it).
    public static func start(_ input: Input, configuration: Configuration) async throws -> RunningWebServer {
        let (ui, router) = try routes(input, configuration: configuration)
        return try await listen(router, address: configuration.address, limits: configuration.limits, ui: ui) {
            if configuration.warmUp { ui.warmUp() }
        }
    }

    /// The pages of `input` and the routes that serve them.
    static func routes(_ input: Input, configuration: Configuration) throws -> (CachedUI, Router<WebRequestContext>) {
        let ui = CachedUI(try WebUI(input: input, config: configuration.config, limits: configuration.pageLimits))
        ui.renderHook = configuration.renderHook
        let live = try configuration.reload.map {
            try LiveSnapshots(first: input, config: configuration.config, limits: configuration.pageLimits, reload: $0)
        }
        let router = WebRoutes.router(
            ui: ui, live: live, guardLoopback: configuration.address.isLoopback,
            settings: SavedConfigs(environment: configuration.environment))
        return (ui, router)
    }

    /// Runs `router` on `address` with the connection `limits` and returns
    /// once the socket is listening (after calling `listening`). Stopping the
    /// server cancels `ui`'s pages still computing.
    static func listen(
        _ router: Router<WebRequestContext>, address: HTTPAddress, limits: ConnectionLimits, ui: CachedUI? = nil,
        listening: @Sendable () -> Void = {}
    ) async throws -> RunningWebServer {
        try await listen(responder: router.buildResponder(), address: address, limits: limits, ui: ui, listening: listening)
    }

    /// `listen` with any responder (the early server's, which switches to
    /// the routes once the profile is loaded).
    static func listen(
        responder: some HTTPResponder<WebRequestContext>, address: HTTPAddress, limits: ConnectionLimits,
        ui: CachedUI? = nil, listening: @Sendable () -> Void = {}
    ) async throws -> RunningWebServer {
        var logger = Logger(label: "swprof.web")
        logger.logLevel = .critical
        let (events, continuation) = AsyncStream<Result<Int, any Error>>.makeStream()
        let app = Application(
            responder: responder,
            server: limits.serverBuilder(),
            configuration: .init(
                address: .hostname(address.bindHost, port: address.port),
                availableConnectionsDelegate: limits.connectionCap()),
            onServerRunning: { channel in
                continuation.yield(.success(channel.localAddress?.port ?? 0))
            },
            logger: logger)
        let task = Task {
            do {
                try await app.run()
                continuation.finish()
            } catch {
                continuation.yield(.failure(error))
                continuation.finish()
                throw error
            }
        }
        for await event in events {
            switch event {
            case .success(let port):
                listening()
                return RunningWebServer(url: address.url(port: port), port: port, task: task, ui: ui)
            case .failure(let error):
                throw ProfileError(
                    .unavailable, "cannot serve the web UI on \(address.url(port: address.port)): \(error)", cause: error)
            }
        }
        throw ProfileError(.unavailable, "the web server stopped before it was listening")
    }
}

/// A web UI that is listening.
public final class RunningWebServer: Sendable {
    /// The UI's address, e.g. `http://localhost:8080`.
    public let url: String
    /// The port bound (the chosen one when 0 was asked for).
    public let port: Int
    private let task: Task<Void, any Error>
    private let served = ServedUI()
    /// The UI it serves (tests look at its cache); nil for a trace's site,
    /// and for an early server until its profile is loaded.
    var ui: CachedUI? { served.ui }

    init(url: String, port: Int, task: Task<Void, any Error>, ui: CachedUI?) {
        self.url = url
        self.port = port
        self.task = task
        served.ui = ui
    }

    /// An early server's UI, once its profile is loaded.
    func serve(_ ui: CachedUI) {
        served.ui = ui
    }

    /// Waits until the server stops.
    public func wait() async throws {
        try await task.value
    }

    /// Stops the server and waits for it to close: pages still computing
    /// are cancelled (they stop at their next checkpoint).
    public func stop() async {
        task.cancel()
        await ui?.cache.cancelAll()
        _ = try? await task.value
    }
}

/// The UI a server serves, set later by an early server.
private final class ServedUI: @unchecked Sendable {
    private let lock = NSLock()
    private var current: CachedUI?
    var ui: CachedUI? {
        get { lock.withLock { current } }
        set { lock.withLock { current = newValue } }
    }
}
