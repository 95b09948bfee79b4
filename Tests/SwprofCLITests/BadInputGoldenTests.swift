import Foundation
import SwprofCLI
import Testing

/// Damaged profiles (Tests/Fixtures/bad-inputs, written by scripts/gen-bad-inputs.py) and
/// what Go 1.27.3's pprof says about each: swprof prints the same stderr, byte for byte,
/// and exits with the same status (and, for the few pprof accepts, the same report).
@Suite struct BadInputGoldenTests {
    static let directory = GoldenFixtures.root.appendingPathComponent("bad-inputs")

    static var names: [String] {
        let all = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        return all.filter { $0 != "expected" }.sorted()
    }

    @Test func theCasesAreThere() {
        #expect(Self.names.count >= 50)
    }

    @Test(arguments: names) func sameWordsAndStatusAsPprof(name: String) throws {
        let expected = try String(
            contentsOf: Self.directory.appendingPathComponent("expected/\(name).txt"), encoding: .utf8)
        let (io, captured) = CommandIO.capturing(workingDirectory: Self.directory.path, environment: ["TZ": "UTC"])
        let status = Swprof.run(arguments: ["-top", name], io: io)
        #expect(captured.stderrText + "exit \(status)\n" == expected)
        let stdoutFile = Self.directory.appendingPathComponent("expected/\(name).stdout.txt")
        if FileManager.default.fileExists(atPath: stdoutFile.path) {
            #expect(captured.stdoutText == (try String(contentsOf: stdoutFile, encoding: .utf8)))
        }
    }
}
