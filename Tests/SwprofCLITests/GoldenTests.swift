import Foundation
import SwprofCLI
import Testing

// Outputs are compared as `Bool(a == b)`: a failure then shows the line diff below,
// not every differing byte.

/// swprof's reports against `go tool pprof`'s, byte for byte: every case of
/// Tests/Fixtures/golden/cases.tsv runs in process and its standard output must equal the
/// committed output of pprof. Regenerate the expectations with scripts/gen-golden.sh.
@Suite struct GoldenTests {
    @Test func manifestHasCases() throws {
        let cases = try GoldenFixtures.loadCases()
        #expect(cases.count > 100)
        #expect(Set(cases.map(\.name)).count == cases.count, "case names are unique")
        for golden in cases {
            let file = GoldenFixtures.golden.appendingPathComponent(golden.expectedFile)
            #expect(FileManager.default.fileExists(atPath: file.path), "\(golden.name): missing \(golden.expectedFile)")
        }
    }

    @Test(arguments: GoldenFixtures.cases)
    func matchesPprof(_ golden: GoldenCase) throws {
        let expected = try Data(contentsOf: GoldenFixtures.golden.appendingPathComponent(golden.expectedFile))
        let (status, stdout, stderr) = Self.swprof(golden.arguments)
        let stderrNote = stderr.isEmpty ? "" : "\nstderr: \(Self.firstLines(stderr))"

        if golden.status != 0 {
            // pprof refused these arguments: swprof must refuse them too, with a message.
            #expect(status == golden.status, "\(golden.commandLine): exit status \(status), pprof's \(golden.status)\(stderrNote)")
            #expect(!stderr.isEmpty, "\(golden.commandLine): failed without a message")
            #expect(Bool(stdout == expected), "\(golden.commandLine): standard output differs\n\(OutputDiff.describe(expected: expected, actual: stdout))")
            return
        }
        try #require(status == 0, "\(golden.commandLine): exit status \(status)\(stderrNote)")

        if golden.readback.isEmpty {
            #expect(
                Bool(stdout == expected),
                "\(golden.commandLine): output differs from go tool pprof's\n\(OutputDiff.describe(expected: expected, actual: stdout))\(stderrNote)")
            return
        }

        // A -proto case: read the written profile back, with swprof and (when Go is
        // installed) with go tool pprof itself.
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("swprof-golden-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let written = directory.appendingPathComponent("\(golden.name).pb.gz")
        try stdout.write(to: written)

        let readback = golden.readback + [written.path]
        let (readStatus, readOut, readErr) = Self.swprof(readback)
        let readCommand = (["swprof"] + readback).joined(separator: " ")
        #expect(readStatus == 0, "\(golden.commandLine), then \(readCommand): exit status \(readStatus)\nstderr: \(Self.firstLines(readErr))")
        #expect(
            Bool(readOut == expected),
            "\(golden.commandLine), then \(readCommand): differs from pprof's round trip\n\(OutputDiff.describe(expected: expected, actual: readOut))")

