import Foundation
import Testing
@testable import SwprofCLI

/// swprof against a real Go service serving net/http/pprof (the leaky service,
/// built with the local Go toolchain during the test run). Each test starts its
/// own service and kills it when done. Where `go tool pprof` is available, the
/// saved copies are also read by it and its `-top` must equal swprof's byte for byte.
@Suite(.serialized, .enabled(if: LiveService.goTool != nil, "needs go on PATH"))
struct LiveServiceTests {
    /// One fetch's expectations: endpoint path, extra flags, the sample types
    /// pprof puts into the saved file's name, the `Type:` line and a function the
    /// report must name.
    struct Endpoint: Sendable {
        var path: String
        var flags: [String] = []
        var sampleTypes: String
        var type: String
        var function: String?
        var withScheme = true
    }

    static let endpoints: [Endpoint] = [
        Endpoint(
            path: "heap", sampleTypes: "alloc_objects.alloc_space.inuse_objects.inuse_space", type: "inuse_space",
            function: "main.leakHeap"),
        Endpoint(
            path: "allocs", flags: ["-sample_index=alloc_space"],
            sampleTypes: "alloc_objects.alloc_space.inuse_objects.inuse_space", type: "alloc_space",
            function: "main.busyWork"),
        Endpoint(
            path: "goroutine", sampleTypes: "goroutine", type: "goroutine", function: "main.leakGoroutine.func1",
            withScheme: false),
        Endpoint(path: "block", sampleTypes: "contentions.delay", type: "delay", function: "main.busyWork"),
        Endpoint(path: "mutex", sampleTypes: "contentions.delay", type: "delay", function: "main.busyWork"),
        Endpoint(path: "threadcreate", sampleTypes: "threadcreate", type: "threadcreate", function: nil, withScheme: false),
    ]

