import Foundation
import SwprofCore
import SwprofViews
import Testing

@testable import SwprofServer

/// `-http` listens before its profile is loaded: requests meanwhile get a
/// bounded "loading" answer that works without JavaScript, then the pages.
@Suite(.serialized) struct EarlyWebServerTests {
    @Test func pagesRequestedWhileLoadingSayItAndReloadThemselves() async throws {
        let configuration = WebServer.Configuration(
            address: HTTPAddress(host: "localhost", port: 0), openBrowser: false, environment: [:])
        let lines = LogLines()
        let early = try await EarlyWebServer.listen(configuration: configuration, announceAfter: 0, log: { lines.append($0) })
        #expect(lines.all == ["Serving web UI on \(early.url)\n"])
        for path in ["/ui/top", "/ui/flamegraph?si=alloc_space", "/", "/ui/download", "/nothing"] {
            let page = try await HTTPTestClient.get(port: early.port, path, timeout: 10)
            #expect(page.status == 503, "\(path)")
            #expect(page.headers["retry-after"] == "1", "\(path)")
            #expect(page.text.contains("<meta http-equiv=\"refresh\" content=\"1\">"), "\(path)")
            #expect(page.text.contains("loading the profile"), "\(path)")
            #expect(page.text.utf8.count < 1024, "\(path)")
        }
        try early.attach(
            WebServer.Input(profile: TestProfiles.heap(), name: "heap.test"), configuration: configuration, warmUp: false)
        let top = try await HTTPTestClient.get(port: early.port, "/ui/top", timeout: 30)
        #expect(top.status == 200)
        #expect(top.text.contains("heap.test") || top.text.contains("<table"))
        #expect(try await HTTPTestClient.get(port: early.port, "/nothing", timeout: 10).status == 404)
        #expect(early.server.ui != nil)
        await early.stop()
        #expect(lines.all.count == 1, "announced once")
    }

    /// A load that ends at once (a bad file) ends with its error alone: the
    /// address is said only after a while, or when the profile is served.
    @Test func theAddressIsSaidAfterAWhileOrWhenServing() async throws {
        let configuration = WebServer.Configuration(
            address: HTTPAddress(host: "localhost", port: 0), openBrowser: false, environment: [:])
        let lines = LogLines()
        let early = try await EarlyWebServer.listen(configuration: configuration, announceAfter: 60, log: { lines.append($0) })
        #expect(lines.all.isEmpty)
        #expect(try await HTTPTestClient.get(port: early.port, "/ui/top", timeout: 10).status == 503)
        let serving = Task {
            try await early.serve(
                WebServer.Input(profile: TestProfiles.heap(), name: "heap.test"), configuration: configuration, log: { lines.append($0) })
        }
        for _ in 0..<500 where lines.all.isEmpty { try await Task.sleep(nanoseconds: 10_000_000) }
        #expect(lines.all == ["Serving web UI on \(early.url)\n"])
        #expect(try await HTTPTestClient.get(port: early.port, "/ui/top", timeout: 30).status == 200)
        await early.stop()
        _ = await serving.result
    }
}

/// Lines a server logged.
private final class LogLines: @unchecked Sendable {
    private let lock = NSLock()
    private var lines: [String] = []
    func append(_ line: String) { lock.withLock { lines.append(line) } }
    var all: [String] { lock.withLock { lines } }
}
