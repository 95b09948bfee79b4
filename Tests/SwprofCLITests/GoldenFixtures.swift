import Foundation
import Testing

/// The golden test data in Tests/Fixtures: profiles, pprof's expected outputs and the
/// manifest that ties them together (all written by scripts/gen-golden.sh).
enum GoldenFixtures {
    static let root = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Fixtures")
    /// Cases run from here: their profile paths are relative to it.
    static let profiles = root.appendingPathComponent("profiles")
    static let golden = root.appendingPathComponent("golden")
    static let manifest = golden.appendingPathComponent("cases.tsv")
    /// Malformed inputs for the bad-input tests.
    static let bad = golden.appendingPathComponent("bad")

    /// Every case of the manifest; empty when it cannot be read (a separate test says so).
    static let cases: [GoldenCase] = (try? loadCases()) ?? []

    static func loadCases() throws -> [GoldenCase] {
        let text = try String(contentsOf: manifest, encoding: .utf8)
        var cases: [GoldenCase] = []
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: true).enumerated() {
            if line.hasPrefix("#") { continue }
            cases.append(try GoldenCase(manifestLine: line, lineNumber: index + 1))
        }
        return cases
    }
}

/// One line of Tests/Fixtures/golden/cases.tsv: a swprof command line and what
/// `go tool pprof` printed for the same arguments.
struct GoldenCase: Sendable, CustomTestStringConvertible {
    let name: String
    /// `go tool pprof`'s exit status.
    let status: Int32
    /// File in Tests/Fixtures/golden with pprof's standard output.
    let expectedFile: String
    let arguments: [String]
    /// Empty for a text case. Otherwise the case writes a profile (`-proto`) to standard
    /// output, and the expected output is what these arguments print for that profile.
    let readback: [String]

    var testDescription: String { name }
    var commandLine: String { (["swprof"] + arguments).joined(separator: " ") }

    struct ManifestError: Error, CustomStringConvertible {
        let description: String
    }

    init(manifestLine line: Substring, lineNumber: Int) throws {
        let fields = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
        guard fields.count == 5, let status = Int32(fields[1]) else {
            throw ManifestError(description: "cases.tsv line \(lineNumber): expected 5 tab-separated fields: \(line)")
        }
        name = fields[0]
        self.status = status
        expectedFile = fields[2]
        var arguments = fields[3].split(separator: " ").map(String.init)
        // swprof names Go debug=1 frames from their comment lines, pprof does not:
        // compare with naming off (pprof prints the same with -symbolize=none).
        if arguments.contains(where: { $0.hasSuffix(".debug1.txt") }) {
            arguments.insert("-symbolize=none", at: 0)
        }
        self.arguments = arguments
        readback = fields[4].split(separator: " ").map(String.init)
    }
}

/// A readable account of how two outputs differ: the first differing line with a few
/// lines of context from each side, and the line counts.
enum OutputDiff {
    static func describe(expected: Data, actual: Data, context: Int = 3, shown: Int = 8) -> String {
        let want = lines(expected)
        let got = lines(actual)
        var first = 0
        while first < want.count, first < got.count, want[first] == got[first] { first += 1 }
        var report = "expected \(want.count) lines (\(expected.count) bytes), got \(got.count) lines (\(actual.count) bytes); "
        report += "first difference at line \(first + 1)\n"
        let start = max(0, first - context)
        for number in start..<first {
            report += "   \(number + 1)| \(visible(want[number]))\n"
        }
        for number in first..<min(want.count, first + shown) {
            report += "-  \(number + 1)| \(visible(want[number]))\n"
        }
        if want.count > first + shown { report += "-  … \(want.count - first - shown) more expected lines\n" }
        for number in first..<min(got.count, first + shown) {
            report += "+  \(number + 1)| \(visible(got[number]))\n"
        }
        if got.count > first + shown { report += "+  … \(got.count - first - shown) more actual lines\n" }
        return report
    }

    /// Lines without their newline; a last line without a newline is marked.
    private static func lines(_ data: Data) -> [String] {
        let text = String(decoding: data, as: UTF8.self)
        var result = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if result.last == "" {
            result.removeLast()
        } else if !result.isEmpty {
            result[result.count - 1] += "⏎(no newline at end)"
        }
        return result
    }

    /// Shows trailing blanks and tabs, which decide byte equality but are invisible.
    private static func visible(_ line: String) -> String {
        var shown = line.replacingOccurrences(of: "\t", with: "→")
        if shown.hasSuffix(" ") { shown += "·(trailing blank)" }
        return shown
    }
}