    func temporaryDirectory() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("swprof-live-run-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }

    func swprof(_ args: [String], in dir: URL) -> (Int32, CapturedOutput) {
        let (io, captured) = CommandIO.capturing(
            workingDirectory: dir.path,
            environment: ["TZ": "UTC", "PPROF_TMPDIR": dir.appendingPathComponent("saved").path, "HOME": dir.path])
        return (Swprof.run(arguments: args, io: io, input: ShellInput(lines: [])), captured)
    }

    /// `go tool pprof ARGS` with the same environment as `swprof(_:in:)`.
    func goPprof(_ args: [String], in dir: URL, withErrors: Bool = false) throws -> (Int32, String) {
        let (status, output) = try LiveService.execute(
            LiveService.pprofGo ?? "go", ["tool", "pprof"] + args,
            environment: [
                "TZ": "UTC", "PPROF_TMPDIR": dir.appendingPathComponent("go-saved").path, "HOME": dir.path,
                // The user's build cache: a Go that builds its tools on first use would redo it.
                "GOCACHE": LiveService.goCache,
            ],
            in: dir, seconds: 30, mergeErrors: withErrors)
        return (status, String(decoding: output, as: UTF8.self))
    }

    /// Makes the service leak: each `/work` request leaves a goroutine and 64 KiB behind.
    /// The heap profile shows allocations as of the last completed GC cycles, and
    /// samples one 64 KiB block in about eight, so leak enough and let GC run a little.
    func exercise(_ service: LiveService, times: Int = 100) {
        for _ in 0..<times { _ = LiveService.get(port: service.port, path: "/work") }
        usleep(300_000)
    }

    @Test func fetchesEveryProfileKind() throws {
        let service = try LiveService()
        defer { service.stop() }
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        exercise(service)
        var counters: [String: Int] = [:]
        for endpoint in Self.endpoints {
            let source = (endpoint.withScheme ? "http://" : "") + service.hostPort + "/debug/pprof/" + endpoint.path
            let (status, fetched) = swprof(["-top"] + endpoint.flags + [source], in: dir)
            #expect(status == 0, "\(endpoint.path): \(fetched.stderrText)")
            counters[endpoint.sampleTypes, default: 0] += 1
            let saved = dir.appendingPathComponent(
                "saved/pprof.leaky.\(endpoint.sampleTypes).\(String(format: "%03d", counters[endpoint.sampleTypes]!)).pb.gz")
            #expect(fetched.stderrText == """
                Fetching profile over HTTP from http://\(service.hostPort)/debug/pprof/\(endpoint.path)
                Saved profile in \(saved.path)

                """)
            let report = fetched.stdoutText
            #expect(report.hasPrefix("File: leaky\nType: \(endpoint.type)\nTime: "), "\(endpoint.path):\n\(report)")
            #expect(report.contains("\n      flat  flat%   sum%        cum   cum%\n"), "\(endpoint.path):\n\(report)")
            if let function = endpoint.function {
                #expect(report.contains(" \(function)\n") || report.contains(" \(function) (inline)\n"), "\(endpoint.path):\n\(report)")
            }
            // The saved copy reads back to the same report, in swprof and in pprof.
            let (readStatus, readBack) = swprof(["-top"] + endpoint.flags + [saved.path], in: dir)
            #expect(readStatus == 0 && readBack.stdoutText == report, "\(endpoint.path) read back")
            #expect(readBack.stderrText.isEmpty)
            if LiveService.hasGoPprof {
                let (goStatus, goReport) = try goPprof(["-top"] + endpoint.flags + [saved.path], in: dir)
                #expect(goStatus == 0)
                #expect(goReport == report, "\(endpoint.path): go tool pprof differs:\n\(goReport)\nswprof:\n\(report)")
            }
        }
    }

    @Test func cpuProfileWithSeconds() throws {
        let service = try LiveService()
        defer { service.stop() }
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let started = Date()
        let (status, fetched) = swprof(["-top", "-seconds=1", "http://\(service.hostPort)/debug/pprof/profile"], in: dir)
        #expect(status == 0, "\(fetched.stderrText)")
        #expect(Date().timeIntervalSince(started) >= 0.9)
        let saved = dir.appendingPathComponent("saved/pprof.leaky.samples.cpu.001.pb.gz")
        #expect(fetched.stderrText == """
            Fetching profile over HTTP from http://\(service.hostPort)/debug/pprof/profile?seconds=1
            Please wait... (1s)
            Saved profile in \(saved.path)

            """)
        let report = fetched.stdoutText
        #expect(report.hasPrefix("File: leaky\nType: cpu\nTime: "), "\(report)")
        #expect(report.contains("\nDuration: "))
        // Four goroutines spin in busyWork all the time.
        #expect(report.contains(" main.busyWork\n"), "\(report)")
        let (_, readBack) = swprof(["-top", saved.path], in: dir)
        #expect(readBack.stdoutText == report)
        if LiveService.hasGoPprof {
            let (_, goReport) = try goPprof(["-top", saved.path], in: dir)
            #expect(goReport == report, "go tool pprof differs:\n\(goReport)\nswprof:\n\(report)")
        }
        // Without a path, host:port means the CPU profile, as in pprof.
        let (bare, bareOut) = swprof(["-top", "-seconds=1", service.hostPort], in: dir)
        #expect(bare == 0)
        #expect(bareOut.stderrText.hasPrefix(
            "Fetching profile over HTTP from http://\(service.hostPort)/debug/pprof/profile?seconds=1\nPlease wait... (1s)\n"))
        #expect(bareOut.stderrText.hasSuffix("saved/pprof.leaky.samples.cpu.002.pb.gz\n"))
    }

    @Test func failuresAreOneLine() throws {
        let service = try LiveService()
        defer { service.stop() }
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let missing = "http://\(service.hostPort)/debug/pprof/nothing"
        let deadPort = try LiveService.freePort()
        let dead = "http://127.0.0.1:\(deadPort)/debug/pprof/heap"
        let expected = [
            missing: "\(missing): server response: 404 Not Found - Unknown profile",
            dead: "\(dead): Get \"\(dead)\": dial tcp 127.0.0.1:\(deadPort): connect: connection refused",
        ]
        for source in [missing, dead] {
            let (status, captured) = swprof(["-top", source], in: dir)
            #expect(status == 2)
            #expect(captured.stdout.isEmpty)
            let lines = captured.stderrText.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            #expect(lines == [
                "Fetching profile over HTTP from \(source)", expected[source]!, "failed to fetch any source profiles", "",
            ])
            if LiveService.hasGoPprof {
                // pprof prints the same lines (and exits 1 before Go 1.22's pprof, 2 since).
                let (goStatus, goErrors) = try goPprof(["-top", source], in: dir, withErrors: true)
                #expect(goStatus != 0)
                let goLines = goErrors.split(separator: "\n").map(String.init)
                #expect(Array(goLines.prefix(3)) == Array(lines.prefix(3)), "go tool pprof said:\n\(goErrors)")
            }
        }
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("saved").path))
    }
}
