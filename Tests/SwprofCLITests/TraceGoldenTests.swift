import Foundation
import SwprofCLI
import Testing

/// One case of Tests/Fixtures/traces/golden/cases.tsv: a trace, the profile
/// kind `go tool trace -pprof` exported, and the report arguments pprof ran on it.
struct TraceGoldenCase: CustomStringConvertible, Sendable {
    let name: String
    let trace: String
    let kind: String
    let arguments: [String]

    var swprofArguments: [String] { arguments + ["-trace_profile=\(kind)", trace] }
    var description: String { name }
}

enum TraceFixtures {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/traces")
    static let golden = root.appendingPathComponent("golden")

    static let cases: [TraceGoldenCase] = {
        guard let text = try? String(contentsOf: golden.appendingPathComponent("cases.tsv"), encoding: .utf8) else { return [] }
        return text.split(separator: "\n").compactMap { line in
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            guard fields.count == 4, !line.hasPrefix("#") else { return nil }
            return TraceGoldenCase(
                name: fields[0], trace: fields[1], kind: fields[2],
                arguments: fields[3].split(separator: " ").map(String.init))
        }
    }()

    /// Runs swprof in process in the traces directory, with TZ=UTC.
    static func swprof(_ arguments: [String]) -> (status: Int32, stdout: Data, stderr: String) {
        let (io, captured) = CommandIO.capturing(workingDirectory: root.path, environment: ["TZ": "UTC"])
        let status = Swprof.run(arguments: arguments, io: io)
        return (status, captured.stdout, String(decoding: captured.stderr, as: UTF8.self))
    }

    /// A `-traces` report's blocks (the header, then one per sample). Go writes
    /// the trace profile's samples in map order, so only the set of blocks is
    /// pprof's to compare.
    static func traceBlocks(_ data: Data) -> [String] {
        let separator = "-----------+-------------------------------------------------------\n"
        let text = String(decoding: data, as: UTF8.self)
        let parts = text.components(separatedBy: separator)
        return [parts[0]] + parts.dropFirst().sorted()
    }
}

/// Reports on the four profiles of Go execution traces (Go 1.27 and 1.19
/// formats) against `go tool trace -pprof=KIND` followed by `go tool pprof`.
/// Regenerate the expectations with scripts/gen-trace-golden.sh.
@Suite struct TraceGoldenTests {
    @Test func manifestCoversBothFormatsAndAllKinds() {
        let cases = TraceFixtures.cases
        #expect(cases.count >= 30)
        for trace in ["blocking-go127.trace", "blocking-go119.trace"] {
            for kind in ["net", "sync", "syscall", "sched"] {
                #expect(cases.contains { $0.trace == trace && $0.kind == kind }, "no case for \(trace) \(kind)")
            }
        }
    }

    @Test(arguments: TraceFixtures.cases)
    func matchesGoToolTraceAndPprof(_ golden: TraceGoldenCase) throws {
        let expected = try Data(contentsOf: TraceFixtures.golden.appendingPathComponent("\(golden.name).txt"))
        let (status, stdout, stderr) = TraceFixtures.swprof(golden.swprofArguments)
        try #require(status == 0, "swprof \(golden.swprofArguments.joined(separator: " ")): exit status \(status)\n\(stderr)")
        #expect(!expected.isEmpty)
        if golden.arguments.contains("-traces") {
            #expect(TraceFixtures.traceBlocks(stdout) == TraceFixtures.traceBlocks(expected),
                    "\(golden.name): -traces blocks differ\n\(OutputDiff.describe(expected: expected, actual: stdout))")
        } else {
            #expect(Bool(stdout == expected),
                    "\(golden.name): differs from go tool pprof's\n\(OutputDiff.describe(expected: expected, actual: stdout))")
        }
    }
}
