import SwprofViews
import Foundation
import SwprofCore
import SwprofRender
import Testing

@testable import SwprofServer

/// Runs `body` against a server on a free loopback port, then stops it.
func withServer(
    _ input: WebServer.Input = WebServer.Input(profile: TestProfiles.heap(), name: "heap.test", download: [0x1f, 0x8b, 1, 2]),
    config: ReportConfig = ReportConfig(),
    configure: (inout WebServer.Configuration) -> Void = { _ in },
    _ body: (Int) async throws -> Void
) async throws {
    var configuration = WebServer.Configuration(
        address: HTTPAddress(host: "localhost", port: 0), openBrowser: false, environment: [:], config: config)
    configure(&configuration)
    try await serving(try await WebServer.start(input, configuration: configuration), body)
}

/// Runs `body` with a started server's port, then stops it (also when `body` throws).
func serving(_ server: RunningWebServer, _ body: (Int) async throws -> Void) async throws {
    do {
        try await body(server.port)
    } catch {
        await server.stop()
        throw error
    }
    await server.stop()
}

@Suite(.serialized) struct WebServerTests {
    @Test func rootRedirectsToUIKeepingTheQuery() async throws {
        try await withServer { port in
            let root = try await HTTPTestClient.get(port: port, "/?si=alloc_space&f=main")
            #expect(root.status == 307)
            #expect(root.headers["location"] == "/ui/?si=alloc_space&f=main")
            let ui = try await HTTPTestClient.get(port: port, "/ui/?si=alloc_space&f=main")
            #expect(ui.status == 307)
            #expect(ui.headers["location"] == "/ui/flamegraph?si=alloc_space&f=main")
            let bare = try await HTTPTestClient.get(port: port, "/ui")
            #expect(bare.status == 307)
            #expect(bare.headers["location"] == "/ui/flamegraph")
        }
    }

    @Test func everyViewAnswersWithAPage() async throws {
        try await withServer { port in
            for view in WebView.reportViews {
                let response = try await HTTPTestClient.get(port: port, view.path)
                #expect(response.status == 200, "\(view.path)")
                #expect(response.headers["content-type"]?.hasPrefix("text/html") == true)
                #expect(response.text.contains("<nav class=\"views\""))
                #expect(response.text.contains("aria-current=\"page\">\(view.title)</a>"), "\(view.path)")
            }
        }
    }

    @Test func staticAssetsAreEmbedded() async throws {
        try await withServer { port in
            let css = try await HTTPTestClient.get(port: port, "/ui/static/style.css")
            #expect(css.status == 200)
            #expect(css.headers["content-type"]?.hasPrefix("text/css") == true)
            #expect(css.text.contains("svg.flame"))
            let js = try await HTTPTestClient.get(port: port, "/ui/static/swprof.js")
            #expect(js.status == 200)
            let missing = try await HTTPTestClient.get(port: port, "/ui/static/nothing.css")
            #expect(missing.status == 404)
            let unknown = try await HTTPTestClient.get(port: port, "/ui/nothing")
            #expect(unknown.status == 404)
        }
    }

    @Test func downloadServesTheProfile() async throws {
        try await withServer { port in
            let response = try await HTTPTestClient.get(port: port, "/ui/download")
            #expect(response.status == 200)
            #expect(response.body == [0x1f, 0x8b, 1, 2])
            #expect(response.headers["content-disposition"]?.contains("profile.pb.gz") == true)
        }
    }

    @Test func foreignHostHeaderIsRefusedWhenBoundToLoopback() async throws {
        try await withServer { port in
            let evil = try await HTTPTestClient.get(port: port, "/ui/flamegraph", host: "attacker.example:\(port)")
            #expect(evil.status == 403)
            let local = try await HTTPTestClient.get(port: port, "/ui/flamegraph", host: "localhost:\(port)")
            #expect(local.status == 200)
        }
    }

    @Test func loopbackPolicy() {
        #expect(LoopbackGuard.allows(remoteAddress: "127.0.0.1", authority: "localhost:8080"))
        #expect(LoopbackGuard.allows(remoteAddress: "::1", authority: "[::1]:8080"))
        #expect(LoopbackGuard.allows(remoteAddress: "127.0.0.2", authority: nil))
        #expect(LoopbackGuard.allows(remoteAddress: "::ffff:127.0.0.1", authority: "127.0.0.1:80"))
        #expect(!LoopbackGuard.allows(remoteAddress: "192.168.1.20", authority: "localhost:8080"))
        #expect(!LoopbackGuard.allows(remoteAddress: "10.0.0.1", authority: nil))
        #expect(!LoopbackGuard.allows(remoteAddress: nil, authority: "localhost"))
        #expect(!LoopbackGuard.allows(remoteAddress: "127.0.0.1", authority: "evil.example"))
    }

    @Test func httpAddressParsing() throws {
        #expect(try HTTPAddress(parsing: ":8080") == HTTPAddress(host: "localhost", port: 8080))
        #expect(try HTTPAddress(parsing: "localhost:0") == HTTPAddress(host: "localhost", port: 0))
        #expect(try HTTPAddress(parsing: "0.0.0.0:9000") == HTTPAddress(host: "0.0.0.0", port: 9000))
        #expect(try HTTPAddress(parsing: "[::1]:80") == HTTPAddress(host: "::1", port: 80))
        #expect(try HTTPAddress(parsing: "myhost:") == HTTPAddress(host: "myhost", port: 0))
        #expect(try HTTPAddress(parsing: ":8080").isLoopback)
        #expect(try !HTTPAddress(parsing: "0.0.0.0:1").isLoopback)
        #expect(HTTPAddress(host: "::1", port: 1).url(port: 8080) == "http://[::1]:8080")
        for bad in ["8080", ":99999", ":http", "[::1", "::1:80"] {
            #expect(throws: ProfileError.self, "\(bad)") { try HTTPAddress(parsing: bad) }
        }
    }

    @Test func refineFormBecomesAFilterParameter() async throws {
        try await withServer { port in
            let focus = try await HTTPTestClient.get(port: port, "/ui/top?si=alloc_space&refine=f&re=main%5C.handler")
            #expect(focus.status == 302)
            #expect(focus.headers["location"] == "/ui/top?si=alloc_space&f=main%5C.handler")
            let ignore = try await HTTPTestClient.get(port: port, "/ui/flamegraph?i=runtime&refine=i&re=strings")
            #expect(ignore.headers["location"] == "/ui/flamegraph?i=runtime%7Cstrings")
        }
    }

    @Test func boundPortInUseIsASentence() async throws {
        try await withServer { port in
            let configuration = WebServer.Configuration(
                address: HTTPAddress(host: "localhost", port: port), openBrowser: false, environment: [:])
            await #expect(throws: ProfileError.self) {
                let second = try await WebServer.start(
                    WebServer.Input(profile: TestProfiles.heap(), name: "x"), configuration: configuration)
                await second.stop()
            }
        }
    }
}
