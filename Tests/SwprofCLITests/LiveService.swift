import Foundation
@testable import SwprofCLI

#if canImport(Glibc)
import Glibc
#endif

/// The leaky Go service of Tests/Fixtures/source/leaky (go.mod + main.go), built with the
/// local `go` into a temporary directory and run on 127.0.0.1 with a free port.
/// `stop()` kills it with SIGKILL (tests call it in a `defer`).
final class LiveService: @unchecked Sendable {
    /// The `go` executable found on PATH, if any.
    static let goTool: String? = {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        for dir in path.split(separator: ":") {
            let candidate = "\(dir)/go"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }()

    /// The Go build cache of the user running the tests.
    static let goCache: String = {
        let environment = ProcessInfo.processInfo.environment
        if let cache = environment["GOCACHE"], !cache.isEmpty { return cache }
        return (environment["HOME"] ?? NSHomeDirectory()) + "/.cache/go-build"
    }()

    /// The Go whose pprof to compare against: `$GO`, else `go` on the PATH.
    static let pprofGo: String? = ProcessInfo.processInfo.environment["GO"].flatMap {
        FileManager.default.isExecutableFile(atPath: $0) ? $0 : nil
    } ?? goTool

    /// Whether `go tool pprof` is available to compare against, and is the Go that made
    /// the goldens (another version prints other bytes).
    static let hasGoPprof: Bool = {
        guard let go = pprofGo, let pprof = GoPprof.shared, pprof.go.path == go else { return false }
        return pprof.madeTheGoldens
    }()

    static let sourceDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/source/leaky")

    let directory: URL
    let port: UInt16
    private let process: Process

    /// `host:port` of the service.
    var hostPort: String { "127.0.0.1:\(port)" }

    /// Builds and starts the service, waiting (bounded) until `/debug/pprof/` answers.
    init() throws {
        guard let go = Self.goTool else { throw LiveServiceError("go is not on PATH") }
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("swprof-live-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        self.directory = directory
        let binary = directory.appendingPathComponent("leaky").path
        let build = try Self.execute(
            go, ["build", "-o", binary, "."],
            environment: [
                "GOCACHE": directory.appendingPathComponent("gocache").path,
                "GOPATH": directory.appendingPathComponent("gopath").path,
                "HOME": directory.path, "GOPROXY": "off", "GOFLAGS": "",
            ],
            in: Self.sourceDirectory, seconds: 120)
        guard build.status == 0 else {
            throw LiveServiceError("go build failed: \(String(decoding: build.output, as: UTF8.self))")
        }
        var lastError = "no attempt"
        for _ in 0..<3 {
            let port = try Self.freePort()
            let process = Process()
            process.executableURL = URL(fileURLWithPath: binary)
            process.arguments = ["-addr", "127.0.0.1:\(port)"]
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            let deadline = Date().addingTimeInterval(10)
            while Date() < deadline, process.isRunning {
                if Self.get(port: port, path: "/debug/pprof/")?.status == 200 {
                    self.port = port
                    self.process = process
                    return
                }
                usleep(50_000)
            }
            lastError = process.isRunning ? "no answer on port \(port) within 10 s" : "exited on port \(port)"
            Self.kill(process)
        }
        try? FileManager.default.removeItem(at: directory)
        throw LiveServiceError("the leaky service did not start: \(lastError)")
    }

    /// Kills the service and removes its directory.
    func stop() {
        Self.kill(process)
        try? FileManager.default.removeItem(at: directory)
    }

    /// Ends a process with SIGKILL (it cannot be ignored) and reaps it.
    static func kill(_ process: Process) {
        if process.isRunning { _ = Glibc.kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
    }

    /// A port that was free a moment ago on 127.0.0.1.
    static func freePort() throws -> UInt16 {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw POSIXError(.EMFILE) }
        defer { close(fd) }
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        addr.sin_port = 0
        let bound = withUnsafePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0 else { throw POSIXError(.EADDRINUSE) }
        var len = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &len) }
        }
        return UInt16(bigEndian: addr.sin_port)
    }

    /// A plain HTTP/1.0 GET on 127.0.0.1 with 5-second socket timeouts:
    /// the status code and body, or nil when nothing answered.
    static func get(port: UInt16, path: String) -> (status: Int, body: Data)? {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var timeout = timeval(tv_sec: 5, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        addr.sin_port = port.bigEndian
        let connected = withUnsafePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else { return nil }
        let request = Array("GET \(path) HTTP/1.0\r\nHost: 127.0.0.1:\(port)\r\n\r\n".utf8)
        guard request.withUnsafeBytes({ write(fd, $0.baseAddress, $0.count) }) == request.count else { return nil }
        var reply = Data()
        var buffer = [UInt8](repeating: 0, count: 16384)
        while true {
            let n = read(fd, &buffer, buffer.count)
            if n <= 0 { break }
            reply.append(contentsOf: buffer[0..<n])
        }
        guard let headEnd = reply.range(of: Data("\r\n\r\n".utf8)) else { return nil }
        let statusLine = String(decoding: reply[..<headEnd.lowerBound], as: UTF8.self).split(separator: "\r\n").first ?? ""
        let fields = statusLine.split(separator: " ")
        guard fields.count >= 2, let status = Int(fields[1]) else { return nil }
        return (status, Data(reply[headEnd.upperBound...]))
    }

    /// Runs a program to completion (killed after `seconds`), returning its exit
    /// status and standard output; standard error is appended to the output only
    /// when `mergeErrors` is set.
    @discardableResult
    static func execute(
        _ program: String, _ arguments: [String], environment: [String: String], in directory: URL? = nil,
        seconds: Int, mergeErrors: Bool = true
    ) throws -> (status: Int32, output: Data) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: program)
        process.arguments = arguments
        var env = ProcessInfo.processInfo.environment
        for (key, value) in environment { env[key] = value }
        process.environment = env
        if let directory { process.currentDirectoryURL = directory }
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = mergeErrors ? pipe : FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let watchdog = DispatchWorkItem { if process.isRunning { _ = Glibc.kill(process.processIdentifier, SIGKILL) } }
        DispatchQueue.global().asyncAfter(deadline: .now() + .seconds(seconds), execute: watchdog)
        let output = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        watchdog.cancel()
        return (process.terminationStatus, output)
    }
}

/// Why the live service could not be built or started.
struct LiveServiceError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
