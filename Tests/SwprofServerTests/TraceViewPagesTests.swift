import Foundation
import SwprofCore
import SwprofRender
import SwprofViews
import Testing

@testable import SwprofServer

/// The trace's timeline, MMU, task, region and log pages, and the trace's
/// static export.
@Suite(.serialized) struct TraceViewPagesTests {
    static let traces = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/traces")

    static func site(_ name: String) throws -> TraceWebSite {
        let bytes = [UInt8](try Data(contentsOf: traces.appendingPathComponent(name)))
        let trace = try ExecutionTraceProfiles.read(bytes, source: name, summarize: true)
        return try TraceWebSite(trace: trace, name: name, config: ReportConfig())
    }

    func withTraceServer(_ name: String, _ body: (Int) async throws -> Void) async throws {
        let configuration = WebServer.Configuration(
            address: HTTPAddress(host: "localhost", port: 0), openBrowser: false, environment: [:])
        try await serving(try await WebServer.startTrace(try Self.site(name), configuration: configuration), body)
    }

    /// The href values of a page, `&amp;` read back as `&`.
    static func links(_ html: String) -> [String] {
        html.components(separatedBy: "href=\"").dropFirst().map {
            $0.components(separatedBy: "\"")[0].replacingOccurrences(of: "&amp;", with: "&")
        }
    }

    @Test(arguments: ["annotated-go127.trace", "annotated-go119.trace"])
    func landingLinksEveryViewAndEveryViewAnswers(_ name: String) async throws {
        try await withTraceServer(name) { port in
            let landing = try await HTTPTestClient.get(port: port, "/trace")
            for path in ["/trace/timeline", "/trace/mmu", "/trace/tasks", "/trace/regions", "/trace/logs"] {
                #expect(landing.text.contains("href=\"\(path)\""), "landing lacks \(path)")
                let page = try await HTTPTestClient.get(port: port, path)
                #expect(page.status == 200, "\(path): \(page.status)")
                #expect(page.text.utf8.count < 2_000_000)
                // Every link of the page answers (the ones into the trace's own views).
                for link in Set(Self.links(page.text)).filter({ $0.hasPrefix("/trace/") && !$0.contains("/ui/") }).sorted().prefix(40) {
                    let target = try await HTTPTestClient.get(port: port, link)
                    #expect(target.status == 200, "\(path) → \(link): \(target.status)")
                }
            }
        }
    }

