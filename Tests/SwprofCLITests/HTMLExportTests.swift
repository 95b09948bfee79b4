import Foundation
import Testing

@testable import SwprofCLI

/// `swprof -html=DIR profiles…` from the command line.
@Suite(.serialized) struct HTMLExportTests {
    let fetch = FetchTests()

    /// `Swprof.run` on a thread of its own: `-html` waits on a semaphore for
    /// its async export, which must not hold one of the few threads of the
    /// cooperative pool that the export itself runs on.
    func run(_ arguments: [String], saveIn dir: URL) async -> (Int32, CapturedOutput) {
        await withCheckedContinuation { continuation in
            Thread { [fetch] in continuation.resume(returning: fetch.run(arguments, saveIn: dir)) }.start()
        }
    }

    @Test func writesTheSiteAndSaysWhere() async throws {
        let dir = try fetch.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let heap1 = FetchTests.profiles.appendingPathComponent("heap.1.pb.gz").path
        let heap3 = FetchTests.profiles.appendingPathComponent("heap.3.pb.gz").path
        let site = dir.appendingPathComponent("site").path
        let (status, captured) = await run(["-html=\(site)", "-nodecount=3", "-base", heap1, heap3], saveIn: dir)
        #expect(status == 0, "\(captured.stderrText)")
        #expect(captured.stderrText.hasPrefix("Wrote ") && captured.stderrText.contains("open \(site)/index.html\nIncluded "))
        let files = try FileManager.default.contentsOfDirectory(atPath: site)
        #expect(files.filter { $0.hasPrefix("source-") }.count == 3)
        let index = try String(contentsOfFile: site + "/index.html", encoding: .utf8)
        #expect(index.contains("swatch grew"))  // the comparison flame graph
        // With -trend the ranking is written too.
        let trendSite = dir.appendingPathComponent("trend").path
        let heap2 = FetchTests.profiles.appendingPathComponent("heap.2.pb.gz").path
        let (trendStatus, _) = await run(["-html=\(trendSite)", "-trend", heap1, heap2, heap3], saveIn: dir)
        #expect(trendStatus == 0)
        #expect(FileManager.default.fileExists(atPath: trendSite + "/trend.html"))
    }

    @Test func reportFlagsDoNotGoWithHTML() async throws {
        let dir = try fetch.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let (status, captured) = await run(["-html=\(dir.path)/x", "-top", "heap.pb.gz"], saveIn: dir)
        #expect(status == 2)
        #expect(captured.stderrText.contains("-html writes every view itself"))
    }

    /// The rows of a `-top` text report: flat, flat%, sum%, cum, cum%, name.
    static func textRows(_ text: String) -> [[String]] {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        guard let header = lines.firstIndex(where: { $0.hasPrefix("      flat  flat%") }) else { return [] }
        return lines[(header + 1)...].filter { !$0.isEmpty }.map { line in
            let fields = line.split(separator: " ", maxSplits: 5, omittingEmptySubsequences: true).map(String.init)
            return fields.map { $0.trimmingCharacters(in: .whitespaces) }
        }
    }

    /// The rows of the exported Top page, cell texts in the same order.
    static func htmlRows(_ html: String) -> [[String]] {
        let pattern = try! NSRegularExpression(
            pattern: "<tr[^>]*>\\s*<td class=\"num\">([^<]*)</td>\\s*<td class=\"num\">([^<]*)</td>\\s*<td class=\"num\">([^<]*)</td>"
                + "\\s*<td class=\"num\">([^<]*)</td>\\s*<td class=\"num bar\"[^>]*>([^<]*)</td>\\s*<td class=\"name\"><a[^>]*>([^<]*)</a>(?: <span class=\"inline\">([^<]*)</span>)?")
        return pattern.matches(in: html, range: NSRange(html.startIndex..., in: html)).map { match in
            var cells = (1...6).map { Range(match.range(at: $0), in: html).map { String(html[$0]) } ?? "" }
            // The text report writes "(inline)" after the name; the page puts it in a span.
            if let inline = Range(match.range(at: 7), in: html) { cells[5] += " " + html[inline] }
            return cells
        }
    }

    @Test func topPageNumbersAreThoseOfTopForTheSameFlags() async throws {
        let dir = try fetch.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let heap1 = FetchTests.profiles.appendingPathComponent("heap.1.pb.gz").path
        let heap3 = FetchTests.profiles.appendingPathComponent("heap.3.pb.gz").path
        let cpu = FetchTests.profiles.appendingPathComponent("cpu.pb.gz").path
        let flagSets: [[String]] = [
            ["-nodecount=3", "-base", heap1, heap3],
            ["-nodecount=6", "-cum", cpu],
            ["-nodecount=8", "-sample_index=alloc_space", "-focus=http", heap3],
            ["-nodecount=4", "-lines", cpu],
        ]
        for (number, flags) in flagSets.enumerated() {
            let site = dir.appendingPathComponent("site\(number)").path
            let (status, captured) = await run(["-html=\(site)"] + flags, saveIn: dir)
            #expect(status == 0, "\(flags): \(captured.stderrText)")
            let (topStatus, top) = await run(["-top"] + flags, saveIn: dir)
            #expect(topStatus == 0)
            let expected = Self.textRows(top.stdoutText)
            let html = try String(contentsOfFile: site + "/top.html", encoding: .utf8)
            #expect(!expected.isEmpty)
            #expect(Self.htmlRows(html) == expected, "\(flags)")
            // The report's legend lines too ("Showing nodes accounting for …").
            for line in top.stdoutText.split(separator: "\n") where line.hasPrefix("Showing") {
                #expect(html.contains("<span>\(line)</span>"), "\(flags): \(line)")
            }
        }
    }

    @Test func flameGraphFlagWritesTheDiffFlameGraph() async throws {
        let dir = try fetch.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let heap1 = FetchTests.profiles.appendingPathComponent("heap.1.pb.gz").path
        let heap3 = FetchTests.profiles.appendingPathComponent("heap.3.pb.gz").path
        let (status, captured) = await run(["-base", heap1, "-flamegraph", heap3], saveIn: dir)
        #expect(status == 0, "\(captured.stderrText)")
        let svg = captured.stdoutText
        #expect(svg.hasPrefix("<?xml") && svg.hasSuffix("</svg>\n"))
        #expect(svg.contains("Diff flame graph · heap.3.pb.gz against heap.1.pb.gz · inuse_space"))
        #expect(svg.contains("Change: 8.51MB → 48.93MB (+475%)"))
        // -output, and the colour-blind palette.
        let (outStatus, out) = await run(["-diff_base", heap1, "-flamegraph", "-palette=cb", "-output=diff.svg", heap3], saveIn: dir)
        #expect(outStatus == 0)
        #expect(out.stderrText == "Generating report in diff.svg\n")
        let written = try String(contentsOfFile: dir.appendingPathComponent("diff.svg").path, encoding: .utf8)
        #expect(written.contains("hsl(35,100%"))
        // Misuse is one line and status 1.
        for flags in [["-flamegraph", "-top", heap3], ["-flamegraph", "-palette=rainbow", heap3], ["-flamegraph", "-http=:0", heap3]] {
            let (bad, message) = await run(flags, saveIn: dir)
            #expect(bad == 2, "\(flags)")
            #expect(message.stderrText.split(separator: "\n").count == 1, "\(flags): \(message.stderrText)")
        }
    }
}
