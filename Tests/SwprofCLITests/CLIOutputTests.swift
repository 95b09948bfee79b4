import Foundation
import Testing
@testable import SwprofCLI

/// Where reports go, and the modes that are not reports.
@Suite struct CLIOutputTests {
    static let profiles = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/profiles")

    func temporaryDirectory() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("swprof-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }

    func run(_ args: [String], cwd: String, terminal: Bool = false) -> (Int32, CapturedOutput) {
        let (io, captured) = CommandIO.capturing(workingDirectory: cwd, stdoutIsTerminal: terminal)
        return (Swprof.run(arguments: args, io: io), captured)
    }

    @Test func outputFileRelativeToTheWorkingDirectory() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let cpu = Self.profiles.appendingPathComponent("cpu.pb.gz").path
        let (status, captured) = run(["-top", "-output=top.txt", cpu], cwd: dir.path)
        #expect(status == 0)
        #expect(captured.stdout.isEmpty)
        #expect(captured.stderrText == "Generating report in top.txt\n")
        let (_, direct) = run(["-top", cpu], cwd: dir.path)
        let written = try Data(contentsOf: dir.appendingPathComponent("top.txt"))
        #expect(written == direct.stdout)
        #expect(direct.stdoutText.hasPrefix("File: leaky.bin\nType: cpu\n"))
    }

    @Test func unwritableOutputIsOneLine() {
        let cpu = Self.profiles.appendingPathComponent("cpu.pb.gz").path
        let (status, captured) = run(["-top", "-output=/nonexistent/dir/x.txt", cpu], cwd: "/tmp")
        #expect(status == 2)
        #expect(captured.stderrText.hasSuffix("/nonexistent/dir/x.txt: open: no such file or directory\n"))
    }

    @Test func binaryFormatsStayOffTheTerminal() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let heap = Self.profiles.appendingPathComponent("heap.2.pb.gz").path
        let (status, captured) = run(["-proto", heap], cwd: dir.path, terminal: true)
        #expect(status == 0)
        #expect(captured.stdout.isEmpty)
        #expect(captured.stderrText == "Generating report in profile001.pb.gz\n")
        let (again, second) = run(["-proto", heap], cwd: dir.path, terminal: true)
        #expect(again == 0 && second.stderrText == "Generating report in profile002.pb.gz\n")
        // The written profile reads back and gives the same report.
        let (_, original) = run(["-top", heap], cwd: dir.path)
        let (_, readBack) = run(["-top", "profile001.pb.gz"], cwd: dir.path)
        #expect(readBack.stdoutText.split(separator: "\n").dropFirst(3) == original.stdoutText.split(separator: "\n").dropFirst(3))
        // Without a terminal the bytes go to stdout.
        let (_, piped) = run(["-proto", heap], cwd: dir.path)
        #expect(piped.stdout.starts(with: [0x1f, 0x8b]))
    }

    @Test func noFormatEntersTheShell() {
        let cpu = Self.profiles.appendingPathComponent("cpu.pb.gz").path
        let (io, s) = CommandIO.capturing(workingDirectory: "/tmp")
        let status = Swprof.run(arguments: [cpu], io: io, input: ShellInput(lines: []))
        #expect(status == 0 && s.stdoutText == "(pprof) ")
        #expect(s.stderrText.hasSuffix("Entering interactive mode (type \"help\" for commands, \"o\" for options)\n"))
    }

    @Test func legacyProfilesWithoutMainBinaryNameSaySo() {
        let heap = Self.profiles.appendingPathComponent("heap.debug1.txt").path
        let (status, captured) = run(["-top", heap], cwd: "/tmp")
        #expect(status == 0)
        #expect(captured.stderrText == "Main binary filename not available.\n")
        let (_, quiet) = run(["-top", "-symbolize=none", heap], cwd: "/tmp")
        #expect(quiet.stderr.isEmpty)
    }

    @Test func warningsGoToStderr() {
        let cpu = Self.profiles.appendingPathComponent("cpu.pb.gz").path
        let (status, captured) = run(["-top", "-focus=no_such_function", cpu], cwd: "/tmp")
        #expect(status == 0)
        #expect(captured.stderrText == "Focus expression matched no samples\n")
        #expect(captured.stdoutText.contains("Type: cpu"))
    }

    @Test func svgIsLaidOutInProcess() {
        let cpu = Self.profiles.appendingPathComponent("cpu.pb.gz").path
        let (status, captured) = run(["-svg", "-nodecount=5", cpu], cwd: "/tmp")
        #expect(status == 0)
        #expect(captured.stdoutText.contains("<svg"))
        #expect(captured.stdoutText.contains("WriteString"))
    }
}
