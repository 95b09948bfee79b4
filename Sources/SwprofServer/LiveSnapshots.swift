import Foundation
import SwprofCore
import SwprofRender
import SwprofViews

/// The snapshots of a profile fetched over HTTP that the web UI shows: the
/// newest and the one before it. "Refresh" fetches the sources again through
/// the CLI's reload closure; each snapshot gets a `WebUI` (and so a page
/// cache) of its own, and the newest-against-previous comparison one more,
/// built when first asked for.
actor LiveSnapshots {
    struct Snapshot {
        var input: WebServer.Input
        var number: Int
        var fetched: Date
    }

    private let reload: @Sendable () async throws -> WebServer.Input
    private let config: ReportConfig
    private let limits: PageLimits
    private var current: Snapshot
    private var previous: Snapshot?
    private var currentUI: CachedUI
    private var comparisonUI: CachedUI?
    /// The refresh under way; a second click waits for it instead of fetching twice.
    private var refreshing: Task<WebServer.Input, any Error>?

    init(
        first input: WebServer.Input, config: ReportConfig, limits: PageLimits = PageLimits(),
        reload: @escaping @Sendable () async throws -> WebServer.Input
    ) throws {
        self.reload = reload
        self.config = config
        self.limits = limits
        let snapshot = Snapshot(input: input, number: 1, fetched: Date())
        self.current = snapshot
        self.currentUI = CachedUI(try WebUI(input: input, config: config, live: Self.links(snapshot, previous: nil, comparing: false), limits: limits))
    }

    /// The UI for a request with `query`: the newest snapshot, or with
    /// `prev=1` (and an older snapshot at hand) the newest against the previous one.
    func ui(for query: WebQuery) throws -> CachedUI {
        guard LiveSnapshotLinks.wantsPrevious(query), let previous, current.input.comparison == nil else {
            return currentUI
        }
        if let comparisonUI { return comparisonUI }
        let input = try WebServer.Input.comparing(current.input, against: previous.input)
        let ui = CachedUI(try WebUI(input: input, config: config, live: Self.links(current, previous: previous, comparing: true), limits: limits))
        comparisonUI = ui
        return ui
    }

    /// Fetches the sources again; the new profile becomes the newest
    /// snapshot and the newest the previous one. On failure nothing changes.
    func refresh() async throws {
        if let refreshing {
            _ = try await refreshing.value
            return
        }
        let task = Task { try await reload() }
        refreshing = task
        defer { refreshing = nil }
        let input = try await task.value
        let snapshot = Snapshot(input: input, number: current.number + 1, fetched: Date())
        let ui = CachedUI(try WebUI(input: input, config: config, live: Self.links(snapshot, previous: current, comparing: false), limits: limits))
        previous = current
        current = snapshot
        currentUI = ui
        comparisonUI = nil
    }

    /// How many snapshots have been taken.
    var snapshotCount: Int { current.number }

    private static func links(_ snapshot: Snapshot, previous: Snapshot?, comparing: Bool) -> LiveSnapshotLinks {
        let canCompare = snapshot.input.comparison == nil
        return LiveSnapshotLinks(
            snapshot: snapshot.number, fetched: snapshot.fetched, hasPrevious: previous != nil && canCompare,
            comparingPrevious: comparing, canCompare: canCompare)
    }

    /// The page shown when a refresh (`action` "refresh") or the comparison
    /// with the previous snapshot ("compare") fails: what went wrong, a link
    /// back to the view (still showing the last snapshot) and one to try again.
    static func failurePage(_ error: any Error, view: WebView, query: WebQuery, action: String) -> RenderedPage {
        let message = (error as? ProfileError)?.description ?? "\(error)"
        let refreshing = action == "refresh"
        let title = refreshing ? "Refresh failed" : "Comparison failed"
        let what = refreshing ? "Could not fetch the profile again" : "Could not compare with the previous snapshot"
        let backQuery = refreshing ? query : query.setting(LiveSnapshotLinks.compareParameter, nil)
        let back = Escape.html(backQuery.url(view.path))
        let again = Escape.html(query.url(LiveSnapshotLinks.refreshPath + view.rawValue))
        let html = """
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <title>\(title) · swprof</title>
            <link rel="stylesheet" href="/ui/static/style.css">
            </head>
            <body>
            <main>
            <h1>\(title)</h1>
            <p class="error" role="alert">\(what): \(Escape.html(message))</p>
            <form method="post" action="\(again)"><p><a href="\(back)">Back to the last snapshot</a> · <button type="submit">Try again</button></p></form>
            </main>
            </body>
            </html>

            """
        return RenderedPage(status: 502, body: Array(html.utf8), cacheable: false)
    }
}
