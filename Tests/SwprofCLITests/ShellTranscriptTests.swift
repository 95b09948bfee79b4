import Foundation
import Testing
@testable import SwprofCLI

/// The interactive shell against `go tool pprof` fed the same lines
/// (scripts/gen-shell-golden.sh made Tests/Fixtures/shell): stdout (prompts
/// and reports) and stderr (banner, listings, help, errors) byte for byte.
@Suite struct ShellTranscriptTests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures")
    static let shell = fixtures.appendingPathComponent("shell")
    static let profiles = fixtures.appendingPathComponent("profiles")

    static var cases: [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: shell.path)) ?? []
        return names.filter { $0.hasSuffix(".in") }.map { String($0.dropLast(3)) }.sorted()
    }

    /// The typed lines: split at newlines; a last line without one still counts.
    static func lines(_ text: String) -> [String] {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if lines.last == "" { lines.removeLast() }
        return lines
    }

    @Test func thereAreTranscripts() {
        #expect(Self.cases.count >= 10)
    }

    @Test(arguments: cases) func transcriptMatchesPprof(name: String) throws {
        let read = { (suffix: String) in
            try String(contentsOf: Self.shell.appendingPathComponent(name + suffix), encoding: .utf8)
        }
        let args = try read(".args").split(separator: "\n").map { arg -> String in
            let path = Self.profiles.appendingPathComponent(String(arg)).path
            return FileManager.default.fileExists(atPath: path) ? path : String(arg)
        }
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("swprof-shell-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let (io, captured) = CommandIO.capturing(
            workingDirectory: dir.path,
            environment: ["TZ": "UTC", "PPROF_BINARY_PATH": "/nonexistent/pprof/binaries", "PPROF_TMPDIR": dir.path])
        let status = Swprof.run(arguments: args, io: io, input: ShellInput(lines: Self.lines(try read(".in"))))
        #expect(status == 0)
        let cwd = { (text: String) in text.replacingOccurrences(of: "@CWD@", with: dir.path) }
        #expect(captured.stdoutText == cwd(try read(".out")))
        #expect(Self.withoutSwprofOnlyCommands(captured.stderrText) == cwd(try read(".err")))
    }

    /// Commands swprof has and pprof 1.19 has not; their `help` lines are the
    /// one deliberate difference from pprof's transcripts.
    static let swprofOnlyCommands = ["folded"]

    /// `text` without the help-listing lines of `swprofOnlyCommands`.
    static func withoutSwprofOnlyCommands(_ text: String) -> String {
        text.split(separator: "\n", omittingEmptySubsequences: false).filter { line in
            !swprofOnlyCommands.contains { line.hasPrefix("    \($0) ") }
        }.joined(separator: "\n")
    }

    @Test func filesWrittenByTheShell() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("swprof-shell-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let heap = Self.profiles.appendingPathComponent("heap.1.pb.gz").path
        let (io, captured) = CommandIO.capturing(workingDirectory: dir.path)
        _ = Swprof.run(arguments: [heap], io: io, input: ShellInput(lines: ["svg", "proto", "top2 >top.txt"]))
        let svg = try String(contentsOf: dir.appendingPathComponent("profile001.svg"), encoding: .utf8)
        #expect(svg.contains("<svg") && svg.contains("main.leakHeap"))
        let proto = try Data(contentsOf: dir.appendingPathComponent("profile001.pb.gz"))
        #expect(proto.starts(with: [0x1f, 0x8b]))
        let top = try String(contentsOf: dir.appendingPathComponent("top.txt"), encoding: .utf8)
        #expect(top.contains("main.leakHeap"))
        #expect(captured.stderrText.contains("Generating report in top.txt\n"))
    }
}
