import SwprofViews
import Foundation
import SwprofCore
import SwprofRender
import Testing

@testable import SwprofServer

/// The web server on profiles whose values sit at the edges of `Int64`
/// (``ExtremeValueProfile``): it survives its warm-up (which pre-renders the
/// flame graph), every view of every sample type, a comparison, and a
/// Refresh that brings such a profile.
@Suite(.serialized) struct ExtremeValueServerTests {
    static func input(variant: Int = 0) throws -> WebServer.Input {
        let bytes = ExtremeValueProfile.bytes(variant: variant, timeNanos: variant == 0 ? Int64.max : Int64.min)
        return WebServer.Input(profile: try ProfileParser.parse(bytes: bytes, source: "extreme.pb.gz"), name: "extreme", download: bytes)
    }

    static let queries = [
        "", "?si=alloc_objects", "?si=inuse_space", "?si=inuse_objects", "?si=inuse_objects&p=main.zero", "?g=lines", "?g=addresses", "?f=main.big", "?q=main", "?p=main.min",
        "?p=main.min&cmp=side", "?palette=cb", "?mean=true", "?n=2", "?nf=0.9",
    ]

    func everyView(port: Int) async throws {
        for view in WebView.reportViews {
            for query in Self.queries {
                let response = try await HTTPTestClient.get(port: port, view.path + query)
                #expect(response.status == 200, "\(view.path + query): \(response.status)")
            }
        }
    }

    @Test func warmUpAndEveryViewSurvive() async throws {
        var configuration = WebServer.Configuration(
            address: HTTPAddress(host: "localhost", port: 0), openBrowser: false, environment: [:])
        configuration.warmUp = true
        let server = try await WebServer.start(try Self.input(), configuration: configuration)
        defer { Task { await server.stop() } }
        try await everyView(port: server.port)
        await server.stop()
    }

    @Test func comparisonsSurvive() async throws {
        let input = try WebServer.Input.comparing(try Self.input(variant: 1), against: try Self.input(variant: 0))
        try await withServer(input) { port in try await everyView(port: port) }
    }

    @Test func aRefreshThatBringsExtremeValuesSurvives() async throws {
        var configuration = WebServer.Configuration(
            address: HTTPAddress(host: "localhost", port: 0), openBrowser: false, environment: [:],
            reload: { try Self.input(variant: 1) })
        configuration.warmUp = true
        let server = try await WebServer.start(try Self.input(), configuration: configuration)
        defer { Task { await server.stop() } }
        let refresh = try await HTTPTestClient.post(port: server.port, "/ui/refresh/flamegraph")
        #expect(refresh.status == 303)
        try await everyView(port: server.port)
        for view in WebView.reportViews {
            let compared = try await HTTPTestClient.get(port: server.port, view.path + "?prev=1")
            #expect(compared.status == 200, "\(view.path)?prev=1")
        }
        await server.stop()
    }
}
