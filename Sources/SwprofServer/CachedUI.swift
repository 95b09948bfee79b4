import Foundation
import SwprofCore
import SwprofRender
import SwprofViews

/// A ``WebUI``'s pages as the server sends them: cached by the values the
/// page reads (``WebQuery/normalized``), computed on the report workers
/// within the page deadline, and stopped past it or when every request for
/// the page has gone (see ``StoppedPage``).
final class CachedUI: Sendable {
    /// The pages themselves.
    let views: WebUI
    let cache = PageCache()
    /// Called first on the worker, before a page is computed (tests hold a page there).
    nonisolated(unsafe) var renderHook: (@Sendable (WebView, WebQuery) throws -> Void)? = nil

    init(_ views: WebUI) {
        self.views = views
    }

    /// Requests waiting for a page now (the warm-up's excluded).
    let requests = RequestCount()
    /// Where the warm-up's computations pause while requests wait for pages.
    let gate = PauseGate()

    /// The page for `view` with the URL's `query`: from the cache, or
    /// computed on the report workers within `views.limits.seconds`. A
    /// `background` page (the warm-up's) is not counted in `requests`, and
    /// its computation pauses while requests wait for other pages (`gate`).
    func page(view: WebView, query: WebQuery, background: Bool = false) async -> RenderedPage {
        if !background {
            requests.add(1)
            gate.beginDemand()
        }
        defer {
            if !background {
                requests.add(-1)
                gate.endDemand()
            }
        }
        let query = query.normalized
        let key = view.rawValue + "?" + query.canonical
        return await cache.page(
            for: key, seconds: views.limits.seconds, gate: gate, background: background,
            make: { [self] budget in
                do {
                    return try await ReportWorkers.shared.run(budget: budget) { try self.render(view: view, query: query) }
                } catch let stopped as WorkStopped {
                    return RenderedPage(StoppedPage(ui: views, view: view, query: query, reason: stopped.reason).rendered())
                } catch {
                    return RenderedPage(
                        status: 500, contentType: "text/plain; charset=utf-8", body: Array("\(error)\n".utf8),
                        cacheable: false)
                }
            },
            expired: { [self] in RenderedPage(StoppedPage(ui: views, view: view, query: query, reason: .deadline).rendered()) })
    }

    /// Computes the page on the calling thread (a report worker), giving the
    /// memory a heavy page freed back to the system.
    func render(view: WebView, query: WebQuery) throws -> RenderedPage {
        try renderHook?(view, query)
        return try MemoryRelease.trimmingAfter { RenderedPage(try views.render(view: view, query: query)) }
    }

    /// `/ui/download`: the loaded profile as `profile.pb.gz`.
    func download() -> RenderedPage {
        RenderedPage(views.download())
    }

    /// The page for a path that names no view (404), with the navigation.
    func notFoundPage(path: String) -> RenderedPage {
        RenderedPage(views.notFoundPage(path: path))
    }
}

/// How many requests wait for pages.
final class RequestCount: @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0

    func add(_ delta: Int) { lock.withLock { count += delta } }
    var value: Int { lock.withLock { count } }
}
