import Foundation
import SwprofCLI
import Testing

/// Traces given where they do not fit, and traces that are cut off or
/// damaged: one line on stderr naming the file, exit status 2, never a crash
/// or a hang; a trace cut off after complete generations gives their profile.
@Suite struct TraceInputTests {
    static let traces = ["blocking-go127.trace", "blocking-go119.trace", "ticker-go127.trace", "ticker-go119.trace"]

    static func bytes(_ name: String) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: TraceFixtures.root.appendingPathComponent(name)))
    }

    /// Writes `bytes` to a fresh file and runs swprof on it with `arguments`.
    static func run(_ bytes: [UInt8], _ arguments: [String]) throws -> (status: Int32, stdout: Data, stderr: String, path: String) {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("swprof-trace-\(UUID().uuidString).trace").path
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        let (status, stdout, stderr) = TraceFixtures.swprof(arguments + [path])
        return (status, stdout, stderr, path)
    }

    static func isOneLine(_ text: String) -> Bool {
        text.hasSuffix("\n") && text.dropLast().firstIndex(of: "\n") == nil
    }

    @Test func traceWithoutTraceProfileNamesTheFourKinds() {
        let (status, stdout, stderr) = TraceFixtures.swprof(["-top", "blocking-go127.trace"])
        #expect(status == 2)
        #expect(stdout.isEmpty)
        #expect(Self.isOneLine(stderr), "\(stderr)")
        #expect(stderr.hasPrefix("blocking-go127.trace: "))
        for kind in ["net", "sync", "syscall", "sched"] { #expect(stderr.contains(kind)) }
    }

    @Test func profileWhereATraceIsExpected() throws {
        let profile = TraceFixtures.root.deletingLastPathComponent().appendingPathComponent("profiles/cpu.pb.gz").path
        let (status, _, stderr) = TraceFixtures.swprof(["-top", "-trace_profile=sync", profile])
        #expect(status == 2)
        #expect(Self.isOneLine(stderr) && stderr.contains("not a Go execution trace"), "\(stderr)")
    }

    @Test func unknownTraceProfileIsRefused() {
        let (status, _, stderr) = TraceFixtures.swprof(["-top", "-trace_profile=cpu", "blocking-go127.trace"])
        #expect(status != 0)
        #expect(stderr.contains("net, sync, syscall or sched"), "\(stderr)")
    }

    @Test func unsupportedVersionAndGarbage() throws {
        for (bytes, expected) in [
            (Array("go 1.20 trace\u{0}\u{0}\u{0}".utf8) + [1, 2, 3], "unsupported trace version go 1.20"),
            (Array("go 1.".utf8), "not a Go execution trace"),
            (Array("go 1.26 trace\u{0}\u{0}\u{0}".utf8) + [7, 7, 7, 7], "corrupt batch"),
            (Array("go 1.26 trace\u{0}\u{0}\u{0}".utf8), "no events"),
            (Array("go 1.19 trace\u{0}\u{0}\u{0}".utf8) + [0xff, 0xff], "unknown event type"),
        ] {
            let r = try Self.run(bytes, ["-top", "-trace_profile=sched"])
            #expect(r.status == 2, "\(expected): exit status \(r.status)")
            #expect(Self.isOneLine(r.stderr) && r.stderr.hasPrefix(r.path + ": ") && r.stderr.contains(expected), "\(r.stderr)")
        }
    }

    /// Every cut of each trace (in steps) either fails with one line naming
    /// the file, or reads the complete generations and says that it did.
    @Test(arguments: traces)
    func cutOffTraces(_ name: String) throws {
        let whole = try Self.bytes(name)
        var partial = 0
        for length in stride(from: 0, to: whole.count, by: max(1, whole.count / 97)) {
            let r = try Self.run(Array(whole[0..<length]), ["-top", "-trace_profile=sync"])
            if r.status == 0 {
                partial += 1
                // Go 1.22+ traces mark the end of every generation, so a cut is
                // seen; an old-format trace cut between events reads as complete
                // (Go reads it so too).
                if name.contains("go127") {
                    #expect(r.stderr.contains("could not be read to its end"), "\(name) cut at \(length): \(r.stderr)")
                }
                #expect(!r.stdout.isEmpty)
            } else {
                #expect(r.status == 2, "\(name) cut at \(length): exit status \(r.status)")
                #expect(Self.isOneLine(r.stderr) && r.stderr.hasPrefix(r.path + ": "), "\(name) cut at \(length): \(r.stderr)")
            }
        }
        if name == "ticker-go127.trace" {
            #expect(partial > 0, "a trace of several generations cut in its last one keeps the others")
        }
    }

    /// A cut-off Go 1.22+ trace gives the profile of its complete generations:
    /// the same as `go tool trace -pprof` on the same bytes (recorded here
    /// from the whole trace's first generations).
    @Test func cutOffTraceKeepsCompleteGenerations() throws {
        let whole = try Self.bytes("ticker-go127.trace")
        let r = try Self.run(Array(whole[0..<(whole.count - 100)]), ["-top", "-trace_profile=sync"])
        #expect(r.status == 0, "\(r.stderr)")
        let full = TraceFixtures.swprof(["-top", "-trace_profile=sync", "ticker-go127.trace"])
        #expect(r.stdout != full.stdout, "the last generation's waits are left out")
        #expect(String(decoding: r.stdout, as: UTF8.self).hasPrefix("Type: delay\n"))
    }

    /// Bytes overwritten all over each trace: never a crash; a failure is one line.
    @Test(arguments: traces)
    func corruptedTraces(_ name: String) throws {
        let whole = try Self.bytes(name)
        var generator = SplitMix(seed: UInt64(whole.count))
        for round in 0..<60 {
            var bytes = whole
            for _ in 0..<(1 + round % 4) {
                let at = 16 + Int(generator.next() % UInt64(bytes.count - 16))
                bytes[at] = UInt8(truncatingIfNeeded: generator.next())
            }
            let r = try Self.run(bytes, ["-top", "-trace_profile=\(["net", "sync", "syscall", "sched"][round % 4])"])
            #expect(r.status == 0 || r.status == 2, "\(name) round \(round): exit status \(r.status)")
            if r.status == 2 {
                #expect(Self.isOneLine(r.stderr) && r.stderr.hasPrefix(r.path + ": "), "\(name) round \(round): \(r.stderr)")
            }
        }
    }
}
