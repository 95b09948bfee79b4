import SwprofViews
import Foundation
import SwprofCore
import SwprofRender
import Testing

@testable import SwprofServer

/// A reload closure whose n-th call returns the test heap scaled by n + 1,
/// or fails while `failing` is set.
final class ScaledReloads: @unchecked Sendable {
    private let lock = NSLock()
    private var calls = 0
    var failing = false

    var count: Int { lock.lock(); defer { lock.unlock() }; return calls }

    func next() throws -> WebServer.Input {
        lock.lock()
        defer { lock.unlock() }
        if failing { throw ProfileError(.unreadable, "server response: 503 Service Unavailable - <busy>") }
        calls += 1
        return WebServer.Input(profile: TestProfiles.heap(scale: Int64(calls + 1)), name: "heap")
    }
}

/// Runs `body` against a server whose sources reload through `reloads`.
func withLiveServer(_ reloads: ScaledReloads, _ body: (Int) async throws -> Void) async throws {
    let configuration = WebServer.Configuration(
        address: HTTPAddress(host: "localhost", port: 0), openBrowser: false, environment: [:],
        reload: { try reloads.next() })
    let server = try await WebServer.start(
        WebServer.Input(profile: TestProfiles.heap(scale: 1), name: "heap"), configuration: configuration)
    do {
        try await body(server.port)
    } catch {
        await server.stop()
        throw error
    }
    await server.stop()
}

/// The page from `<main>` on: what a view shows, without the header, and
/// with the `prev` parameter its links carry removed.
func mainPart(_ html: String) -> String {
    guard let start = html.range(of: "<main>") else { return "" }
    return String(html[start.lowerBound...]).replacingOccurrences(of: "&amp;prev=1", with: "")
        .replacingOccurrences(of: "?prev=1&amp;", with: "?").replacingOccurrences(of: "?prev=1\"", with: "\"")
}

@Suite(.serialized) struct LiveSnapshotTests {
    @Test func filesGetNoLiveLinks() async throws {
        try await withServer { port in
            let page = try await HTTPTestClient.get(port: port, "/ui/top")
            #expect(!page.text.contains("Refresh"))
            #expect(!page.text.contains("Compare with previous"))
            let refresh = try await HTTPTestClient.post(port: port, "/ui/refresh/top")
            #expect(refresh.status == 404)
        }
    }

    @Test func refreshShowsTheNewSnapshotAndComparesWithThePrevious() async throws {
        let reloads = ScaledReloads()
        var expected: [Int64: String] = [:]
        for scale: Int64 in [1, 2] {
            try await withServer(WebServer.Input(profile: TestProfiles.heap(scale: scale), name: "heap")) { port in
                expected[scale] = mainPart(try await HTTPTestClient.get(port: port, "/ui/top?si=alloc_space").text)
            }
        }
        #expect(expected[1] != expected[2])
        try await withLiveServer(reloads) { port in
            let first = try await HTTPTestClient.get(port: port, "/ui/top?si=alloc_space")
            #expect(first.text.contains("action=\"/ui/refresh/top?si=alloc_space\""))
            #expect(first.text.contains("<span class=\"static disabled\""))
            #expect(first.text.contains("Snapshot 1, fetched "))
            #expect(mainPart(first.text) == expected[1])

            let refresh = try await HTTPTestClient.post(port: port, "/ui/refresh/top?si=alloc_space")
            #expect(refresh.status == 303)
            #expect(refresh.headers["location"] == "/ui/top?si=alloc_space")
            #expect(reloads.count == 1)

            let second = try await HTTPTestClient.get(port: port, "/ui/top?si=alloc_space")
            #expect(second.text.contains("Snapshot 2, fetched "))
            #expect(mainPart(second.text) == expected[2])
            #expect(second.text.contains("href=\"/ui/top?si=alloc_space&amp;prev=1\""))
            #expect(second.text.contains(">Compare with previous</a>"))

            // Scale 2 against scale 1 leaves the numbers of scale 1.
            let compared = try await HTTPTestClient.get(port: port, "/ui/top?si=alloc_space&prev=1")
            #expect(compared.status == 200)
            #expect(compared.text.contains(">Show newest only</a>"))
            #expect(compared.text.contains("Snapshot 2 − snapshot 1"))
            #expect(compared.text.contains("Base and new side by side"))
            #expect(mainPart(compared.text) == expected[1])

            // The diff flame graph draws the new profile against the base.
            let flame = try await HTTPTestClient.get(port: port, "/ui/flamegraph?prev=1")
            #expect(flame.status == 200)
            let plainFlame = try await HTTPTestClient.get(port: port, "/ui/flamegraph")
            #expect(mainPart(flame.text) != mainPart(plainFlame.text))
        }
    }

