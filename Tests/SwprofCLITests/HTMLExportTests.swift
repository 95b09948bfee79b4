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
        #expect(captured.stderrText.hasPrefix("Wrote ") && captured.stderrText.hasSuffix("open \(site)/index.html\n"))
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
        #expect(status == 1)
        #expect(captured.stderrText.contains("-html writes every view itself"))
    }
}
