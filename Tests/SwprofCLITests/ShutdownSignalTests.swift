import Foundation
import SwprofCore
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// SIGTERM and Ctrl-C (SIGINT) end `swprof -http` within a few seconds, also
/// while heavy pages compute: the server stops listening, cancels the pages
/// and the process exits with 128 + the signal's number (130, 143). Runs the built binary.
@Suite(.serialized) struct ShutdownSignalTests {
    static let binary = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent(".build/debug/swprof").path

    /// A profile big enough that call-tree graphs at line granularity take a while.
    static func largeProfile() -> Profile {
        var p = Profile()
        p.sampleTypes = [ValueType(type: "alloc_space", unit: "bytes")]
        let functionCount = 3000
        p.functions = (0..<functionCount).map {
            Function(id: UInt64($0 + 1), name: "pkg\($0 % 37).f\($0)", filename: "/src/pkg\($0 % 37)/f.go")
        }
        p.locations = (0..<functionCount).map {
            Location(id: UInt64($0 + 1), address: UInt64(0x1000 + $0 * 16), lines: [Line(function: $0, line: Int64($0 % 400))])
        }
        var state: UInt64 = 11
        func next(_ bound: Int) -> Int {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Int((state >> 33) % UInt64(bound))
        }
        p.samples = (0..<60_000).map { _ in
            Sample(locations: (0..<(8 + next(24))).map { _ in next(functionCount) }, values: [Int64(1 + next(100_000))])
        }
        return p
    }

    @Test(arguments: [SIGTERM, SIGINT])
    func signalEndsTheServerWhilePagesCompute(_ number: Int32) throws {
        guard FileManager.default.isExecutableFile(atPath: Self.binary) else {
            print("ShutdownSignalTests skipped: \(Self.binary) is not built (swift build first)")
            return
        }
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("swprof-shutdown-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("large.pb.gz")
        try ProfileEncoder.encode(Self.largeProfile()).write(to: file)

        let process = Process()
        process.executableURL = URL(fileURLWithPath: Self.binary)
        process.arguments = ["-http=127.0.0.1:0", "-no_browser", file.path]
        var environment = ProcessInfo.processInfo.environment
        environment["SWPROF_NO_WARMUP"] = "1"
        process.environment = environment
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        process.standardInput = FileHandle.nullDevice
        try process.run()
        // Past 30 s the process is killed (SIGKILL): the status check below fails then.
        let watchdog = DispatchWorkItem { if process.isRunning { kill(process.processIdentifier, SIGKILL) } }
        DispatchQueue.global().asyncAfter(deadline: .now() + 30, execute: watchdog)
        defer { watchdog.cancel() }

        // "Serving web UI on http://127.0.0.1:PORT"
        var banner = ""
        while !banner.contains("Serving web UI on"), process.isRunning {
            let chunk = output.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            banner += String(decoding: chunk, as: UTF8.self)
        }
        let line = banner.components(separatedBy: "\n").first { $0.hasPrefix("Serving web UI on") } ?? ""
        let port = try #require(line.split(separator: ":").last.flatMap { Int($0) }, "swprof said: \(banner)")
        // Heavy pages in flight: clients that stay connected waiting for them.
        var sockets: [Int32] = []
        for n in 0..<4 {
            sockets.append(try requestSocket(port: port, target: "/ui/graph?calltree=true&g=lines&n=\(300 + n)"))
        }
        defer { sockets.forEach { close($0) } }
        usleep(300_000)
        kill(process.processIdentifier, number)
        process.waitUntilExit()
        #expect(process.terminationReason == .exit)
        #expect(process.terminationStatus == 128 + number)
    }

    /// A loopback socket that has sent a GET for `target` (never read).
    func requestSocket(port: Int, target: String) throws -> Int32 {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        try #require(connected == 0)
        let request = Array("GET \(target) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\n\r\n".utf8)
        _ = request.withUnsafeBytes { send(fd, $0.baseAddress, $0.count, 0) }
        return fd
    }
}