    @Test func aFailedRefreshSaysWhyAndKeepsTheLastSnapshot() async throws {
        let reloads = ScaledReloads()
        try await withLiveServer(reloads) { port in
            let before = try await HTTPTestClient.get(port: port, "/ui/top")
            reloads.failing = true
            let failed = try await HTTPTestClient.post(port: port, "/ui/refresh/top?f=main")
            #expect(failed.status == 502)
            #expect(failed.text.contains("Could not fetch the profile again: server response: 503 Service Unavailable - &lt;busy&gt;"))
            #expect(failed.text.contains("href=\"/ui/top?f=main\">Back to the last snapshot</a>"))
            #expect(failed.text.contains("action=\"/ui/refresh/top?f=main\"><p>"))
            let after = try await HTTPTestClient.get(port: port, "/ui/top")
            #expect(after.status == 200)
            #expect(after.text == before.text)
            // No previous snapshot yet: `prev=1` shows the newest alone.
            let compared = try await HTTPTestClient.get(port: port, "/ui/top?prev=1")
            #expect(mainPart(compared.text) == mainPart(before.text))
            reloads.failing = false
            let again = try await HTTPTestClient.post(port: port, "/ui/refresh/flamegraph")
            #expect(again.status == 303 && again.headers["location"] == "/ui/flamegraph")
        }
    }

    @Test func concurrentRefreshesFetchOnce() async throws {
        let reloads = ScaledReloads()
        try await withLiveServer(reloads) { port in
            async let a = HTTPTestClient.post(port: port, "/ui/refresh/top")
            async let b = HTTPTestClient.post(port: port, "/ui/refresh/top")
            let (ra, rb) = try await (a, b)
            #expect(ra.status == 303 && rb.status == 303)
            #expect(reloads.count >= 1 && reloads.count <= 2)
            let page = try await HTTPTestClient.get(port: port, "/ui/top")
            #expect(page.text.contains("Snapshot \(reloads.count + 1), fetched"))
        }
    }

    @Test func sourcesComparedWithABaseOfferNoSecondComparison() async throws {
        let base = TestProfiles.heap(scale: 1), new = TestProfiles.heap(scale: 2)
        let input = try WebServer.Input.comparing(
            WebServer.Input(profile: new, name: "heap"), against: WebServer.Input(profile: base, name: "heap"))
        let configuration = WebServer.Configuration(
            address: HTTPAddress(host: "localhost", port: 0), openBrowser: false, environment: [:], reload: { input })
        let server = try await WebServer.start(input, configuration: configuration)
        defer { Task { await server.stop() } }
        let refresh = try await HTTPTestClient.post(port: server.port, "/ui/refresh/top")
        #expect(refresh.status == 303)
        let page = try await HTTPTestClient.get(port: server.port, "/ui/top?prev=1")
        #expect(page.text.contains(">Refresh</button>"))
        #expect(page.text.contains("Snapshot 2, fetched"))
        #expect(!page.text.contains("Compare with previous"))
        #expect(!page.text.contains("Show newest only"))
        await server.stop()
    }
}
