import Foundation
import SwprofCore
import Testing

@testable import SwprofCLI

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// Profiles whose values sit at the edges of `Int64` (``ExtremeValueProfile``):
/// every report and picture succeeds, and the text reports print what
/// `go tool pprof` prints (its int64 arithmetic wraps; Swift's traps unless told).
@Suite(.serialized) struct ExtremeValueTests {
    static let directory = GoldenFixtures.root.appendingPathComponent("extreme")

    struct Case: Sendable, CustomTestStringConvertible {
        var name: String
        var arguments: [String]
        var testDescription: String { name }
    }

    static let cases: [Case] = {
        guard let text = try? String(contentsOf: directory.appendingPathComponent("cases.tsv"), encoding: .utf8) else { return [] }
        return text.split(separator: "\n").filter { !$0.hasPrefix("#") }.compactMap { line in
            let parts = line.split(separator: "\t", maxSplits: 1)
            guard parts.count == 2 else { return nil }
            return Case(name: String(parts[0]), arguments: parts[1].split(separator: " ").map(String.init))
        }
    }()

    static func run(_ arguments: [String], in directory: URL = directory) -> (status: Int32, stdout: Data, stderr: String) {
        let (io, captured) = CommandIO.capturing(workingDirectory: directory.path, environment: ["TZ": "UTC"])
        let status = Swprof.run(arguments: arguments, io: io, input: ShellInput(lines: []))
        return (status, captured.stdout, captured.stderrText)
    }

    /// The committed profiles are the builder's (set SWPROF_WRITE_EXTREME_FIXTURES to rewrite them).
    @Test func fixturesMatchTheBuilder() throws {
        for (variant, file) in [(0, "extreme.pb.gz"), (1, "extreme-new.pb.gz")] {
            let url = Self.directory.appendingPathComponent(file)
            if ProcessInfo.processInfo.environment["SWPROF_WRITE_EXTREME_FIXTURES"] != nil {
                try Data(ExtremeValueProfile.bytes(variant: variant)).write(to: url)
            }
            let committed = try ProfileParser.parse(bytes: [UInt8](try Data(contentsOf: url)), source: file)
            let built = try ProfileParser.parse(bytes: ExtremeValueProfile.bytes(variant: variant), source: "built")
            #expect(committed == built, "\(file) differs from ExtremeValueProfile.profile(variant: \(variant))")
        }
    }

    @Test func everyCaseHasPprofsOutput() {
        #expect(Self.cases.count >= 17)
    }

    @Test(arguments: cases) func printsWhatPprofPrints(_ testCase: Case) throws {
        let golden = Self.directory.appendingPathComponent("golden")
        let expected = try Data(contentsOf: golden.appendingPathComponent(testCase.name + ".txt"))
        let statusText = try String(contentsOf: golden.appendingPathComponent(testCase.name + ".status"), encoding: .utf8)
        let (status, stdout, stderr) = Self.run(testCase.arguments)
        #expect(status == Int32(statusText.trimmingCharacters(in: .whitespacesAndNewlines)), "\(testCase.name): \(stderr)")
        if stdout != expected {
            let got = String(decoding: stdout, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
            let want = String(decoding: expected, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
            let first = (0..<min(got.count, want.count)).first { got[$0] != want[$0] } ?? min(got.count, want.count)
            let mine = first < got.count ? String(got[first]) : "<end>"
            let theirs = first < want.count ? String(want[first]) : "<end>"
            Issue.record(
                "\(testCase.name): swprof \(testCase.arguments.joined(separator: " ")) differs from pprof at line \(first + 1):\n  swprof: \(mine)\n  pprof:  \(theirs)")
        }
    }

    /// Pictures have no pprof counterpart: they must be drawn, well-formed.
    @Test(arguments: [
        ["-flamegraph", "extreme.pb.gz"], ["-flamegraph", "-base=extreme.pb.gz", "extreme-new.pb.gz"],
        ["-flamegraph", "-palette=cb", "-diff_base=extreme-new.pb.gz", "extreme.pb.gz"],
        ["-flamegraph", "-sample_index=inuse_space", "extreme.pb.gz", "extreme-new.pb.gz"],
        ["-flamegraph", "-sample_index=inuse_objects", "extreme.pb.gz"],
        ["-flamegraph", "-sample_index=inuse_objects", "-base=extreme.pb.gz", "extreme-new.pb.gz"],
        ["-svg", "-sample_index=inuse_objects", "extreme.pb.gz"],
        ["-svg", "extreme.pb.gz"], ["-svg", "-base=extreme.pb.gz", "extreme-new.pb.gz"],
        ["-folded", "extreme.pb.gz"], ["-callgrind", "extreme.pb.gz"], ["-proto", "extreme.pb.gz"],
        ["-trend", "extreme.pb.gz", "extreme-new.pb.gz"], ["-trend", "-traces", "extreme-new.pb.gz", "extreme.pb.gz"],
    ])
    func picturesAreDrawn(_ arguments: [String]) {
        let (status, stdout, stderr) = Self.run(arguments)
        #expect(status == 0, "\(arguments): \(stderr)")
        #expect(!stdout.isEmpty)
        if arguments.contains("-flamegraph") || arguments.contains("-svg") {
            let parser = XMLParser(data: stdout)
            #expect(parser.parse(), "\(arguments): SVG not well-formed")
        }
    }

    /// `-html` renders every page (flame graph, Top, Graph, Source, Peek) of
    /// the same profiles, with and without a base.
    @Test func theStaticSiteIsWritten() async throws {
        let work = FileManager.default.temporaryDirectory.appendingPathComponent("swprof-extreme-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: work) }
        for (name, extra) in [("plain", [String]()), ("diff", ["-base=" + Self.directory.path + "/extreme.pb.gz"])] {
            let site = work.appendingPathComponent(name).path
            let arguments = ["-html=\(site)"] + extra + [Self.directory.path + "/extreme-new.pb.gz"]
            let (status, _, stderr) = await withCheckedContinuation { continuation in
                Thread { continuation.resume(returning: Self.run(arguments, in: work)) }.start()
            }
            #expect(status == 0, "\(name): \(stderr)")
            #expect(FileManager.default.fileExists(atPath: site + "/index.html"))
        }
    }
}
