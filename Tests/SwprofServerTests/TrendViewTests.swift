import SwprofViews
import Foundation
import SwprofCore
import SwprofRender
import Testing

@testable import SwprofServer

/// `-http -trend`: the Trend view ranks as the CLI's `-trend` does, with a
/// sparkline per row and links to source and the first-to-last flame graph;
/// the other views show the last snapshot against the first.
@Suite(.serialized) struct TrendViewTests {
    static func snapshots(_ names: [String]) throws -> [TrendReport.Snapshot] {
        try names.map { name in
            let data = try Data(contentsOf: FlameGraphPageTests.fixtures.appendingPathComponent(name))
            var profile = try ProfileParser.parse(data, source: name)
            try? profile.removeUninteresting()
            return TrendReport.Snapshot(name: name, profile: profile)
        }
    }

    /// The cells of each body row of the trend table: first, last, slope, grew, name.
    static func rows(_ html: String) -> [[String]] {
        let table = html.components(separatedBy: "<tbody>").dropFirst().first?.components(separatedBy: "</tbody>").first ?? ""
        return table.components(separatedBy: "<tr").dropFirst().map { row in
            let cells = row.components(separatedBy: "<td class=\"num\">").dropFirst().map { $0.components(separatedBy: "</td>")[0] }
            let name = row.components(separatedBy: "<td class=\"name\">").dropFirst().first.map {
                $0.replacingOccurrences(of: "<[^>]*>", with: "\u{1}", options: .regularExpression)
                    .split(separator: "\u{1}").first.map(String.init) ?? ""
            } ?? ""
            return cells + [name]
        }
    }

    @Test func trendViewMatchesTheCommandLineRanking() async throws {
        // Given out of order: the ranking orders snapshots by profile time.
        let snapshots = try Self.snapshots(["heap.3.pb.gz", "heap.1.pb.gz", "heap.2.pb.gz"])
        let expected = try TrendReport(snapshots: snapshots, config: ReportConfig())
        let input = try WebServer.Input.trend(snapshots, name: "heap")
        try await withServer(input) { port in
            let page = try await HTTPTestClient.get(port: port, "/ui/trend")
            #expect(page.status == 200)
            let rows = Self.rows(page.text)
            #expect(rows.count == expected.rows.count)
            #expect(rows.first == ["8.51MB", "48.93MB", "+288.77MB", "2/2", "main.leakHeap"])
            for (row, want) in zip(rows, expected.rows) {
                #expect(row == [
                    expected.format(Double(want.first)), expected.format(Double(want.last)),
                    expected.slopeText(want.slope), "\(want.grew)/2", want.name,
                ])
            }
            #expect(page.text.contains("heap.1.pb.gz → heap.2.pb.gz → heap.3.pb.gz"))
            #expect(page.text.contains("<tr class=\"leak\">"))
            #expect(page.text.contains("<svg class=\"sparkline\""))
            #expect(page.text.contains("href=\"/ui/flamegraph?p=main.leakHeap\""))
            #expect(page.text.contains("href=\"/ui/source?f=%5Emain%5C.leakHeap%28%20%7C%24%29\""))
            // Trend joins the view menu; the other views compare last with first.
            #expect(page.text.contains("aria-current=\"page\">Trend</a>"))
            let top = try await HTTPTestClient.get(port: port, "/ui/top").text
            #expect(top.contains(">Trend</a>"))
            #expect(top.contains("Base and new side by side"))
            // Every view's header says what it shows.
            let said = "Showing heap.3.pb.gz against heap.1.pb.gz: the last of 3 snapshots against the first"
            #expect(top.contains("<span>\(said)"))
            #expect(try await HTTPTestClient.get(port: port, "/ui/flamegraph").text.contains("<span>\(said)"))
            #expect(page.text.contains("<span>\(said)"))
            // Stacks and another sample type.
            let stacks = Self.rows(try await HTTPTestClient.get(port: port, "/ui/trend?stacks=1").text)
            #expect(stacks.first?.last?.hasSuffix(";main.handler;main.leakHeap") == true)
            let alloc = try await HTTPTestClient.get(port: port, "/ui/trend?si=alloc_space").text
            let allocExpected = try TrendReport(snapshots: snapshots, config: { var c = ReportConfig(); c.sampleIndex = "alloc_space"; return c }())
            #expect(Self.rows(alloc).map { $0.last ?? "" } == allocExpected.rows.map(\.name))
        }
    }

    @Test func withoutTrendThereIsNoTrendView() async throws {
        try await withServer { port in
            let page = try await HTTPTestClient.get(port: port, "/ui/trend")
            #expect(page.status == 404)
            #expect(page.text.contains("start swprof with <code>-trend</code>"))
            let top = try await HTTPTestClient.get(port: port, "/ui/top").text
            #expect(!top.contains(">Trend</a>"))
            #expect(!top.contains("snapshots against the first"))
        }
    }

    @Test func hostileNamesAreEscapedInTheTrendView() async throws {
        let snapshots = (1...3).map { n -> TrendReport.Snapshot in
            var profile = HostileProfile.profile()
            profile.scale(by: Double(n))
            profile.timeNanos += Int64(n) * 60_000_000_000
            return TrendReport.Snapshot(name: "hostile<script>\(n)", profile: profile)
        }
        try await withServer(try WebServer.Input.trend(snapshots, name: "hostile")) { port in
            for query in ["", "?stacks=1"] + HostileInputServerTests.hostileQueries {
                let page = try await HTTPTestClient.get(port: port, "/ui/trend" + query)
                #expect(page.status == (HostileInputServerTests.badQueries.contains(query) ? 400 : 200), "\(query)")
                HostileInputServerTests.expectNoInjectedMarkup(page.text, "/ui/trend\(query)")
                HostileInputServerTests.expectWellFormedSVG(page.text, "/ui/trend\(query)")
            }
        }
    }
}

