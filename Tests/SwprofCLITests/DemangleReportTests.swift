import Foundation
import SwprofCLI
import Testing

/// A profile whose functions carry mangled C++ and Rust system names (as
/// perf-converted or agent-written profiles do; Tests/Fixtures/demangle/names.pb.gz)
/// reported in every `-symbolize=demangle=` mode, byte for byte as
/// `go tool pprof` reports it (expected/REPORT.MODE.txt, from
/// scripts/gen-demangle-fixtures.sh).
@Suite struct DemangleReportTests {
    static let directory = GoldenFixtures.root.appendingPathComponent("demangle")

    struct Case: CustomStringConvertible, Sendable {
        var report: String
        var mode: String
        var description: String { "-\(report) demangle=\(mode)" }
    }

    static let cases = ["top", "traces"].flatMap { r in
        ["default", "templates", "full", "none"].map { Case(report: r, mode: $0) }
    }

    @Test(arguments: cases)
    func matchesPprof(_ c: Case) throws {
        let expected = try String(
            contentsOf: Self.directory.appendingPathComponent("expected/\(c.report).\(c.mode).txt"), encoding: .utf8)
        let arguments = ["-\(c.report)", "-nodecount=1000", "-symbolize=demangle=\(c.mode)", "names.pb.gz"]
        let (io, captured) = CommandIO.capturing(workingDirectory: Self.directory.path, environment: ["TZ": "UTC"])
        let status = Swprof.run(arguments: arguments, io: io)
        #expect(status == 0, "\(captured.stderrText)")
        #expect(
            Bool(captured.stdoutText == expected),
            "\(c): differs from go tool pprof's\n\(OutputDiff.describe(expected: Data(expected.utf8), actual: Data(captured.stdoutText.utf8)))")
    }
}
