import Foundation
import SwprofCore
import SwprofRender
import Testing

@testable import SwprofServer
@testable import SwprofViews

/// Issue 14: every screen says something useful and every control acts —
/// Source without the file, side by side on one scale, granularity on Peek
/// and Trend, `cmp=side` on Top, `q` on Goroutines, bad search patterns,
/// error pages and bad parameters.
@Suite(.serialized) struct DeadEndTests {
    /// The test heap profile against itself at `scale` times the values.
    static func comparison(scale: Int64 = 5) throws -> WebServer.Input {
        try WebServer.Input.comparing(
            WebServer.Input(profile: TestProfiles.heap(scale: scale), name: "new"),
            against: WebServer.Input(profile: TestProfiles.heap(), name: "base"))
    }

    @Test func sourceWithoutTheFileShowsTheSampledLinesAndWhereSwprofLooked() async throws {
        // The test profile's files (/src/app/main.go) do not exist here.
        try await withServer { port in
            let page = try await HTTPTestClient.get(port: port, "/ui/source?f=main.leakHeap")
            #expect(page.status == 200)
            #expect(page.text.contains("could not find file") || page.text.contains("open /src/app/main.go"))
            #expect(page.text.contains("-source_path=DIR"))
            #expect(page.text.contains("-trim_path=PREFIX"))
            #expect(page.text.contains("swprof opened <code>/src/app/main.go</code> where the profile says it is."))
            // main.leakHeap is at line 14 with 27 MB in use (flat and cum).
            #expect(page.text.contains("<td class=\"num\">25.75MB</td><td class=\"num\">25.75MB</td><td class=\"line\">14</td><td class=\"code\">???</td>"))
        }
    }

    @Test func sourceWithARelativePathSaysWhereItLooked() async throws {
        var profile = TestProfiles.heap()
        for index in profile.functions.indices { profile.functions[index].filename = "leaky/nowhere.go" }
        var config = ReportConfig()
        config.sourcePath = "/nonexistent/src"
        try await withServer(WebServer.Input(profile: profile, name: "heap"), config: config) { port in
            let page = try await HTTPTestClient.get(port: port, "/ui/source?f=main.leakHeap").text
            #expect(page.contains("could not find file leaky/nowhere.go on path /nonexistent/src"))
            #expect(page.contains("swprof looked for <code>leaky/nowhere.go</code> under <code>/nonexistent/src</code>"))
            #expect(page.contains("<td class=\"line\">14</td><td class=\"code\">???</td>"))
        }
    }

    /// The root box's width in each flame graph SVG of `html`.
    static func rootWidths(_ html: String) -> [Double] {
        html.components(separatedBy: "<svg class=\"flame\"").dropFirst().compactMap { svg in
            let rect = svg.components(separatedBy: "<rect ").dropFirst().first ?? ""
            let width = rect.components(separatedBy: "width=\"").dropFirst().first?.components(separatedBy: "\"").first
            return width.flatMap(Double.init)
        }
    }

    @Test func sideBySideIsDrawnOnOneScaleAndTotalsAreLabelled() async throws {
        try await withServer(try Self.comparison(scale: 5)) { port in
            let side = try await HTTPTestClient.get(port: port, "/ui/flamegraph?cmp=side&w=1000")
            #expect(side.status == 200)
            let widths = Self.rootWidths(side.text)
            try #require(widths.count == 2)
            // New is five times base: base takes a fifth of the width.
            #expect(abs(widths[0] / widths[1] - 0.2) < 0.01, "\(widths)")
            #expect(abs(widths[1] - 1000) < 1)
            #expect(side.text.contains("One scale for both"))
            let diff = try await HTTPTestClient.get(port: port, "/ui/flamegraph").text
            // The header's total names base, new and change; the root says new and base.
            #expect(diff.contains("Total: base 33.87MB → new 169.34MB (change +135.47MB)"))
            #expect(diff.contains("root · new 169.34MB, base 33.87MB"))
        }
    }

    @Test func granularityActsOnPeekAndTrend() async throws {
        try await withServer { port in
            let lines = try await HTTPTestClient.get(port: port, "/ui/peek?f=main.leakHeap").text
            #expect(lines.contains("Granularity <b>lines</b>"))
            #expect(lines.contains("main.leakHeap /src/app/main.go:14"))
            let functions = try await HTTPTestClient.get(port: port, "/ui/peek?f=main.leakHeap&g=functions").text
            #expect(functions.contains("Granularity <b>functions</b>"))
            #expect(!functions.contains("main.leakHeap /src/app/main.go:14"))
            #expect(functions.contains("<a href=\"/ui/source?"))
        }
        let snapshots = try TrendViewTests.snapshots(["heap.1.pb.gz", "heap.2.pb.gz", "heap.3.pb.gz"])
        try await withServer(try WebServer.Input.trend(snapshots, name: "heap")) { port in
            let functions = try await HTTPTestClient.get(port: port, "/ui/trend").text
            let byLine = try await HTTPTestClient.get(port: port, "/ui/trend?g=lines").text
            let names = TrendViewTests.rows(functions).map { $0.last ?? "" }
            let lineNames = TrendViewTests.rows(byLine).map { $0.last ?? "" }
            #expect(!names.isEmpty && names.allSatisfy { !$0.contains(".go:") })
            #expect(!lineNames.isEmpty && lineNames.allSatisfy { $0.contains(".go:") || !$0.contains(" ") })
            #expect(byLine.contains("Theil–Sen"))
        }
    }