/// The Goroutines view: only for goroutine profiles, groups largest first.
@Suite(.serialized) struct GoroutinesViewTests {
    @Test func goroutineDumpIsGroupedAndOtherProfilesHaveNoGoroutinesView() async throws {
        let data = try Data(contentsOf: FlameGraphPageTests.fixtures.appendingPathComponent("goroutine.debug2.txt"))
        let profile = try ProfileParser.parse(data, source: "goroutine.debug2.txt")
        let groups = GoroutineGroups(profile: profile, sampleIndex: 0)
        try await withServer(WebServer.Input(profile: profile, name: "dump")) { port in
            let page = try await HTTPTestClient.get(port: port, "/ui/goroutines")
            #expect(page.status == 200)
            #expect(page.text.contains("aria-current=\"page\">Goroutines</a>"))
            #expect(page.text.contains("\(groups.total) goroutines in \(groups.groups.count) distinct stacks"))
            let counts = page.text.components(separatedBy: "<b class=\"count\">").dropFirst().map { $0.components(separatedBy: "<")[0] }
            #expect(counts == groups.groups.map { "\($0.count)" })
            #expect(page.text.contains("<span class=\"state\">chan receive</span>"))
            // A focus filter narrows the groups.
            let focused = try await HTTPTestClient.get(port: port, "/ui/goroutines?f=leakGoroutine").text
            #expect(focused.components(separatedBy: "<details class=\"group\"").count == 2)
        }
        try await withServer { port in
            let page = try await HTTPTestClient.get(port: port, "/ui/goroutines")
            #expect(page.status == 404)
            #expect(page.text.contains("not a goroutine profile"))
            #expect(!(try await HTTPTestClient.get(port: port, "/ui/top").text.contains(">Goroutines</a>")))
        }
    }

    /// A traceback with waits, written here so every figure is known: three
    /// goroutines share `main.worker`'s stack (waits 12, 3 and 40 minutes).
    static let tracebackWithWaits = """
        goroutine 1 [running]:
        main.main()
        \t/src/app/main.go:10 +0x20

        goroutine 7 [chan receive, 12 minutes]:
        main.worker(0xc000010000)
        \t/src/app/worker.go:25 +0x45
        created by main.start
        \t/src/app/main.go:30 +0x60

        goroutine 8 [chan receive, 3 minutes]:
        main.worker(0xc000010008)
        \t/src/app/worker.go:25 +0x45
        created by main.start
        \t/src/app/main.go:30 +0x60

        goroutine 9 [select, 40 minutes]:
        main.worker(0xc000010010)
        \t/src/app/worker.go:25 +0x45
        created by main.start
        \t/src/app/main.go:30 +0x60

        """

