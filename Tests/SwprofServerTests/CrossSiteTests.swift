import Foundation
import SwprofCore
import SwprofRender
import Testing

@testable import SwprofServer

/// Other sites cannot act through the visitor's browser (``CrossSiteGuard``),
/// Refresh is POST-only and same-origin, and wrong methods get 405
/// (``RouteMethods``).
@Suite(.serialized) struct CrossSiteTests {
    @Test func crossSiteSubresourcesAndFetchesAreRefused() async throws {
        try await withServer { port in
            for headers in [
                [("Sec-Fetch-Site", "cross-site"), ("Sec-Fetch-Mode", "no-cors"), ("Sec-Fetch-Dest", "image")],
                [("Sec-Fetch-Site", "same-site"), ("Sec-Fetch-Mode", "cors"), ("Sec-Fetch-Dest", "empty")],
                [("Origin", "http://evil.example")],
                [("Origin", "null")],
                [("Origin", "http://127.0.0.1:\(port)@evil.example")],
            ] {
                for target in ["/ui/top", "/ui/graph?n=500", "/ui/flamegraph", "/ui/download", "/ui/static/style.css"] {
                    let response = try await HTTPTestClient.request(port: port, "GET", target, headers: headers)
                    #expect(response.status == 403, "\(target) \(headers): \(response.status)")
                    #expect(!response.text.contains("<svg"), "\(target): a page was computed")
                }
            }
        }
    }

    @Test func aLinkFromAnotherSiteGetsALinkHereAndNothingComputed() async throws {
        try await withServer { port in
            let response = try await HTTPTestClient.request(
                port: port, "GET", "/ui/graph?n=400&f=main",
                headers: [("Sec-Fetch-Site", "cross-site"), ("Sec-Fetch-Mode", "navigate"), ("Sec-Fetch-Dest", "document")])
            #expect(response.status == 403)
            #expect(response.text.contains("href=\"/ui/graph?n=400&amp;f=main\""))
            #expect(!response.text.contains("<svg"))
            #expect(response.headers["x-content-type-options"] == "nosniff")
        }
    }

    @Test func sameOriginAndDirectRequestsPass() async throws {
        try await withServer { port in
            for headers in [
                [], [("Sec-Fetch-Site", "same-origin")], [("Sec-Fetch-Site", "none"), ("Sec-Fetch-Mode", "navigate")],
                [("Origin", "http://127.0.0.1:\(port)")],
            ] {
                let response = try await HTTPTestClient.request(port: port, "GET", "/ui/top", headers: headers)
                #expect(response.status == 200, "\(headers): \(response.status)")
            }
        }
    }

    @Test func refreshIsPostOnlyAndSameOrigin() async throws {
        let reloads = ScaledReloads()
        try await withLiveServer(reloads) { port in
            let get = try await HTTPTestClient.request(port: port, "GET", "/ui/refresh/top")
            #expect(get.status == 405)
            #expect(get.headers["allow"] == "POST")
            let refused: [[(String, String)]] = [
                [],  // no Origin, no Sec-Fetch-Site: a browser always sends one of them with a POST
                [("Origin", "http://evil.example")],
                [("Origin", "null")],
                [("Sec-Fetch-Site", "cross-site")],
                [("Sec-Fetch-Site", "same-site"), ("Origin", "http://localhost:1")],
            ]
            for headers in refused {
                let response = try await HTTPTestClient.request(port: port, "POST", "/ui/refresh/top", headers: headers)
                #expect(response.status == 403, "\(headers): \(response.status)")
            }
            #expect(reloads.count == 0, "a refused request fetched the sources")
            let allowed = try await HTTPTestClient.post(port: port, "/ui/refresh/top")
            #expect(allowed.status == 303)
            let fetchSite = try await HTTPTestClient.request(
                port: port, "POST", "/ui/refresh/top", headers: [("Sec-Fetch-Site", "same-origin")])
            #expect(fetchSite.status == 303)
            #expect(reloads.count == 2)
        }
    }

    @Test func wrongMethodsGet405AndUnknownPaths404WithNosniff() async throws {
        try await withServer { port in
            for (method, target) in [("POST", "/ui/top"), ("DELETE", "/ui/flamegraph"), ("PUT", "/ui/static/style.css"), ("POST", "/")] {
                let response = try await HTTPTestClient.request(
                    port: port, method, target, headers: [("Origin", "http://127.0.0.1:\(port)")])
                #expect(response.status == 405, "\(method) \(target): \(response.status)")
                #expect(response.headers["allow"] == "GET, HEAD")
            }
            // GET implies HEAD: the page's status and headers, no body.
            for target in ["/ui/top", "/ui/flamegraph", "/ui/static/style.css", "/ui/download"] {
                let head = try await HTTPTestClient.request(port: port, "HEAD", target)
                #expect(head.status == 200, "HEAD \(target): \(head.status)")
                #expect(head.body.isEmpty, "HEAD \(target) sent a body")
            }
            let missing = try await HTTPTestClient.get(port: port, "/nothing/here")
            #expect(missing.status == 404)
            #expect(missing.headers["x-content-type-options"] == "nosniff")
            let missingAsset = try await HTTPTestClient.get(port: port, "/ui/static/none.js")
            #expect(missingAsset.status == 404)
            #expect(missingAsset.headers["x-content-type-options"] == "nosniff")
            let css = try await HTTPTestClient.get(port: port, "/ui/static/style.css")
            #expect(css.status == 200)
            #expect(css.headers["x-content-type-options"] == "nosniff")
        }
    }

    @Test func verdicts() {
        let here = "localhost:8080"
        #expect(CrossSiteGuard.verdict(method: .get, authority: here, origin: nil, fetchSite: nil) == .allow)
        #expect(CrossSiteGuard.verdict(method: .get, authority: here, origin: "http://localhost:8080", fetchSite: nil) == .allow)
        #expect(CrossSiteGuard.verdict(method: .get, authority: here, origin: "http://LOCALHOST:8080", fetchSite: nil) == .allow)
        #expect(CrossSiteGuard.verdict(method: .get, authority: "localhost", origin: "http://localhost:80", fetchSite: nil) == .allow)
        #expect(CrossSiteGuard.verdict(method: .get, authority: here, origin: "http://localhost:8081", fetchSite: nil) != .allow)
        #expect(CrossSiteGuard.verdict(method: .get, authority: here, origin: "https://localhost:8080", fetchSite: nil) != .allow)
        #expect(CrossSiteGuard.verdict(method: .post, authority: here, origin: nil, fetchSite: nil) != .allow)
        #expect(CrossSiteGuard.verdict(method: .post, authority: here, origin: nil, fetchSite: "same-origin") == .allow)
        #expect(CrossSiteGuard.verdict(method: .post, authority: here, origin: "http://localhost:8080", fetchSite: "cross-site") != .allow)
        #expect(
            CrossSiteGuard.verdict(method: .post, authority: here, origin: nil, fetchSite: "cross-site", fetchMode: "navigate")
                != .confirmNavigation)
    }
}