    @Test func topSideBySideShowsBaseAndNewColumns() async throws {
        try await withServer(try Self.comparison(scale: 5)) { port in
            let page = try await HTTPTestClient.get(port: port, "/ui/top?cmp=side").text
            #expect(page.contains(">Base flat</th>") && page.contains(">New flat</th>"))
            // main.leakHeap: 27 MB in use in base (25.75MB), five times that in new, the change between.
            #expect(page.contains("<td class=\"num\">25.75MB</td>\n      <td class=\"num\">128.75MB</td>\n      <td class=\"num\">103MB</td>"))
            let plain = try await HTTPTestClient.get(port: port, "/ui/top").text
            #expect(!plain.contains(">Base flat</th>"))
            #expect(plain.contains("<span>Values are the change: new − base</span>"))
        }
    }

    @Test func badSearchPatternsAreReportedOnEveryView() async throws {
        try await withServer { port in
            for view in ["top", "graph", "peek", "flamegraph"] {
                let page = try await HTTPTestClient.get(port: port, "/ui/\(view)?q=%28%28")
                #expect(page.status == 400, "\(view)")
                #expect(page.text.contains("<p class=\"error\" role=\"alert\">Search:"), "\(view)")
            }
            let graph = try await HTTPTestClient.get(port: port, "/ui/graph?q=leakHeap").text
            #expect(graph.contains("fill=\"\(WebUI.searchMatchFill)\""))
        }
    }

    @Test func unknownPathsAndBadParametersAnswerPagesWithTheirStatus() async throws {
        try await withServer { port in
            let missing = try await HTTPTestClient.get(port: port, "/ui/nothing/here")
            #expect(missing.status == 404)
            #expect(missing.text.contains("<nav class=\"views\""))
            #expect(missing.text.contains("No page at /ui/nothing/here."))
            #expect(!missing.text.contains("aria-current=\"page\""))
            #expect(!missing.text.contains("class=\"bar controls\""))
            for (query, message) in [("si=nope", "nope"), ("n=-1", "n=-1: must not be negative"), ("f=%28%28", "((")] {
                let page = try await HTTPTestClient.get(port: port, "/ui/top?" + query)
                #expect(page.status == 400, "\(query)")
                #expect(page.text.contains("<nav class=\"views\""), "\(query)")
                #expect(page.text.contains("<p class=\"error\" role=\"alert\">") && page.text.contains(message), "\(query)")
            }
            let fine = try await HTTPTestClient.get(port: port, "/ui/top?n=3")
            #expect(fine.status == 200)
        }
    }

    @Test func goroutineIDsOfADumpAreListedCollapsed() async throws {
        let data = try Data(contentsOf: FlameGraphPageTests.fixtures.appendingPathComponent("goroutine.debug2.txt"))
        let profile = try ProfileParser.parse(data, source: "goroutine.debug2.txt")
        let groups = GoroutineGroups(profile: profile, sampleIndex: 0)
        let leak = try #require(groups.groups.first)
        #expect(leak.ids.count == Int(leak.count) && leak.ids == leak.ids.sorted() && Set(leak.ids).count == leak.ids.count)
        try await withServer(WebServer.Input(profile: profile, name: "dump")) { port in
            let page = try await HTTPTestClient.get(port: port, "/ui/goroutines").text
            // 700 goroutines: the first 500 IDs, the rest counted.
            try #require(leak.ids.count > GoroutinesPage.idLimit)
            let ids = leak.ids.prefix(GoroutinesPage.idLimit).map(String.init).joined(separator: ", ")
                + " and \(leak.ids.count - GoroutinesPage.idLimit) more"
            #expect(page.contains("<details class=\"ids\"><summary>\(leak.count) goroutine IDs</summary><p>\(ids)</p></details>"))
            #expect(page.contains("<summary>Goroutine ID</summary>"))
        }
    }

    @Test func goroutinesAreTitledOutsideTheRuntimeSearchedAndAllCounted() async throws {
        let data = try Data(contentsOf: FlameGraphPageTests.fixtures.appendingPathComponent("goroutine.3.pb.gz"))
        var profile = try ProfileParser.parse(data, source: "goroutine.3.pb.gz")
        // One goroutine with no stack at all, as a profile may record.
        profile.samples.append(Sample(locations: [], values: [1]))
        let expected = profile.samples.reduce(Int64(0)) { $0 + $1.values[0] }
        try await withServer(WebServer.Input(profile: profile, name: "goroutine.3")) { port in
            let page = try await HTTPTestClient.get(port: port, "/ui/goroutines").text
            #expect(page.contains("\(expected) goroutines in"))
            #expect(page.contains("Total: \(expected)"))
            let titles = page.components(separatedBy: "<span class=\"leaf\">").dropFirst().map { $0.components(separatedBy: "<")[0] }
            #expect(!titles.isEmpty)
            #expect(titles.allSatisfy { !$0.hasPrefix("runtime.") }, "\(titles)")
            #expect(page.contains("<span class=\"reason\">"))
            #expect(page.contains("(no stack recorded)"))
            // Granularity cannot change the groups: no menu that does nothing.
            #expect(!page.contains("<summary>Granularity"))
            #expect(page.contains("<span class=\"static\" title=\"Goroutines are grouped by identical stacks of file:line frames\">Granularity <b>lines</b></span>"))
            let searched = try await HTTPTestClient.get(port: port, "/ui/goroutines?q=leakGoroutine").text
            #expect(searched.contains("have a frame matching leakGoroutine"))
            #expect(searched.components(separatedBy: "<details class=\"group\"").count == 2)
            #expect(searched.contains("<li class=\"m\">"))
        }
    }
}
