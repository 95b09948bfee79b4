import Foundation
import Testing

/// `swprof -html=DIR trace.out`: the trace's static site, and its errors.
@Suite(.serialized) struct TraceHTMLExportTests {
    /// `Swprof.run` on a thread of its own (as HTMLExportTests does): `-html`
    /// waits on a semaphore for its async export, which must not hold a thread
    /// of the cooperative pool the export runs on.
    func swprof(_ arguments: [String]) async -> (status: Int32, stdout: Data, stderr: String) {
        await withCheckedContinuation { continuation in
            Thread { continuation.resume(returning: TraceFixtures.swprof(arguments)) }.start()
        }
    }

    @Test func writesTheTraceSite() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("swprof-trace-site-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let (status, stdout, stderr) = await swprof(["-html=\(directory)", "annotated-go119.trace"])
        #expect(status == 0, "\(stderr)")
        #expect(stdout.isEmpty)
        #expect(stderr.hasPrefix("Wrote ") && stderr.contains("/index.html"), "\(stderr)")
        let index = try String(contentsOfFile: directory + "/index.html", encoding: .utf8)
        for link in ["timeline.html", "mmu.html", "tasks.html", "regions.html", "logs.html", "goroutines.html", "net/top.html"] {
            #expect(index.contains("href=\"\(link)\""), "index.html lacks \(link)")
            #expect(FileManager.default.fileExists(atPath: directory + "/" + link), "\(link) missing")
        }
        let timeline = try String(contentsOfFile: directory + "/timeline.html", encoding: .utf8)
        #expect(timeline.contains("<svg") && timeline.contains("href=\"timeline-1.html\""))
        #expect(!timeline.contains("href=\"/"))
    }

    @Test func aFileWhereTheDirectoryShouldBeIsAnError() async throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("swprof-trace-file-\(UUID().uuidString)").path
        try Data("x".utf8).write(to: URL(fileURLWithPath: file))
        defer { try? FileManager.default.removeItem(atPath: file) }
        let (status, _, stderr) = await swprof(["-html=\(file)", "blocking-go127.trace"])
        #expect(status == 2)
        #expect(stderr.contains("it is a file, not a directory"), "\(stderr)")
    }
}
