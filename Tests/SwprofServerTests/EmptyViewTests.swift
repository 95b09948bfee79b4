import SwprofViews
import Foundation
import SwprofCore
import Testing

@testable import SwprofServer

/// Views with nothing to draw say why: no samples at all, a sample type that
/// is zero everywhere, or filters that matched nothing.
@Suite(.serialized) struct EmptyViewTests {
    static let drawingViews = ["/ui/top", "/ui/flamegraph", "/ui/graph"]

    func emptyParagraphs(_ html: String) -> [String] {
        html.components(separatedBy: "<p class=\"empty\">").dropFirst().map { $0.components(separatedBy: "</p>")[0] }
    }

    @Test func profileWithoutSamplesSaysSo() async throws {
        var profile = TestProfiles.heap()
        profile.samples = []
        try await withServer(WebServer.Input(profile: profile, name: "empty.pb.gz")) { port in
            for path in Self.drawingViews {
                let page = try await HTTPTestClient.get(port: port, path)
                #expect(page.status == 200, "\(path)")
                #expect(emptyParagraphs(page.text) == ["This profile has no samples."], "\(path)")
            }
        }
    }

    @Test func sampleTypeThatIsZeroEverywhereSaysSo() async throws {
        var profile = TestProfiles.heap()
        for index in profile.samples.indices { profile.samples[index].values[1] = 0 }
        try await withServer(WebServer.Input(profile: profile, name: "zero.pb.gz")) { port in
            for path in Self.drawingViews {
                let page = try await HTTPTestClient.get(port: port, path + "?si=inuse_space")
                #expect(emptyParagraphs(page.text) == ["Every sample&#39;s inuse_space is 0; pick another sample type."], "\(path)")
                let other = try await HTTPTestClient.get(port: port, path + "?si=alloc_space")
                #expect(emptyParagraphs(other.text).isEmpty, "\(path)")
            }
        }
    }

    @Test func filterMatchingNothingSaysSo() async throws {
        try await withServer { port in
            for path in Self.drawingViews {
                let page = try await HTTPTestClient.get(port: port, path + "?f=no_such_function_anywhere")
                #expect(emptyParagraphs(page.text) == ["No samples match these options."], "\(path)")
            }
        }
    }
}
