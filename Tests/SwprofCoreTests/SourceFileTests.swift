import Foundation
import Testing

@testable import SwprofCore

#if canImport(Glibc)
    import Glibc
#endif

/// Source files are read as pprof's scanner reads them, streamed and
/// bounded, regular files only; the web UI's and the export's reads stay
/// under the source roots and off kernel filesystems.
@Suite struct SourceFileTests {
    func temporaryDirectory() throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("swprof-source-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return SourceFile.resolved(dir.path)!
    }

    func lines(_ contents: [UInt8], access: SourceAccess = .anyRegularFile) throws -> [String]? {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/f.go"
        try Data(contents).write(to: URL(fileURLWithPath: path))
        guard case .lines(let lines, _) = SourceFile.lines(of: path, access: access) else { return nil }
        return lines
    }

    @Test func linesAreSplitLikeGosScanner() throws {
        #expect(try lines(Array("a\r\nb\n\nc".utf8)) == ["a", "b", "", "c"])
        #expect(try lines(Array("a\n".utf8)) == ["a"])
        #expect(try lines([]) == [])
        // Lines across read chunks (64 KiB) are joined.
        let long = String(repeating: "x", count: 60_000)
        #expect(try lines(Array((long + "\n" + long + "\n" + long).utf8)) == [long, long, long])
    }

    @Test func readingStopsAtTheFirstLineOverPprofsLimit() throws {
        let fits = String(repeating: "a", count: 65_535)
        let tooLong = String(repeating: "b", count: 65_536)
        #expect(try lines(Array(("one\n" + fits + "\ntwo\n").utf8)) == ["one", fits, "two"])
        #expect(try lines(Array(("one\n" + tooLong + "\ntwo\n").utf8)) == ["one"])
        #expect(try lines(Array(("one\n" + tooLong).utf8)) == ["one"])
        #expect(try lines(Array(("one\n" + fits).utf8)) == ["one", fits])
    }

    @Test func specialFilesAreNotRead() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let fifo = dir + "/pipe.go"
        #expect(mkfifo(fifo, 0o600) == 0)
        // A FIFO would block the reader for ever; devices never end.
        for path in [fifo, "/dev/zero", "/dev/urandom"] {
            guard case .refused(let reason) = SourceFile.lines(of: path, access: .anyRegularFile) else {
                Issue.record("\(path) was read")
                continue
            }
            #expect(reason == "not a regular file")
        }
    }

    @Test func procFilesAreBoundedForTheCommandLine() {
        // pagemap has no newline for 64 KiB: pprof stops there, and so does swprof.
        guard case .lines(_, let bytes) = SourceFile.lines(of: "/proc/self/pagemap", access: .anyRegularFile) else { return }
        #expect(bytes <= SourceFile.maxFileBytes)
    }

    @Test func underRootsOnlyFilesInsideAndNoKernelFiles() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try Data("package main\n".utf8).write(to: URL(fileURLWithPath: dir + "/main.go"))
        try FileManager.default.createSymbolicLink(atPath: dir + "/passwd.go", withDestinationPath: "/etc/passwd")
        try FileManager.default.createSymbolicLink(atPath: dir + "/environ.go", withDestinationPath: "/proc/self/environ")
        let access = SourceAccess.sourceRoots(sourcePath: "", workingDirectory: dir)
        #expect(access == .underRoots([dir]))
        guard case .lines(let lines, _) = SourceFile.lines(of: dir + "/main.go", access: access) else {
            Issue.record("a file under the root was refused")
            return
        }
        #expect(lines == ["package main"])
        for path in ["/etc/passwd", dir + "/passwd.go", dir + "/environ.go", "/proc/self/environ", dir + "/../" + (dir as NSString).lastPathComponent + "/passwd.go"] {
            guard case .refused = SourceFile.lines(of: path, access: access) else {
                Issue.record("\(path) was read under the roots \(dir)")
                continue
            }
        }
        // The root itself may be /: kernel filesystems are still refused.
        guard case .refused(let reason) = SourceFile.lines(of: "/proc/self/environ", access: .underRoots(["/"])) else {
            Issue.record("/proc/self/environ was read with / as the root")
            return
        }
        #expect(reason.contains("kernel filesystem"))
    }

    @Test func aListingUnderRootsSaysWhyAndWhatItRead() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try Data("package main\n\nfunc inside() {\n}\n".utf8).write(to: URL(fileURLWithPath: dir + "/inside.go"))
        var p = Profile()
        p.sampleTypes = [ValueType(type: "samples", unit: "count")]
        p.functions = [
            Function(id: 1, name: "main.inside", filename: "inside.go"),
            Function(id: 2, name: "main.secret", filename: "/etc/passwd"),
            Function(id: 3, name: "main.env", filename: "/proc/self/environ"),
        ]
        p.locations = (0..<3).map { Location(id: UInt64($0 + 1), lines: [Line(function: $0, line: 3)]) }
        p.samples = (0..<3).map { Sample(locations: [$0], values: [1]) }
        var o = ReportOptions()
        o.format = .list
        o.symbol = try Pattern("main")
        o.workingDirectory = dir
        let listing = try Report(profile: p, options: o).sourceListing(access: .sourceRoots(sourcePath: "", workingDirectory: dir))
        #expect(listing.filesRead == [dir + "/inside.go"])
        let files = listing.functions.flatMap(\.files)
        #expect(files.first { $0.file == "/etc/passwd" }?.error?.contains("outside the source directories") == true)
        #expect(files.first { $0.file == "/proc/self/environ" }?.lines.isEmpty == true)
        #expect(!files.flatMap(\.lines).contains { $0.text.contains("root:") })
        // The command line's -list reads what pprof reads.
        let cli = try Report(profile: p, options: o).sourceListing()
        #expect(cli.filesRead.contains("/etc/passwd"))
    }
}
