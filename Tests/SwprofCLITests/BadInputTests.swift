import Foundation
import SwprofCLI
import Testing

/// Malformed inputs: swprof exits with pprof's status 2 and prints pprof's two lines on
/// standard error (one that names the file and the problem, then "failed to fetch any
/// source profiles"), and nothing on standard output. The files are in
/// Tests/Fixtures/golden/bad (made by scripts/gen-golden-inputs.sh); `go tool pprof`
/// refuses every one of them too (scripts/gen-golden.sh checks that).
@Suite struct BadInputTests {
    /// What each file is.
    static let files: [String] = [
        "empty.pb.gz",  // zero bytes
        "truncated.pb.gz",  // the first 1000 bytes of a gzipped profile
        "badcrc.pb.gz",  // a gzipped profile whose CRC-32 trailer is wrong
        "truncated.pb",  // the first 2000 bytes of an uncompressed profile.proto
        "random.bin",  // random bytes
        "image.png",  // a 1x1 PNG image
        "gzip-of-gzip.pb.gz",  // a gzipped profile gzipped again
        "gzip-of-random.gz",  // valid gzip around random bytes
        "text.txt",  // two lines of text that are no profile
    ]

    @Test(arguments: files)
    func malformedFile(_ name: String) {
        let path = GoldenFixtures.bad.appendingPathComponent(name).path
        #expect(FileManager.default.fileExists(atPath: path), "fixture \(name) is missing")
        Self.expectOneLineError(["-top", name], workingDirectory: GoldenFixtures.bad.path, naming: name)
    }

    @Test(arguments: files)
    func malformedFileWithOtherReports(_ name: String) {
        for report in ["-traces", "-raw", "-tree"] {
            Self.expectOneLineError([report, name], workingDirectory: GoldenFixtures.bad.path, naming: name)
        }
    }

    @Test func missingFile() {
        Self.expectOneLineError(
            ["-top", "no-such-profile.pb.gz"], workingDirectory: GoldenFixtures.bad.path,
            naming: "no-such-profile.pb.gz")
    }

    @Test func directory() throws {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("swprof-bad-\(UUID().uuidString)")
            .appendingPathComponent("a-directory.pb.gz")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory.deletingLastPathComponent()) }
        Self.expectOneLineError(
            ["-top", directory.path], workingDirectory: GoldenFixtures.bad.path, naming: "a-directory.pb.gz")
    }

    /// A bad file among good ones is named and left out, as pprof fetches: the report
    /// is made from the others.
    @Test func badFileInMerge() {
        let (io, captured) = CommandIO.capturing(workingDirectory: GoldenFixtures.bad.path, environment: ["TZ": "UTC"])
        let status = Swprof.run(arguments: ["-top", "../../profiles/heap.1.pb.gz", "truncated.pb.gz"], io: io)
        #expect(status == 0)
        #expect(captured.stdoutText.contains("Showing nodes accounting for"))
        let lines = captured.stderrText.split(separator: "\n").map(String.init)
        #expect(lines.first?.hasPrefix("truncated.pb.gz: decompressing profile: ") == true)
        #expect(lines.last == "Fetched 1 source profiles out of 2")
    }

    @Test func badBaseFile() {
        Self.expectOneLineError(
            ["-top", "-base=badcrc.pb.gz", "../../profiles/heap.2.pb.gz"],
            workingDirectory: GoldenFixtures.bad.path, naming: "badcrc.pb.gz")
        Self.expectOneLineError(
            ["-top", "-diff_base", "empty.pb.gz", "../../profiles/heap.2.pb.gz"],
            workingDirectory: GoldenFixtures.bad.path, naming: "empty.pb.gz")
    }

    static func expectOneLineError(
        _ arguments: [String], workingDirectory: String, naming file: String,
        sourceLocation: SourceLocation = #_sourceLocation
    ) {
        let (io, captured) = CommandIO.capturing(workingDirectory: workingDirectory, environment: ["TZ": "UTC"])
        let status = Swprof.run(arguments: arguments, io: io)
        let command = (["swprof"] + arguments).joined(separator: " ")
        let message = captured.stderrText
        #expect(status == 2, "\(command): exit status \(status), want 2", sourceLocation: sourceLocation)
        #expect(captured.stdout.isEmpty, "\(command): wrote \(captured.stdout.count) bytes to stdout", sourceLocation: sourceLocation)
        let lines = message.split(separator: "\n", omittingEmptySubsequences: false)
        let kind = arguments.contains { $0.hasPrefix("-base") || $0.hasPrefix("-diff_base") } ? "base" : "source"
        #expect(
            lines.count == 3 && lines[2].isEmpty && lines[1] == "failed to fetch any \(kind) profiles",
            "\(command): want pprof's two lines on stderr, got \(message.debugDescription)",
            sourceLocation: sourceLocation)
        #expect(lines[0].contains(file), "\(command): the message does not name \(file): \(message.debugDescription)", sourceLocation: sourceLocation)
    }
}
