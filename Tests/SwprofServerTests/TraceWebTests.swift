import Foundation
import SwprofCore
import SwprofRender
import Testing

@testable import SwprofServer

/// The web UI for an execution trace: landing page, goroutine analysis and
/// the four profiles with every view, links kept under /trace/KIND/.
@Suite(.serialized) struct TraceWebTests {
    static let traces = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/traces")

    func withTraceServer(_ name: String, _ body: (Int) async throws -> Void) async throws {
        let bytes = [UInt8](try Data(contentsOf: Self.traces.appendingPathComponent(name)))
        let trace = try ExecutionTraceProfiles.read(bytes, source: name, summarize: true)
        let site = try TraceWebSite(trace: trace, name: name, config: ReportConfig())
        let configuration = WebServer.Configuration(
            address: HTTPAddress(host: "localhost", port: 0), openBrowser: false, environment: [:])
        try await serving(try await WebServer.startTrace(site, configuration: configuration), body)
    }

    @Test(arguments: ["blocking-go127.trace", "blocking-go119.trace"])
    func landingPageTellsAboutTheTraceAndLinksEverything(_ name: String) async throws {
        try await withTraceServer(name) { port in
            let root = try await HTTPTestClient.get(port: port, "/")
            #expect(root.status == 307 && root.headers["location"] == "/trace")
            let page = try await HTTPTestClient.get(port: port, "/trace")
            #expect(page.status == 200)
            for fact in ["Duration", "Goroutines", "Procs", "GC cycles", name] {
                #expect(page.text.contains(fact), "landing page lacks \(fact)")
            }
            #expect(page.text.contains("href=\"/trace/goroutines\""))
            for kind in TraceProfileKind.allCases {
                for view in WebView.reportViews {
                    let link = "/trace/\(kind.rawValue)/ui/\(view.rawValue)"
                    #expect(page.text.contains("href=\"\(link)\""), "no link to \(link)")
                    let target = try await HTTPTestClient.get(port: port, link)
                    #expect(target.status == 200, "\(link): \(target.status)")
                    // Every link of a profile page stays in the trace's UI.
                    #expect(!target.text.contains("href=\"/ui/top") && !target.text.contains("href=\"/ui/flamegraph"),
                            "\(link) links out of /trace/\(kind.rawValue)/")
                }
            }
        }
    }

    @Test func profilePagesShowTheProfileOfTheirKind() async throws {
        try await withTraceServer("blocking-go127.trace") { port in
            let sync = try await HTTPTestClient.get(port: port, "/trace/sync/ui/top")
            #expect(sync.text.contains("sync.(*WaitGroup).Wait"))
            let net = try await HTTPTestClient.get(port: port, "/trace/net/ui/top")
            #expect(net.text.contains("internal/poll.(*FD).Read"))
            #expect(!net.text.contains("sync.(*WaitGroup).Wait"))
            let contentions = try await HTTPTestClient.get(port: port, "/trace/sched/ui/top?si=contentions")
            #expect(contentions.status == 200 && contentions.text.contains("contentions"))
            let missing = try await HTTPTestClient.get(port: port, "/trace/cpu/ui/top")
            #expect(missing.status == 404)
        }
    }

    /// No dead ends: a profile's bare path opens its first view, unknown paths
    /// answer a page linking every trace page, and an unknown sort column is a 400.
    @Test func bareProfilePathsRedirectAndUnknownPathsLinkBack() async throws {
        try await withTraceServer("blocking-go127.trace") { port in
            for path in ["/trace/sync", "/trace/sync/ui", "/trace/sync/ui/"] {
                let response = try await HTTPTestClient.get(port: port, path + "?si=contentions")
                #expect(response.status == 302, "\(path)")
                #expect(response.headers["location"] == "/trace/sync/ui/flamegraph?si=contentions", "\(path)")
            }
            for path in ["/trace/bogus/ui/top", "/trace/sync/ui/nope", "/ui/top", "/nowhere"] {
                let response = try await HTTPTestClient.get(port: port, path)
                #expect(response.status == 404, "\(path)")
                #expect(response.headers["content-type"]?.hasPrefix("text/html") == true, "\(path)")
                #expect(response.text.contains("<a href=\"/trace\">") && response.text.contains("/trace/net/ui/flamegraph"), "\(path)")
            }
            let hostile = try await HTTPTestClient.get(port: port, "/trace/%3Cscript%3E")
            #expect(hostile.status == 404 && !hostile.text.contains("<script>"))
            let badSort = try await HTTPTestClient.get(port: port, "/trace/goroutines?sort=bogus")
            #expect(badSort.status == 400)
            #expect(badSort.text.contains("Execution ▼"))
        }
    }

    @Test func goroutineAnalysisGroupsSortsAndOpensGroups() async throws {
        try await withTraceServer("blocking-go127.trace") { port in
            let page = try await HTTPTestClient.get(port: port, "/trace/goroutines?sort=sched")
            #expect(page.status == 200)
            #expect(page.text.contains("main.burnCPU.func1"))
            #expect(page.text.contains("Scheduler wait ▼"))
            // Rows are sorted by the chosen column (the 7th cell: count, total, execution, network, sync, syscall, scheduler).
            let rows = page.text.components(separatedBy: "<tr><td class=\"name\">").dropFirst()
            let sched = rows.map { row -> Double in
                let cells = row.components(separatedBy: "<td>").dropFirst().map { $0.components(separatedBy: "</td>")[0] }
                return Self.seconds(cells[6])
            }
            #expect(sched.count > 5)
            #expect(sched == sched.sorted(by: >), "rows are not sorted by scheduler wait: \(sched)")
            let group = try await HTTPTestClient.get(port: port, "/trace/goroutines?group=main.burnCPU.func1")
            #expect(group.status == 200)
            #expect(group.text.components(separatedBy: "<tr><td class=\"name\">").count - 1 == 6, "six goroutines")
            #expect(group.text.contains("/trace/sched/ui/top?f=main%5C.burnCPU%5C.func1"))
            let hostile = try await HTTPTestClient.get(port: port, "/trace/goroutines?group=%3Cscript%3Ealert(1)%3C/script%3E")
            #expect(hostile.status == 200 && !hostile.text.contains("<script>alert"))
        }
    }

    /// Seconds in a Go duration such as `1.5ms`, `2m3.25s`, `0s`.
    static func seconds(_ text: String) -> Double {
        var total = 0.0
        var number = ""
        var unit = ""
        func flush() {
            let scale: [String: Double] = ["ns": 1e-9, "µs": 1e-6, "us": 1e-6, "ms": 1e-3, "s": 1, "m": 60, "h": 3600]
            if let n = Double(number), let f = scale[unit] { total += n * f }
            number = ""
            unit = ""
        }
        for c in text {
            if c.isNumber || c == "." {
                if !unit.isEmpty { flush() }
                number.append(c)
            } else {
                unit.append(c)
            }
        }
        flush()
        return total
    }
}
