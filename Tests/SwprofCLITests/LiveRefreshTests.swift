import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import SwprofServer
import Testing

@testable import SwprofCLI

/// `swprof -http=… URL`: the web UI's Refresh fetches the source again
/// (saved like any fetch) and "Compare with previous" shows the newest
/// snapshot against the previous one with the numbers of `-base old new`.
@Suite(.serialized) struct LiveRefreshTests {
    /// GETs `url` (following redirects) on a thread of its own; the status and body.
    static func get(_ url: String) async throws -> (Int, String) {
        try await fetch(URLRequest(url: URL(string: url)!))
    }

    /// POSTs to `url` as the UI's own Refresh button does (same `Origin`),
    /// following the redirect to the view.
    static func post(_ url: String) async throws -> (Int, String) {
        var request = URLRequest(url: URL(string: url)!)
        request.httpMethod = "POST"
        let target = URL(string: url)!
        request.setValue("http://\(target.host ?? ""):\(target.port ?? 80)", forHTTPHeaderField: "Origin")
        return try await fetch(request)
    }

    static func fetch(_ request: URLRequest) async throws -> (Int, String) {
        try await LiveReload.offThePool {
            let box = Reply()
            let done = DispatchSemaphore(value: 0)
            let session = URLSession(configuration: .ephemeral)
            session.dataTask(with: request) { data, response, _ in
                box.status = (response as? HTTPURLResponse)?.statusCode ?? 0
                box.body = String(decoding: data ?? Data(), as: UTF8.self)
                done.signal()
            }.resume()
            done.wait()
            session.finishTasksAndInvalidate()
            return (box.status, box.body)
        }
    }

    final class Reply: @unchecked Sendable {
        var status = 0
        var body = ""
    }

