import SwprofViews
import Foundation
import SwprofCore
import SwprofRender
import Testing

@testable import SwprofServer

/// A server to look at while working on the pages (screenshots with headless
/// Chromium): `SWPROF_PREVIEW_SECONDS=300 swift test --filter PreviewServer`
/// serves the test profile on http://127.0.0.1:18080 (or
/// `SWPROF_PREVIEW_PORT`) for that many seconds. Skipped otherwise.
@Suite struct PreviewServer {
    static let seconds = Int(ProcessInfo.processInfo.environment["SWPROF_PREVIEW_SECONDS"] ?? "") ?? 0
    static let port = Int(ProcessInfo.processInfo.environment["SWPROF_PREVIEW_PORT"] ?? "") ?? 18080

    @Test(.enabled(if: seconds > 0)) func serveForAWhile() async throws {
        let plain = try WebServer.sampleInput()
        let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures/profiles")
        let base = try ProfileParser.parse(Data(contentsOf: fixtures.appendingPathComponent("heap.1.pb.gz")), source: "heap.1")
        let new = try ProfileParser.parse(Data(contentsOf: fixtures.appendingPathComponent("heap.3.pb.gz")), source: "heap.3")
        var negated = base
        negated.samples = base.samples.map { var s = $0; s.values = s.values.map { -$0 }; return s }
        let combined = try Profile.merge([new, negated])
        let compared = WebServer.Input(profile: combined, name: "heap.3.pb.gz", comparison: (base, new))
        let first = try await WebServer.start(
            plain, configuration: .init(address: HTTPAddress(host: "localhost", port: Self.port), openBrowser: false, environment: [:]))
        let second = try await WebServer.start(
            compared, configuration: .init(address: HTTPAddress(host: "localhost", port: Self.port + 1), openBrowser: false, environment: [:]))
        let page = try await HTTPTestClient.get(port: first.port, "/ui/flamegraph")
        #expect(page.status == 200)
        try await Task.sleep(for: .seconds(Self.seconds))
        await first.stop()
        await second.stop()
    }
}