    @Test func timelineDrawsProcsGCAndSlicesWithTooltipsAndZooms() async throws {
        try await withTraceServer("blocking-go127.trace") { port in
            let page = try await HTTPTestClient.get(port: port, "/trace/timeline")
            #expect(page.status == 200)
            #expect(page.text.contains("<svg") && page.text.contains(">P0</text>") && page.text.contains(">GC</text>")
                    && page.text.contains(">STW</text>"))
            #expect(page.text.contains("resumed at:"), "slices name the stack they resumed at")
            #expect(page.text.contains("<title>G1 main.main") || page.text.contains("main.main"))
            // Zoom in, twice, then pan: windows shrink and move, pages stay small.
            var path = "/trace/timeline"
            var previous = 0.0
            for step in ["Zoom in", "Zoom in", "Later →"] {
                let current = try await HTTPTestClient.get(port: port, path)
                let link = try #require(current.text.components(separatedBy: "\">\(step)</a>").first?
                    .components(separatedBy: "href=\"").last?.replacingOccurrences(of: "&amp;", with: "&"))
                let next = try await HTTPTestClient.get(port: port, link)
                #expect(next.status == 200 && next.text.utf8.count < 2_000_000, "\(link)")
                let query = WebQuery(parsing: String(link.split(separator: "?")[1]))
                let span = Double(query[raw: "end"]!)! - Double(query[raw: "start"]!)!
                if step == "Later →" { #expect(span == previous) } else if previous > 0 { #expect(span < previous) }
                previous = span
                path = link
            }
            // A goroutine's timeline highlights it.
            let focused = try await HTTPTestClient.get(port: port, "/trace/timeline?g=1")
            #expect(focused.status == 200 && focused.text.contains("is highlighted"))
            let bad = try await HTTPTestClient.get(port: port, "/trace/timeline?start=abc")
            #expect(bad.status == 400 && bad.text.contains("<svg"))
            let huge = try await HTTPTestClient.get(port: port, "/trace/timeline?start=-99999999999&end=99999999999999&w=999999")
            #expect(huge.status == 200 && huge.text.contains("width=\"4072\""))
        }
    }

    @Test func goroutineRowsLinkToTheirTimeline() async throws {
        try await withTraceServer("blocking-go127.trace") { port in
            let group = try await HTTPTestClient.get(port: port, "/trace/goroutines?group=main.burnCPU.func1")
            let timelines = Self.links(group.text).filter { $0.hasPrefix("/trace/timeline?") }
            #expect(timelines.count == 6)
            for link in timelines.prefix(2) {
                let page = try await HTTPTestClient.get(port: port, link)
                #expect(page.status == 200 && page.text.contains("is highlighted"))
            }
        }
    }

    @Test func tasksRegionsAndLogsAreTablesWithEscapedNames() async throws {
        try await withTraceServer("annotated-go127.trace") { port in
            let tasks = try await HTTPTestClient.get(port: port, "/trace/tasks")
            #expect(tasks.text.contains(">request</a></td><td>12</td><td>12</td>"))
            #expect(tasks.text.contains(">unfinished</a></td><td>1</td><td>0</td>"))
            let request = try await HTTPTestClient.get(port: port, "/trace/tasks?type=request")
            #expect(request.status == 200)
            #expect(Self.links(request.text).filter { $0.hasPrefix("/trace/timeline?") && $0.contains("&g=") }.count == 12)
            let regions = try await HTTPTestClient.get(port: port, "/trace/regions")
            #expect(regions.text.contains("&lt;render&gt;") && !regions.text.contains("<render>"))
            let render = try await HTTPTestClient.get(port: port, "/trace/regions?type=%3Crender%3E&pc=\(Self.renderPC(regions.text))")
            #expect(render.status == 200 && render.text.contains("4 regions"))
            let missing = try await HTTPTestClient.get(port: port, "/trace/tasks?type=%3Cnope%3E")
            #expect(missing.status == 404 && !missing.text.contains("<nope>"))
            let logs = try await HTTPTestClient.get(port: port, "/trace/logs")
            #expect(logs.text.contains("id=3 &lt;b&gt;&amp;&quot;quoted&quot;&lt;/b&gt; ünïcode"))
            #expect(!logs.text.contains("<b>&"))
            let few = try await HTTPTestClient.get(port: port, "/trace/logs?n=5")
            #expect(few.text.components(separatedBy: "<tr><td><a").count - 1 == 5)
            #expect(few.text.contains("Next 5"))
        }
    }

    static func renderPC(_ html: String) -> String {
        let link = links(html).first { $0.hasPrefix("/trace/regions?type=%3Crender%3E") } ?? ""
        return link.components(separatedBy: "pc=").last ?? ""
    }

    @Test func mmuPlotsBothViewsAndLinksWorstWindows() async throws {
        try await withTraceServer("annotated-go127.trace") { port in
            let page = try await HTTPTestClient.get(port: port, "/trace/mmu")
            #expect(page.status == 200)
            #expect(page.text.components(separatedBy: "<polyline").count - 1 == 2)
            #expect(page.text.components(separatedBy: "<circle").count - 1 == 200)
            #expect(Self.links(page.text).filter { $0.hasPrefix("/trace/timeline?") }.count >= 200)
        }
        try await withTraceServer("ticker-go119.trace") { port in
            let page = try await HTTPTestClient.get(port: port, "/trace/mmu")
            #expect(page.status == 200 && page.text.contains("no utilization"))
        }
    }

    @Test func staticExportWritesTheTraceSiteWithRelativeLinks() async throws {
        let site = try Self.site("annotated-go127.trace")
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("swprof-trace-html-\(getpid())").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let written = try await TraceStaticSite.export(site, to: directory)
        for file in ["index.html", "timeline.html", "timeline-10.html", "mmu.html", "tasks.html", "regions.html",
                     "logs.html", "goroutines.html", "tasks-1.html", "style.css", "sync/index.html", "sync/top.html"] {
            #expect(written.files.contains(file), "\(file) not written")
            #expect(FileManager.default.fileExists(atPath: directory + "/" + file), "\(file) missing")
        }
        for file in written.files where file.hasSuffix(".html") {
            let html = try String(contentsOfFile: directory + "/" + file, encoding: .utf8)
            let absolute = Self.links(html).filter { $0.hasPrefix("/") }
            #expect(absolute.isEmpty, "\(file) links to \(absolute.prefix(3))")
            for link in Self.links(html) where !link.hasPrefix("#") && !link.hasPrefix("http") && !link.hasPrefix("data:") {
                let target = ((directory + "/" + file) as NSString).deletingLastPathComponent + "/" + link
                #expect(FileManager.default.fileExists(atPath: target), "\(file) → \(link) is not written")
            }
        }
        let index = try String(contentsOfFile: directory + "/index.html", encoding: .utf8)
        #expect(index.contains("href=\"timeline.html\"") && index.contains("href=\"sync/top.html\""))
        let syncTop = try String(contentsOfFile: directory + "/sync/top.html", encoding: .utf8)
        #expect(syncTop.contains("href=\"../index.html\""))
    }
}