        if let pprof = GoPprof.shared {
            let (goStatus, goOut) = try pprof.run(readback)
            #expect(goStatus == 0, "go tool pprof \(readback.joined(separator: " ")) cannot read the profile swprof wrote (exit status \(goStatus))")
            // Only the Go that made the goldens prints them byte for byte.
            if pprof.madeTheGoldens {
                #expect(
                    Bool(goOut == expected),
                    "go tool pprof \(readback.joined(separator: " ")) on swprof's profile differs from pprof's round trip\n\(OutputDiff.describe(expected: expected, actual: goOut))")
            }
        }
    }

    /// `-output=FILE` puts the report in the file and nothing on standard output, for text
    /// and for `-proto` alike.
    @Test(arguments: [("cpu.top", ["-top", "cpu.pb.gz"]), ("heap.2.proto", ["-proto", "heap.2.pb.gz"])])
    func outputFlagWritesAFile(_ name: String, _ arguments: [String]) throws {
        let expected = try Data(contentsOf: GoldenFixtures.golden.appendingPathComponent("\(name).txt"))
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("swprof-golden-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("report")
        let (status, stdout, stderr) = Self.swprof(["-output=\(file.path)"] + arguments)
        try #require(status == 0, "exit status \(status)\nstderr: \(Self.firstLines(stderr))")
        #expect(stdout.isEmpty)
        var written = try Data(contentsOf: file)
        if arguments.first == "-proto" {
            let (readStatus, readOut, _) = Self.swprof(["-top", file.path])
            #expect(readStatus == 0)
            written = readOut
        }
        #expect(Bool(written == expected), "\(OutputDiff.describe(expected: expected, actual: written))")
    }

    /// Runs swprof in process from the profiles folder, in UTC.
    static func swprof(_ arguments: [String]) -> (status: Int32, stdout: Data, stderr: Data) {
        let (io, captured) = CommandIO.capturing(
            workingDirectory: GoldenFixtures.profiles.path, environment: ["TZ": "UTC"])
        let status = Swprof.run(arguments: arguments, io: io)
        return (status, captured.stdout, captured.stderr)
    }

    static func firstLines(_ data: Data, count: Int = 3) -> String {
        String(decoding: data, as: UTF8.self).split(separator: "\n").prefix(count).joined(separator: "\n")
    }
}

/// `go tool pprof`, when Go is installed (`$GO`, else `go` on the PATH): used only to
/// check that profiles swprof writes read back in pprof itself, and when it is the Go
/// that made the goldens, that it prints them. Tests that need it are skipped quietly without it.
struct GoPprof: Sendable {
    let go: URL
    /// Whether `go version` names the Go of the goldens' manifest header.
    var madeTheGoldens = false

    static let shared: GoPprof? = {
        let environment = ProcessInfo.processInfo.environment
        var candidates: [URL] = []
        if let go = environment["GO"], !go.isEmpty { candidates.append(URL(fileURLWithPath: go)) }
        for directory in (environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":") {
            candidates.append(URL(fileURLWithPath: String(directory)).appendingPathComponent("go"))
        }
        guard let go = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0.path) }) else {
            return nil
        }
        var pprof = GoPprof(go: go)
        pprof.madeTheGoldens = goldensVersion.map { pprof.version().contains($0 + " ") } ?? false
        return pprof
    }()

    /// The Go version the manifest's first line names (`… with go1.27.3 pprof, …`).
    static let goldensVersion: String? = {
        let manifest = GoldenFixtures.golden.appendingPathComponent("cases.tsv")
        guard let text = try? String(contentsOf: manifest, encoding: .utf8),
            let first = text.split(separator: "\n").first,
            let range = first.range(of: #"go1\.[0-9.]+"#, options: .regularExpression)
        else { return nil }
        return String(first[range])
    }()

    /// `go version`'s output.
    func version() -> String {
        let process = Process()
        process.executableURL = go
        process.arguments = ["version"]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return "" }
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self)
    }

    /// Runs `go tool pprof ARGUMENTS` from the profiles folder in UTC; returns its exit
    /// status and standard output.
    func run(_ arguments: [String]) throws -> (Int32, Data) {
        let process = Process()
        process.executableURL = go
        process.arguments = ["tool", "pprof"] + arguments
        process.currentDirectoryURL = GoldenFixtures.profiles
        var environment = ProcessInfo.processInfo.environment
        environment["TZ"] = "UTC"
        environment["PPROF_BINARY_PATH"] = "/nonexistent/pprof/binaries"
        process.environment = environment
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, data)
    }
}

@Test func outputDiffPointsAtTheFirstDifference() {
    let expected = Data("a\nb\nc\nd\n".utf8)
    let actual = Data("a\nb\nX \nd".utf8)
    let report = OutputDiff.describe(expected: expected, actual: actual, context: 1)
    #expect(report.contains("first difference at line 3"))
    #expect(report.contains("   2| b"))
    #expect(report.contains("-  3| c"))
    #expect(report.contains("+  3| X ·(trailing blank)"))
    #expect(report.contains("+  4| d⏎(no newline at end)"))
    #expect(!report.contains("   1| a"))
}
