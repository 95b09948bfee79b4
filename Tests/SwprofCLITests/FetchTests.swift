import Foundation
import Testing
@testable import SwprofCLI

#if canImport(Glibc)
import Glibc
#endif

/// A one-thread HTTP/1.0 server on 127.0.0.1 for fetch tests: `/debug/pprof/NAME`
/// serves Tests/Fixtures/profiles/NAME.pb.gz; anything else is a 404 worded as
/// net/http/pprof words it. Records the request targets it saw.
final class LoopbackProfileServer: @unchecked Sendable {
    let port: UInt16
    private let fd: Int32
    private let lock = NSLock()
    private var seen: [String] = []
    private let profiles: URL
    /// How long each reply waits (a timed profile being taken).
    private let delay: TimeInterval
    /// When not empty: the files the first, second, … profile requests get
    /// (the last one from then on), a service changing between snapshots.
    private let sequence: [URL]

    var requests: [String] { lock.lock(); defer { lock.unlock() }; return seen }

    init(profiles: URL, delay: TimeInterval = 0, sequence: [URL] = []) throws {
        self.profiles = profiles
        self.delay = delay
        self.sequence = sequence
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        addr.sin_port = 0
        let bound = withUnsafePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0, listen(fd, 8) == 0 else { throw POSIXError(.EADDRINUSE) }
        var len = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &len) }
        }
        port = UInt16(bigEndian: addr.sin_port)
        self.fd = fd
        let thread = Thread { [self] in serve() }
        thread.start()
    }

    private var stopped = false

    /// Closes the listening socket; only the first call does anything (a
    /// second close could hit a descriptor another test has since opened).
    func stop() {
        lock.lock()
        defer { lock.unlock() }
        guard !stopped else { return }
        stopped = true
        shutdown(fd, Int32(SHUT_RDWR))
        close(fd)
    }

    private func serve() {
        while true {
            let client = accept(fd, nil, nil)
            if client < 0 { return }
            var request = Data()
            var buffer = [UInt8](repeating: 0, count: 4096)
            while !request.contains(Data("\r\n\r\n".utf8)) {
                let n = read(client, &buffer, buffer.count)
                if n <= 0 { break }
                request.append(contentsOf: buffer[0..<n])
            }
            let line = String(decoding: request, as: UTF8.self).split(separator: "\r\n").first ?? ""
            let target = line.split(separator: " ").dropFirst().first.map(String.init) ?? "/"
            lock.lock(); seen.append(target); let served = seen.count; lock.unlock()
            if delay > 0 { Thread.sleep(forTimeInterval: delay) }
            let path = target.split(separator: "?").first.map(String.init) ?? target
            var head: String
            var body: Data
            let name = path.hasPrefix("/debug/pprof/") ? String(path.dropFirst("/debug/pprof/".count)) : ""
            let file = sequence.isEmpty ? profiles.appendingPathComponent(name + ".pb.gz") : sequence[min(served, sequence.count) - 1]
            if !name.isEmpty, let data = try? Data(contentsOf: file) {
                head = "HTTP/1.0 200 OK\r\nContent-Type: application/octet-stream\r\n"
                body = data
            } else {
                head = "HTTP/1.0 404 Not Found\r\nContent-Type: text/plain; charset=utf-8\r\nX-Go-Pprof: 1\r\n"
                body = Data("Unknown profile\nsecond line\n".utf8)
            }
            head += "Content-Length: \(body.count)\r\nConnection: close\r\n\r\n"
            let reply = Data(head.utf8) + body
            reply.withUnsafeBytes { raw in
                var offset = 0
                while offset < raw.count {
                    let n = write(client, raw.baseAddress! + offset, raw.count - offset)
                    if n <= 0 { break }
                    offset += n
                }
            }
            close(client)
        }
    }
}

@Suite(.serialized) struct FetchTests {
    static let profiles = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/profiles")