    @Test func statesWaitsAndSingularsOfAShortTraceback() async throws {
        let profile = try ProfileParser.parse(Data(Self.tracebackWithWaits.utf8), source: "traceback.txt")
        try await withServer(WebServer.Input(profile: profile, name: "traceback")) { port in
            let page = try await HTTPTestClient.get(port: port, "/ui/goroutines").text
            #expect(page.contains("4 goroutines in 2 distinct stacks, largest groups first."))
            let groups = page.components(separatedBy: "<details class=\"group\"").dropFirst()
            #expect(groups.count == 2)
            let worker = groups.first ?? ""
            #expect(worker.contains("<b class=\"count\">3</b> goroutines"))
            #expect(worker.contains("<span class=\"state\">chan receive ×2</span> <span class=\"state\">select ×1</span>"))
            #expect(worker.contains("longest wait 40 minutes"))
            #expect(worker.contains("<span class=\"file\">/src/app/worker.go:25</span>"))
            #expect(worker.contains("created by main.start"))
            #expect(groups.last?.contains("<b class=\"count\">1</b> goroutine <span class=\"state\">running</span>") == true)
            #expect(groups.last?.contains("longest wait") == false)
            // Focused on main.main: one goroutine, one stack, said in the singular.
            let one = try await HTTPTestClient.get(port: port, "/ui/goroutines?f=main%5C.main").text
            #expect(one.contains("1 goroutine in 1 distinct stack, largest groups first."))
        }
    }

    @Test func hostileTracebackIsEscaped() async throws {
        let dump = "goroutine 1 [chan <b>receive</b>, 5 minutes]:\nmain.<script>alert(1)</script>(0x1)\n"
            + "\t/src/\"'&amp;<img src=x>.go:10 +0x20\ncreated by main.x<img src=y>\n\t/src/a.go:3 +0x1\n\n"
        let profile = try ProfileParser.parse(Data(dump.utf8), source: "hostile.txt")
        #expect(GoroutineGroups(profile: profile, sampleIndex: 0).total == 1)
        try await withServer(WebServer.Input(profile: profile, name: "hostile")) { port in
            let page = try await HTTPTestClient.get(port: port, "/ui/goroutines")
            #expect(page.status == 200)
            #expect(page.text.contains("main.&lt;script&gt;alert(1)&lt;/script&gt;"))
            #expect(!page.text.contains("<b>receive"))
            HostileInputServerTests.expectNoInjectedMarkup(page.text, "/ui/goroutines")
        }
    }

    /// With `-trend` (or `-base`) the view groups the last snapshot's
    /// goroutines with each stack's change, not the difference profile.
    /// Figures from `go tool pprof -traces`: goroutine.1 has 106 goroutines
    /// on 4 stacks (100 leaking), goroutine.3 706 on 6 (700 leaking).
    @Test func trendGroupsTheLastSnapshotWithChangesSinceTheFirst() async throws {
        let snapshots = try TrendViewTests.snapshots(["goroutine.1.pb.gz", "goroutine.2.pb.gz", "goroutine.3.pb.gz"])
        try await withServer(try WebServer.Input.trend(snapshots, name: "goroutines")) { port in
            let page = try await HTTPTestClient.get(port: port, "/ui/goroutines")
            #expect(page.status == 200)
            // Every goroutine counts, the one recorded without a stack too.
            #expect(page.text.contains("707 goroutines in 7 distinct stacks (+600 since the base), largest groups first."))
            let counts = page.text.components(separatedBy: "<b class=\"count\">").dropFirst().map { $0.components(separatedBy: "<")[0] }
            #expect(counts.first == "700")
            #expect(counts.compactMap { Int($0) }.reduce(0, +) == 707)
            #expect(page.text.contains("<b class=\"count\">700</b> goroutines <span class=\"change grew\">+600 since the base</span>"))
            #expect(!page.text.contains("<b class=\"count\">-"))
        }
    }
}
