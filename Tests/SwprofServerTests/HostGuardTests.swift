import Foundation
import Testing

@testable import SwprofServer

/// The loopback guard reads the real target of a request: the `Host` header
/// parsed strictly, and an absolute-form request line's authority.
@Suite(.serialized) struct HostGuardTests {
    @Test func malformedAuthoritiesAreRefused() {
        for host in [
            "localhost:80@evil.com", "localhost@evil.com", "evil.com#localhost", "localhost:80:81", "localhost:99999",
            "localhost:", "local host", "[::1]evil", "[::1]:80@evil.com", "127.0.0.1.evil.com", "localhost:80/x",
        ] {
            #expect(!LoopbackGuard.allows(remoteAddress: "127.0.0.1", authority: host), "\(host)")
        }
        for host in ["localhost", "localhost:8080", "LOCALHOST:1", "127.0.0.1:80", "[::1]:8080", "[::1]", "app.localhost:9"] {
            #expect(LoopbackGuard.allows(remoteAddress: "127.0.0.1", authority: host), "\(host)")
        }
    }

    @Test func absoluteFormTargetsAreJudgedByTheirAuthority() async throws {
        try await withServer { port in
            let foreign = try await HTTPTestClient.raw(
                port: port, "GET http://evil.example/ui/top HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nConnection: close\r\n\r\n")
            #expect(foreign.status == 403)
            let tricky = try await HTTPTestClient.raw(
                port: port, "GET http://localhost:80@evil.example/ui/top HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
            #expect(tricky.status == 403)
            let twoHosts = try await HTTPTestClient.raw(
                port: port, "GET /ui/top HTTP/1.1\r\nHost: localhost\r\nHost: evil.example\r\nConnection: close\r\n\r\n")
            #expect(twoHosts.status == 403)
            let own = try await HTTPTestClient.raw(
                port: port, "GET http://127.0.0.1:\(port)/ui/top HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nConnection: close\r\n\r\n")
            #expect(own.status == 200)
            let header = try await HTTPTestClient.get(port: port, "/ui/top", host: "localhost:80@evil.com")
            #expect(header.status == 403)
        }
    }
}
