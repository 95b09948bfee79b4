import SwprofViews
import Foundation
import SwprofCore
import Testing

@testable import SwprofServer

#if canImport(Glibc)
    import Glibc
#endif

/// This machine's first IPv4 address that is not loopback (e.g. the address
/// of eth0), or nil when it has none.
private let externalIPv4: String? = {
    var list: UnsafeMutablePointer<ifaddrs>? = nil
    guard getifaddrs(&list) == 0, let first = list else { return nil }
    defer { freeifaddrs(list) }
    var entry: UnsafeMutablePointer<ifaddrs>? = first
    while let current = entry {
        defer { entry = current.pointee.ifa_next }
        guard let address = current.pointee.ifa_addr, address.pointee.sa_family == sa_family_t(AF_INET) else { continue }
        var text = [CChar](repeating: 0, count: Int(INET_ADDRSTRLEN))
        let ok = address.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { ipv4 -> Bool in
            var raw = ipv4.pointee.sin_addr
            return inet_ntop(AF_INET, &raw, &text, socklen_t(text.count)) != nil
        }
        let name = String(decoding: text.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        if ok && !Loopback.isLoopbackAddress(name) { return name }
    }
    return nil
}()

/// `-http=:PORT` must not be reachable from other machines: these tests
/// connect through the machine's own external address, which the server sees
/// as a non-loopback client.
@Suite(.serialized, .enabled(if: externalIPv4 != nil, "this machine has no non-loopback IPv4 address"))
struct NonLoopbackClientTests {
    func start(host: String) async throws -> RunningWebServer {
        let configuration = WebServer.Configuration(
            address: HTTPAddress(host: host, port: 0), openBrowser: false, environment: [:])
        return try await WebServer.start(
            WebServer.Input(profile: TestProfiles.heap(), name: "heap.test"), configuration: configuration)
    }

    @Test func defaultBindIsUnreachableFromAnExternalAddress() async throws {
        let external = try #require(externalIPv4)
        let server = try await start(host: "localhost")
        let local = try await HTTPTestClient.get(port: server.port, "/ui/top")
        #expect(local.status == 200)
        await #expect(throws: HTTPTestClient.Failure.self) {
            _ = try await HTTPTestClient.get(port: server.port, "/ui/top", address: external)
        }
        await server.stop()
    }

    @Test func explicitHostServesExternalClients() async throws {
        let external = try #require(externalIPv4)
        for host in ["0.0.0.0", external] {
            let server = try await start(host: host)
            let response = try await HTTPTestClient.get(port: server.port, "/ui/top", address: external)
            #expect(response.status == 200, "bound to \(host)")
            #expect(response.text.contains("<nav class=\"views\""))
            await server.stop()
        }
    }
}