    func temporaryDirectory() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("swprof-fetch-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }

    func run(_ args: [String], saveIn dir: URL) -> (Int32, CapturedOutput) {
        let (io, captured) = CommandIO.capturing(
            workingDirectory: dir.path, environment: ["TZ": "UTC", "PPROF_TMPDIR": dir.appendingPathComponent("saved").path])
        return (Swprof.run(arguments: args, io: io, input: ShellInput(lines: [])), captured)
    }

    @Test func adjustsURLsAsPprof() {
        #expect(ProfileURL("heap.out", seconds: -1, timeout: -1) == nil)
        #expect(ProfileURL("dir/heap.out", seconds: 5, timeout: -1) == nil)
        #expect(ProfileURL("file:heap", seconds: -1, timeout: -1) == nil)
        let plain = ProfileURL("localhost:6060/debug/pprof/heap", seconds: -1, timeout: -1)
        #expect(plain.map { [$0.url, String($0.timeout)] } == ["http://localhost:6060/debug/pprof/heap", "60"])
        let ip = ProfileURL("127.0.0.1:6060", seconds: 30, timeout: -1)
        #expect(ip.map { [$0.url, String($0.timeout)] } == ["http://127.0.0.1:6060/debug/pprof/profile?seconds=30", "45"])
        let query = ProfileURL("https://h:1/debug/pprof/profile?seconds=10&b=x y", seconds: -1, timeout: 7)
        #expect(query.map { [$0.url, String($0.timeout)] } == ["https://h:1/debug/pprof/profile?b=x+y&seconds=10", "7"])
        let fromURL = ProfileURL("http://h/debug/pprof/trace?seconds=4", seconds: -1, timeout: -1)
        #expect(fromURL?.timeout == 6)
        #expect(ProfileURL.goDuration(seconds: 30) == "30s" && ProfileURL.goDuration(seconds: 90) == "1m30s")
        #expect(ProfileURL.goDuration(seconds: 3600) == "1h0m0s")
    }

    @Test func fetchesSavesAndReadsBack() throws {
        let server = try LoopbackProfileServer(profiles: Self.profiles)
        defer { server.stop() }
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let source = "127.0.0.1:\(server.port)/debug/pprof/heap.1"
        let (status, captured) = run(["-top", source], saveIn: dir)
        #expect(status == 0)
        let saved = dir.appendingPathComponent("saved/pprof.leaky.bin.alloc_objects.alloc_space.inuse_objects.inuse_space.001.pb.gz")
        #expect(captured.stderrText == """
            Fetching profile over HTTP from http://\(source)
            Saved profile in \(saved.path)

            """)
        #expect(server.requests == ["/debug/pprof/heap.1"])
        // The same report as from the file, and from the saved copy.
        let (_, fromFile) = run(["-top", Self.profiles.appendingPathComponent("heap.1.pb.gz").path], saveIn: dir)
        let (_, fromSaved) = run(["-top", saved.path], saveIn: dir)
        #expect(captured.stdoutText == fromFile.stdoutText)
        #expect(fromSaved.stdoutText == fromFile.stdoutText)
        // A second fetch takes the next number; -seconds goes into the query.
        let (again, second) = run(["-top", "-seconds=2", "http://127.0.0.1:\(server.port)/debug/pprof/cpu"], saveIn: dir)
        #expect(again == 0)
        #expect(second.stderrText.contains("Please wait... (2s)\n"))
        #expect(second.stderrText.contains("saved/pprof.leaky.bin.samples.cpu.001.pb.gz\n"))
        #expect(server.requests.last == "/debug/pprof/cpu?seconds=2")
    }

    @Test func baseMayBeAURL() throws {
        let server = try LoopbackProfileServer(profiles: Self.profiles)
        defer { server.stop() }
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let heap1 = Self.profiles.appendingPathComponent("heap.1.pb.gz").path
        let heap3 = Self.profiles.appendingPathComponent("heap.3.pb.gz").path
        let (_, local) = run(["-top", "-base", heap1, heap3], saveIn: dir)
        let (status, remote) = run(["-top", "-base", "http://127.0.0.1:\(server.port)/debug/pprof/heap.1", heap3], saveIn: dir)
        #expect(status == 0 && remote.stdoutText == local.stdoutText)
        #expect(remote.stderrText.contains("Saved profile in "))
    }

    @Test func notFoundIsOneLine() throws {
        let server = try LoopbackProfileServer(profiles: Self.profiles)
        defer { server.stop() }
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let source = "http://127.0.0.1:\(server.port)/debug/pprof/nothing"
        let (status, captured) = run(["-top", source], saveIn: dir)
        #expect(status != 0 && captured.stdout.isEmpty)
        #expect(captured.stderrText == """
            Fetching profile over HTTP from \(source)
            \(source): server response: 404 Not Found - Unknown profile
            failed to fetch any source profiles

            """)
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("saved").path))
    }

    @Test func deadPortIsOneLine() throws {
        // A port that was just free: bind, note it, close.
        let server = try LoopbackProfileServer(profiles: Self.profiles)
        let port = server.port
        server.stop()
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let source = "127.0.0.1:\(port)/debug/pprof/heap"
        let (status, captured) = run(["-top", source], saveIn: dir)
        #expect(status != 0)
        #expect(captured.stderrText == """
            Fetching profile over HTTP from http://\(source)
            \(source): Get "http://\(source)": dial tcp 127.0.0.1:\(port): connect: connection refused
            failed to fetch any source profiles

            """)
    }

    @Test func timedFetchShowsACountdownOnlyOnATerminal() throws {
        #expect(FetchProgress.line(elapsed: 0, of: 30) == "[--------------------] 0s of 30s, 30s left")
        #expect(FetchProgress.line(elapsed: 15, of: 30) == "[##########----------] 15s of 30s, 15s left")
        #expect(FetchProgress.line(elapsed: 31, of: 30) == "Profiled 30s, waiting for the reply… 31s elapsed")
        let server = try LoopbackProfileServer(profiles: Self.profiles, delay: 1.4)
        defer { server.stop() }
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let source = "http://127.0.0.1:\(server.port)/debug/pprof/cpu"
        let saved = dir.appendingPathComponent("saved/pprof.leaky.bin.samples.cpu.001.pb.gz").path
        let (io, captured) = CommandIO.capturing(
            workingDirectory: dir.path, environment: ["TZ": "UTC", "PPROF_TMPDIR": dir.appendingPathComponent("saved").path],
            stderrIsTerminal: true)
        #expect(Swprof.run(arguments: ["-top", "-seconds=1", source], io: io, input: ShellInput(lines: [])) == 0)
        // The countdown is redrawn in place and erased before the next line.
        let erase = "\r\u{1B}[K"
        let text = captured.stderrText
        let head = "Fetching profile over HTTP from \(source)?seconds=1\nPlease wait... (1s)\n"
        let tail = "\(erase)Saved profile in \(saved)\n"
        #expect(text.hasPrefix(head + erase + "[--------------------] 0s of 1s, 1s left"))
        #expect(text.hasSuffix(tail))
        if text.hasPrefix(head) && text.hasSuffix(tail) && text.count > head.count + tail.count {
            let frames = text.dropFirst(head.count).dropLast(tail.count).components(separatedBy: erase).dropFirst()
            #expect(frames.count >= 2)
            for frame in frames {
                #expect(
                    frame == "[--------------------] 0s of 1s, 1s left" || frame.hasPrefix("Profiled 1s, waiting for the reply… "),
                    "\(frame)")
            }
        }
    }
}
