import Foundation
import SwprofCLI
import Testing

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// A profile full of hostile names (``HostileProfile``) through every report
/// format: each succeeds, SVG is well-formed XML with no markup from the
/// profile, DOT strings stay within what Graphviz's lexer reads.
@Suite struct HostileNameTests {
    static func run(_ arguments: [String]) throws -> (status: Int32, stdout: [UInt8], stderr: String) {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("swprof-hostile-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        try Data(HostileProfile.bytes()).write(to: directory.appendingPathComponent("hostile.pb.gz"))
        let (io, captured) = CommandIO.capturing(workingDirectory: directory.path, environment: ["TZ": "UTC"])
        let status = Swprof.run(arguments: arguments + ["hostile.pb.gz"], io: io)
        return (status, [UInt8](captured.stdout), captured.stderrText)
    }

    @Test(arguments: ["-top", "-traces", "-tree", "-raw", "-tags", "-peek=.", "-text", "-callgrind", "-dot", "-svg"])
    func textReportsSucceed(_ flag: String) throws {
        let (status, stdout, stderr) = try Self.run([flag])
        #expect(status == 0, "\(flag): \(stderr)")
        #expect(!stdout.isEmpty, "\(flag)")
    }

    @Test func invalidUTF8IsShownWithReplacementCharacters() throws {
        let (status, stdout, _) = try Self.run(["-top", "-nodecount=100"])
        #expect(status == 0)
        #expect(String(decoding: stdout, as: UTF8.self).contains("pkg.before\u{FFFD}"))
    }

    @Test func dotStringsFitGraphvizAndLongNamesAreShortened() throws {
        // demangle=none keeps the 20 kB template name whole (pprof's default simplification
        // would drop its template arguments).
        let (status, stdout, stderr) = try Self.run(["-dot", "-nodecount=100", "-symbolize=demangle=none"])
        #expect(status == 0, "\(stderr)")
        let dot = String(decoding: stdout, as: UTF8.self)
        #expect(!dot.utf8.contains(0), "DOT holds a NUL")
        // Every quoted piece is shorter than Graphviz's 16384-byte limit.
        var longest = 0
        var current = 0
        var inString = false
        var escaped = false
        for byte in dot.utf8 {
            if inString {
                if escaped { escaped = false } else if byte == UInt8(ascii: "\\") { escaped = true } else if byte == UInt8(ascii: "\"") {
                    inString = false
                    longest = max(longest, current)
                    continue
                }
                current += 1
            } else if byte == UInt8(ascii: "\"") {
                inString = true
                current = 0
            }
        }
        #expect(!inString, "unbalanced quotes in the DOT text")
        #expect(longest > 0 && longest < 16384, "longest quoted string: \(longest) bytes")
        // The template name's label is cut; its tooltip keeps it whole (in pieces).
        #expect(dot.contains("…"))
        #expect(dot.contains("\" + \""))
    }

    @Test(arguments: [[], ["-sample_index=2"]])
    func svgIsWellFormedWithoutProfileMarkup(_ extra: [String]) throws {
        let (status, stdout, stderr) = try Self.run(["-svg", "-nodecount=100"] + extra)
        #expect(status == 0, "\(stderr)")
        let svg = String(decoding: stdout, as: UTF8.self)
        #expect(!svg.contains("<script>alert"), "unescaped markup from the profile")
        #expect(!svg.contains("<img"), "unescaped markup from the profile")
        let parser = XMLParser(data: Data(stdout))
        let ok = parser.parse()
        #expect(ok, "SVG is not well-formed: \(String(describing: parser.parserError))")
        #expect(svg.contains("&lt;script&gt;alert(1)"))
    }
}
