import Foundation
import Testing
@testable import SwprofCLI

/// Error paths of the whole command, run in process.
@Suite struct CLIErrorTests {
    func run(_ args: [String], cwd: String = FileManager.default.currentDirectoryPath) -> (Int32, String, String) {
        let (io, captured) = CommandIO.capturing(workingDirectory: cwd)
        let status = Swprof.run(arguments: args, io: io)
        return (status, captured.stdoutText, captured.stderrText)
    }

    @Test func missingFileIsOneLineNamingIt() {
        let (status, out, err) = run(["-top", "/nonexistent/file"])
        #expect(status == 2)
        #expect(out.isEmpty)
        #expect(err == "/nonexistent/file: stat /nonexistent/file: no such file or directory\nfailed to fetch any source profiles\n")
    }

    @Test func directoryIsOneLineNamingIt() {
        let dir = FileManager.default.temporaryDirectory.path
        let (status, _, err) = run(["-top", dir])
        #expect(status == 2)
        #expect(err == "\(dir): read \(dir): is a directory\nfailed to fetch any source profiles\n")
    }

    @Test func relativePathsResolveAgainstTheWorkingDirectory() {
        let (status, _, err) = run(["-top", "missing.pb.gz"], cwd: "/tmp")
        #expect(status == 2)
        #expect(err == "missing.pb.gz: stat missing.pb.gz: no such file or directory\nfailed to fetch any source profiles\n")
    }

    @Test func unknownFlagPrintsErrorAndUsageLine() {
        let (status, out, err) = run(["-bogus", "x"])
        #expect(status == 2 && out.isEmpty)
        let lines = err.split(separator: "\n")
        #expect(lines.count == 2)
        #expect(lines.first == "flag provided but not defined: -bogus")
        #expect(lines.last?.hasPrefix("usage: swprof") == true)
    }

    @Test func helpPrintsUsageAndSucceeds() {
        let (status, _, err) = run(["-help"])
        #expect(status == 0)
        #expect(err.contains("-sample_index"))
        #expect(err.contains("-tagfocus"))
        #expect(err.contains("granularity"))
    }

    @Test func noSourceIsAnError() {
        let (status, _, err) = run(["-top"])
        #expect(status == 2)
        #expect(err.hasPrefix("no profile source specified\n"))
    }

    @Test func invalidCombinationsAreOneLine() {
        #expect(run(["-cum", "-flat", "x"]) == (2, "", "conflicting options set: [cum flat]\n"))
        #expect(run(["-top", "-traces", "x"]) == (2, "", "must set at most one output format\n"))
    }

    @Test func unsupportedFormatsSaySo() {
        let (status, _, err) = run(["-weblist=main", "x"])
        #expect(status == 2)
        #expect(err.contains("-weblist is not supported"))
    }

    @Test func everySourceThatFailsIsNamed() {
        let (status, _, err) = run(["-top", "/nonexistent/a", "/nonexistent/b"])
        #expect(status == 2)
        #expect(err == "/nonexistent/a: stat /nonexistent/a: no such file or directory\n"
            + "/nonexistent/b: stat /nonexistent/b: no such file or directory\nfailed to fetch any source profiles\n")
    }

    @Test func aFailingBaseIsNamed() {
        let (status, _, err) = run(["-top", "-base=/nonexistent/base", "/nonexistent/a"])
        #expect(status == 2)
        #expect(err == "/nonexistent/a: stat /nonexistent/a: no such file or directory\nfailed to fetch any source profiles\n")
    }
}
