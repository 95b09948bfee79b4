import Foundation
import SwprofCLI
import Testing

/// Native programs (C and C++ built with gcc/g++ -g, profiled with gperftools)
/// symbolized from their binaries: every case of Tests/Fixtures/native/cases.tsv
/// runs in that directory with `PPROF_BINARY_PATH=.` and must print what
/// `go tool pprof` printed (expected/NAME.txt, written by scripts/gen-native-fixtures.sh
/// from the committed binaries and profiles).
@Suite struct NativeSymbolizationTests {
    static let directory = GoldenFixtures.root.appendingPathComponent("native")

    struct Case: CustomStringConvertible, Sendable {
        var name: String
        var arguments: [String]
        var description: String { name }
    }

    static let cases: [Case] = {
        guard let text = try? String(contentsOf: directory.appendingPathComponent("cases.tsv"), encoding: .utf8) else {
            return []
        }
        return text.split(separator: "\n").compactMap { line in
            let fields = line.split(separator: "\t", maxSplits: 1)
            guard fields.count == 2, !line.hasPrefix("#") else { return nil }
            return Case(name: String(fields[0]), arguments: fields[1].split(separator: " ").map(String.init))
        }
    }()

    static func swprof(_ arguments: [String], environment: [String: String] = ["TZ": "UTC", "PPROF_BINARY_PATH": "."])
        -> (status: Int32, stdout: String, stderr: String)
    {
        let (io, captured) = CommandIO.capturing(workingDirectory: directory.path, environment: environment)
        let status = Swprof.run(arguments: arguments, io: io)
        return (status, captured.stdoutText, captured.stderrText)
    }

    @Test func manifestHasCases() {
        #expect(Self.cases.count >= 20)
    }

    @Test(arguments: cases)
    func matchesPprof(_ c: Case) throws {
        let expected = try String(contentsOf: Self.directory.appendingPathComponent("expected/\(c.name).txt"), encoding: .utf8)
        let pprofErr = (try? String(contentsOf: Self.directory.appendingPathComponent("expected/\(c.name).stderr"), encoding: .utf8)) ?? ""
        let (status, out, err) = Self.swprof(c.arguments)
        let command = "swprof " + c.arguments.joined(separator: " ")
        if let exit = pprofErr.split(separator: "\n").last(where: { $0.hasPrefix("exit ") }) {
            #expect("exit \(status)" == exit, "\(command): pprof's \(exit), swprof's \(status)")
        } else {
            #expect(status == 0, "\(command): exit status \(status)\n\(err)")
        }
        #expect(
            Bool(out == expected),
            "\(command): differs from go tool pprof's\n\(OutputDiff.describe(expected: Data(expected.utf8), actual: Data(out.utf8)))\n\(err)")
        // pprof's warnings about binaries (lines naming local symbolization) are swprof's too.
        let warnings = pprofErr.split(separator: "\n").filter { $0.contains("symbolization") || $0.contains("Ignoring local file") }
        for warning in warnings {
            #expect(err.contains(warning), "\(command): missing pprof's warning \(warning)\n\(err)")
        }
    }
}
