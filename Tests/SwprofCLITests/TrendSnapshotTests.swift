import Foundation
import Testing

@testable import SwprofCLI

/// `-trend -every=D -count=N URL`: swprof takes the snapshots itself.
@Suite(.serialized) struct TrendSnapshotTests {
    let fetch = FetchTests()

    @Test func takesSnapshotsOfAGrowingServiceAndRanksTheLeakFirst() throws {
        let heaps = ["heap.1.pb.gz", "heap.2.pb.gz", "heap.3.pb.gz"].map { FetchTests.profiles.appendingPathComponent($0) }
        let server = try LoopbackProfileServer(profiles: FetchTests.profiles, sequence: heaps)
        defer { server.stop() }
        let dir = try fetch.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let url = "http://127.0.0.1:\(server.port)/debug/pprof/heap"
        let started = Date()
        let (status, captured) = fetch.run(["-trend", "-every=200ms", "-count=3", url], saveIn: dir)
        let elapsed = Date().timeIntervalSince(started)
        #expect(status == 0, "\(captured.stderrText)")
        #expect(server.requests == Array(repeating: "/debug/pprof/heap", count: 3))
        #expect(elapsed >= 0.4, "two waits of 200ms between three snapshots")
        let stderr = captured.stderrText
        for n in 1...3 { #expect(stderr.contains("Snapshot \(n)/3 taken\n")) }
        #expect(stderr.components(separatedBy: "Saved profile in ").count == 4)
        // The table names each snapshot by its saved copy, which -trend can read again.
        let saved = stderr.split(separator: "\n").filter { $0.hasPrefix("Saved profile in ") }.map { $0.dropFirst(17) }
        #expect(saved.count == 3)
        #expect(saved.allSatisfy { FileManager.default.fileExists(atPath: String($0)) })
        let names = captured.stdoutText.split(separator: "\n").dropFirst().first ?? ""
        #expect(names == "Trend over 3 profiles: " + saved.joined(separator: " "))
        // The same table as -trend over the three files.
        let (_, files) = fetch.run(["-trend"] + heaps.map(\.path), saveIn: dir)
        let table = captured.stdoutText.split(separator: "\n").dropFirst(2).joined(separator: "\n")
        #expect(table == files.stdoutText.split(separator: "\n").dropFirst(2).joined(separator: "\n"))
        #expect(captured.stdoutText.contains("LEAK  main.leakHeap\n"))
    }

    @Test(arguments: [
        (["-every=1s", "-count=3", "x.pb.gz"], "add -trend"),
        (["-trend", "-every=1s", "heap.1.pb.gz", "heap.2.pb.gz"], "go together"),
        (["-trend", "-every=soon", "-count=3", "u:1/x"], "not a duration"),
        (["-trend", "-every=1s", "-count=1", "u:1/x"], "at least 2 snapshots"),
    ])
    func badSnapshotFlagsAreOneLine(_ arguments: [String], _ message: String) throws {
        let dir = try fetch.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let (status, captured) = fetch.run(arguments, saveIn: dir)
        #expect(status == 2)
        #expect(captured.stderrText.contains(message), "\(captured.stderrText)")
        #expect(captured.stdoutText.isEmpty)
    }

    @Test func snapshotsNeedURLs() throws {
        let dir = try fetch.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = FetchTests.profiles.appendingPathComponent("heap.1.pb.gz").path
        let (status, captured) = fetch.run(["-trend", "-every=10ms", "-count=2", file], saveIn: dir)
        #expect(status == 2)
        #expect(captured.stderrText == "-every takes snapshots of URLs, and \(file) is a file; give the profiles themselves to -trend\n")
    }

    @Test func goDurations() {
        #expect(GoDuration.seconds("30s") == 30)
        #expect(GoDuration.seconds("1m30s") == 90)
        #expect(GoDuration.seconds("200ms") == 0.2)
        #expect(GoDuration.seconds("1.5h") == 5400)
        #expect(GoDuration.seconds("0") == 0)
        #expect(GoDuration.seconds("30") == nil)
        #expect(GoDuration.seconds("s") == nil)
        #expect(GoDuration.seconds("") == nil)
    }
}
