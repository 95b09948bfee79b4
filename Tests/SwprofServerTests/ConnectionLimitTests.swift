import SwprofViews
import Foundation
import NIOCore
import NIOEmbedded
import SwprofCore
import Testing

@testable import SwprofServer

#if canImport(Glibc)
    import Glibc
#endif

/// Idle and half-sent connections are closed, a client that reads nothing
/// is disconnected, and the connection cap follows the open-file limit.
@Suite(.serialized) struct ConnectionLimitTests {
    /// A server whose idle timeout is one second.
    func withQuickServer(_ body: (Int) async throws -> Void) async throws {
        var configuration = WebServer.Configuration(
            address: HTTPAddress(host: "localhost", port: 0), openBrowser: false, environment: [:])
        configuration.limits.idleTimeout = .seconds(1)
        let server = try await WebServer.start(WebServer.Input(profile: TestProfiles.heap(), name: "heap"), configuration: configuration)
        do { try await body(server.port) } catch {
            await server.stop()
            throw error
        }
        await server.stop()
    }

    /// Connects, sends `parts` (one every half second), then waits up to
    /// `wait` seconds for the server to close the connection; whether it did.
    static func serverCloses(port: Int, sending parts: [String], wait: Int) async -> Bool {
        await withCheckedContinuation { continuation in
            Thread {
                guard let fd = try? HTTPTestClient.connectedSocket(port: port) else { return continuation.resume(returning: false) }
                defer { close(fd) }
                for part in parts {
                    _ = Array(part.utf8).withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
                    usleep(500_000)
                }
                var timeout = timeval(tv_sec: wait, tv_usec: 0)
                setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
                var buffer = [UInt8](repeating: 0, count: 4096)
                while true {
                    let n = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
                    if n == 0 { return continuation.resume(returning: true) }  // closed by the server
                    if n < 0 { return continuation.resume(returning: errno == ECONNRESET) }  // timed out: still open
                }
            }.start()
        }
    }

    @Test func idleConnectionsAreClosed() async throws {
        try await withQuickServer { port in
            #expect(await Self.serverCloses(port: port, sending: [], wait: 10), "a silent connection stayed open")
        }
    }

    @Test func halfSentRequestsAreClosed() async throws {
        try await withQuickServer { port in
            let parts = ["GET /ui/top HTTP/1.1\r\n", "Host: localhost\r\n", "X-Slow: 1\r\n"]
            #expect(await Self.serverCloses(port: port, sending: parts, wait: 10), "a request head sent slowly kept the connection")
        }
    }

    @Test func keepAliveAndHTTP10ConnectionsAreClosedWhenIdle() async throws {
        try await withQuickServer { port in
            let keepAlive = "GET /ui/static/style.css HTTP/1.1\r\nHost: localhost\r\n\r\n"
            #expect(await Self.serverCloses(port: port, sending: [keepAlive], wait: 10))
            let old = "GET /ui/static/style.css HTTP/1.0\r\nHost: localhost\r\nConnection: keep-alive\r\n\r\n"
            #expect(await Self.serverCloses(port: port, sending: [old], wait: 10))
        }
    }

    @Test func aClientThatReadsNothingIsDisconnected() throws {
        let channel = EmbeddedChannel()
        let loop = channel.embeddedEventLoop
        try channel.pipeline.syncOperations.addHandler(WriteStallGuard(timeout: .seconds(30)))
        try channel.connect(to: SocketAddress(ipAddress: "127.0.0.1", port: 1)).wait()
        channel.isWritable = false
        channel.pipeline.fireChannelWritabilityChanged()
        loop.advanceTime(by: .seconds(29))
        #expect(channel.isActive)
        // Writable again in between: the clock starts over.
        channel.isWritable = true
        channel.pipeline.fireChannelWritabilityChanged()
        channel.isWritable = false
        channel.pipeline.fireChannelWritabilityChanged()
        loop.advanceTime(by: .seconds(29))
        #expect(channel.isActive)
        loop.advanceTime(by: .seconds(2))
        #expect(!channel.isActive, "a client that read nothing for 30 s kept its connection")
    }

    @Test func atTheCapTheLongestIdleConnectionMakesRoom() throws {
        let registry = IdleConnections(capacity: 3)
        let channels = (0..<3).map { _ in EmbeddedChannel() }
        for channel in channels {
            try channel.connect(to: SocketAddress(ipAddress: "127.0.0.1", port: 1)).wait()
        }
        registry.opened(channels[0])
        registry.opened(channels[1])
        registry.set(channels[0], busy: true)  // answering a request: never closed for room
        registry.set(channels[1], busy: true)
        registry.set(channels[1], busy: false)  // idle again
        registry.opened(channels[2])  // the third reaches the cap
        #expect(channels[0].isActive, "a busy connection was closed")
        #expect(!channels[1].isActive, "the idle connection was not closed to make room")
        #expect(channels[2].isActive, "the new connection was closed")
        registry.closed(channels[1])
        #expect(registry.openCount == 2)
    }

    @Test func theConnectionCapStaysUnderTheOpenFileLimit() {
        #expect(ConnectionLimits.cap(256, openFileLimit: 90) == 30)
        #expect(ConnectionLimits.cap(256, openFileLimit: 1024) == 256)
        #expect(ConnectionLimits.cap(256, openFileLimit: 6) == 4)
        #expect(ConnectionLimits.cap(256, openFileLimit: nil) == 256)
        #expect(ConnectionLimits().effectiveMaxConnections <= 256)
    }
}