    /// The rows of the web Top table: flat, flat%, sum%, cum, cum%, name.
    static func webTopRows(_ html: String) -> [[String]] {
        let pattern = try! NSRegularExpression(
            pattern: #"<td class="num">([^<]*)</td>\s*<td class="num">([^<]*)</td>\s*<td class="num">([^<]*)</td>\s*<td class="num">([^<]*)</td>\s*<td class="num bar"[^>]*>([^<]*)</td>\s*<td class="name"><a [^>]*>([^<]*)</a>"#)
        let text = html as NSString
        return pattern.matches(in: html, range: NSRange(location: 0, length: text.length)).map { match in
            (1...6).map { i in
                text.substring(with: match.range(at: i)).replacingOccurrences(of: "&lt;", with: "<")
                    .replacingOccurrences(of: "&gt;", with: ">").replacingOccurrences(of: "&quot;", with: "\"")
                    .replacingOccurrences(of: "&#39;", with: "'").replacingOccurrences(of: "&amp;", with: "&")
            }
        }
    }

    /// The rows of a `-top` text report, split into the same six columns.
    static func textTopRows(_ text: String) -> [[String]] {
        var rows: [[String]] = []
        var inTable = false
        for line in text.split(separator: "\n") {
            if line.contains("flat  flat%   sum%") {
                inTable = true
                continue
            }
            guard inTable else { continue }
            var fields = line.split(separator: " ", maxSplits: 5, omittingEmptySubsequences: true).map(String.init)
            guard fields.count == 6 else { continue }
            // The web page shows "(inline)" apart from the name.
            fields[5] = fields[5].trimmingCharacters(in: .whitespaces)
            if fields[5].hasSuffix(" (inline)") { fields[5].removeLast(" (inline)".count) }
            rows.append(fields)
        }
        return rows
    }

    @Test func refreshFetchesAgainAndCompareShowsTheBaseDifference() async throws {
        let fixtures = FetchTests.profiles
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("swprof-live-\(UUID().uuidString)")
        let served = dir.appendingPathComponent("served")
        try FileManager.default.createDirectory(at: served, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let servedHeap = served.appendingPathComponent("heap.pb.gz")
        try FileManager.default.copyItem(at: fixtures.appendingPathComponent("heap.1.pb.gz"), to: servedHeap)
        let service = try LoopbackProfileServer(profiles: served)
        defer { service.stop() }

        let savedDir = dir.appendingPathComponent("saved")
        let (io, captured) = CommandIO.capturing(
            workingDirectory: dir.path, environment: ["TZ": "UTC", "PPROF_TMPDIR": savedDir.path])
        let source = "http://127.0.0.1:\(service.port)/debug/pprof/heap"
        let invocation = try CommandLineParser.parse(["-http=127.0.0.1:0", "-no_browser", source]) { _ in false }
        let loader = ProfileLoader(io: io)
        let loaded = try loader.loadWithComparison(invocation)
        let (input, configuration) = try Swprof.webSetup(
            loaded, hostPort: "127.0.0.1:0", invocation: invocation, loader: loader, io: io)
        #expect(configuration.reload != nil)
        let server = try await WebServer.start(input, configuration: configuration)
        defer { Task { await server.stop() } }

        let (_, first) = try await Self.get(server.url + "/ui/top")
        #expect(first.contains(">Refresh</button>"))
        #expect(!first.contains(">Compare with previous</a>"))

        // The service's heap changes; Refresh picks it up.
        try FileManager.default.removeItem(at: servedHeap)
        try FileManager.default.copyItem(at: fixtures.appendingPathComponent("heap.3.pb.gz"), to: servedHeap)
        let (status, refreshed) = try await Self.post(server.url + "/ui/refresh/top")
        #expect(status == 200)
        #expect(refreshed.contains("Snapshot 2, fetched "))
        #expect(service.requests == ["/debug/pprof/heap", "/debug/pprof/heap"])
        let prefix = "pprof.leaky.bin.alloc_objects.alloc_space.inuse_objects.inuse_space."
        let saved1 = savedDir.appendingPathComponent(prefix + "001.pb.gz").path
        let saved2 = savedDir.appendingPathComponent(prefix + "002.pb.gz").path
        #expect(captured.stderrText == """
            Fetching profile over HTTP from \(source)
            Saved profile in \(saved1)
            Fetching profile over HTTP from \(source)
            Saved profile in \(saved2)

            """)

        func cli(_ args: [String]) -> [[String]] {
            let (io, out) = CommandIO.capturing(workingDirectory: dir.path)
            _ = Swprof.run(arguments: args, io: io, input: ShellInput(lines: []))
            return Self.textTopRows(out.stdoutText)
        }
        // The new snapshot has the numbers of the new profile.
        let newRows = cli(["-top", fixtures.appendingPathComponent("heap.3.pb.gz").path])
        let webNew = Self.webTopRows(refreshed)
        #expect(!newRows.isEmpty && webNew == newRows)
        #expect(webNew != Self.webTopRows(first))

        // Compare with previous: the numbers of `-base old new`, on the saved copies and on the originals.
        let (compareStatus, compared) = try await Self.get(server.url + "/ui/top?prev=1")
        #expect(compareStatus == 200)
        let diffRows = cli(["-top", "-base", saved1, saved2])
        #expect(diffRows == cli([
            "-top", "-base", fixtures.appendingPathComponent("heap.1.pb.gz").path,
            fixtures.appendingPathComponent("heap.3.pb.gz").path,
        ]))
        let webDiff = Self.webTopRows(compared)
        #expect(!diffRows.isEmpty && webDiff == diffRows)
        #expect(webDiff != webNew)

        // Other sample types compare the same way.
        let (_, comparedAlloc) = try await Self.get(server.url + "/ui/top?si=alloc_space&prev=1")
        #expect(Self.webTopRows(comparedAlloc) == cli(["-top", "-sample_index=alloc_space", "-base", saved1, saved2]))

        // The service goes away: Refresh says why and the UI stays up.
        service.stop()
        let (failedStatus, failed) = try await Self.post(server.url + "/ui/refresh/top")
        #expect(failedStatus == 502)
        #expect(failed.contains("Could not fetch the profile again: "))
        #expect(failed.contains("connection refused"))
        let (afterStatus, after) = try await Self.get(server.url + "/ui/top")
        #expect(afterStatus == 200 && Self.webTopRows(after) == webNew)
        await server.stop()
    }

    @Test func filesGetNoReload() throws {
        let (io, _) = CommandIO.capturing()
        let heap = FetchTests.profiles.appendingPathComponent("heap.1.pb.gz").path
        let invocation = try CommandLineParser.parse(["-http=127.0.0.1:0", heap]) { _ in false }
        let loader = ProfileLoader(io: io)
        let (_, configuration) = try Swprof.webSetup(
            try loader.loadWithComparison(invocation), hostPort: "127.0.0.1:0", invocation: invocation, loader: loader,
            io: io)
        #expect(configuration.reload == nil)
    }
}
