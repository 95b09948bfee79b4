import Foundation
import SwprofCore
import SwprofRender
import Testing

@testable import SwprofServer

/// The numbers of the Top and Peek pages, checked against `go tool pprof`'s
/// text output for the same profile and options (Expected/, made by
/// Expected/regenerate.sh from the bundled sample profile).
@Suite(.serialized) struct ReportPageTests {
    static let expected = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Expected")

    /// `flat flat% sum% cum cum% name` rows of a pprof -top output.
    static func pprofTopRows(_ file: String) throws -> [[String]] {
        let text = try String(contentsOf: expected.appendingPathComponent(file), encoding: .utf8)
        var rows: [[String]] = []
        var inTable = false
        for line in text.split(separator: "\n") {
            if line.hasPrefix("      flat  flat%") { inTable = true; continue }
            guard inTable else { continue }
            let fields = line.split(separator: " ", maxSplits: 5, omittingEmptySubsequences: true).map(String.init)
            guard fields.count == 6 else { continue }
            rows.append(fields.map { $0.trimmingCharacters(in: .whitespaces) })
        }
        return rows
    }

    /// The same six columns from the Top page's table (name with its inline label).
    static func pageTopRows(_ html: String) -> [[String]] {
        var rows: [[String]] = []
        for row in html.components(separatedBy: "<tr").dropFirst(2) {
            let cells = matches(#"<td class="num[^"]*"[^>]*>([^<]*)</td>"#, in: row)
            guard cells.count == 5, let name = matches(#"<td class="name"><a [^>]*>([^<]*)</a>"#, in: row).first else { continue }
            var full = unescape(name)
            if let inline = matches(#"<span class="inline">([^<]*)</span>"#, in: row).first { full += " " + inline }
            rows.append(cells.map(unescape) + [full])
        }
        return rows
    }

    static func matches(_ pattern: String, in text: String) -> [String] {
        guard let regex = try? NSRegularExpression(pattern: pattern) else { return [] }
        let ns = text as NSString
        return regex.matches(in: text, range: NSRange(location: 0, length: ns.length)).map {
            ns.substring(with: $0.range(at: 1))
        }
    }

    static func unescape(_ text: String) -> String {
        text.replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
            .replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&#39;", with: "'")
            .replacingOccurrences(of: "&amp;", with: "&")
    }

    @Test(arguments: [
        ("", "heap.2.top.txt"),
        ("si=alloc_space&f=main", "heap.2.alloc_space.focus-main.top.txt"),
        ("sort=cum&n=5", "heap.2.cum.n5.top.txt"),
        ("g=lines&i=runtime", "heap.2.lines.ignore-runtime.top.txt"),
        ("tf=64kb%3A&h=net%2Fhttp", "heap.2.tagfocus-64kb.hide-http.top.txt"),
    ])
    func topMatchesPprof(query: String, expectedFile: String) async throws {
        let expected = try Self.pprofTopRows(expectedFile)
        #expect(!expected.isEmpty)
        try await withServer(try WebServer.sampleInput()) { port in
            let page = try await HTTPTestClient.get(port: port, "/ui/top" + (query.isEmpty ? "" : "?" + query))
            #expect(page.status == 200)
            let rows = Self.pageTopRows(page.text)
            #expect(rows == expected, "\(query)")
        }
    }

    @Test func topSortsByNameAndLinksEachName() async throws {
        try await withServer(try WebServer.sampleInput()) { port in
            let page = try await HTTPTestClient.get(port: port, "/ui/top?sort=name").text
            let names = Self.pageTopRows(page).map { $0[5] }
            #expect(names.count > 5)
            #expect(names == names.sorted())
            #expect(page.contains("<a href=\"/ui/top?sort=name\" class=\"sorted\">Name</a>"))
            // Each name links to its source, and offers peek, focus, ignore and flame.
            let pattern = Escape.queryComponent("^main\\.leakHeap( |$)")
            #expect(page.contains("href=\"/ui/source?f=\(pattern)\""))
            #expect(page.contains("href=\"/ui/peek?f=\(pattern)\""))
            #expect(page.contains("href=\"/ui/top?sort=name&amp;f=\(pattern)\""))
            #expect(page.contains("href=\"/ui/top?sort=name&amp;i=\(pattern)\""))
            #expect(page.contains("href=\"/ui/flamegraph?p=main.leakHeap\""))
        }
    }

    @Test func topLegendMatchesPprof() async throws {
        let text = try String(contentsOf: Self.expected.appendingPathComponent("heap.2.top.txt"), encoding: .utf8)
        try await withServer(try WebServer.sampleInput()) { port in
            let page = try await HTTPTestClient.get(port: port, "/ui/top").text
            for line in text.split(separator: "\n").prefix(4) {
                #expect(page.contains("<span>\(Escape.html(String(line)))</span>"), "\(line)")
            }
        }
    }

    @Test func peekMatchesPprof() async throws {
        let text = try String(contentsOf: Self.expected.appendingPathComponent("heap.2.peek-handler.txt"), encoding: .utf8)
        try await withServer(try WebServer.sampleInput()) { port in
            let page = try await HTTPTestClient.get(port: port, "/ui/peek?f=%5Emain%5C.handler%28+%7C%24%29").text
            // Caller, entry and callee names and weights as pprof prints them.
            for line in text.split(separator: "\n") where line.contains("|   ") {
                let parts = line.split(separator: "|", maxSplits: 1)
                let weight = parts[0].split(separator: " ").first.map(String.init) ?? ""
                let name = parts[1].trimmingCharacters(in: .whitespaces)
                #expect(page.contains(Escape.html(name)), "\(name)")
                #expect(page.contains("<td class=\"num\">\(weight)</td>"), "\(weight)")
            }
            #expect(page.contains("main.handler leaky/main.go:49"))
            #expect(page.contains("<td class=\"num\">80.67%</td>"))
        }
    }

    @Test func sampleTypeMenuListsEveryType() async throws {
        try await withServer(try WebServer.sampleInput()) { port in
            let page = try await HTTPTestClient.get(port: port, "/ui/flamegraph").text
            for type in ["alloc_objects", "alloc_space", "inuse_objects", "inuse_space"] {
                #expect(page.contains("?si=\(type)\""), "\(type)")
            }
            let bad = try await HTTPTestClient.get(port: port, "/ui/top?si=nonsense")
            #expect(bad.status == 400)
            #expect(bad.text.contains("class=\"error\""))
        }
    }

    @Test func graphPageInlinesTheLaidOutGraph() async throws {
        try await withServer(try WebServer.sampleInput()) { port in
            let page = try await HTTPTestClient.get(port: port, "/ui/graph?q=leak").text
            let svg = try #require(Self.svgElement(in: page, startingWith: "<svg"))
            #expect(isWellFormedXML(svg))
            #expect(svg.contains("class=\"node\""))
            #expect(svg.contains("main\nleakHeap") || svg.contains(">leakHeap<"))
            // Nodes link to a focus on themselves, in the same tab.
            #expect(svg.contains("href=\"/ui/graph?q=leak&amp;f=%5Emain%5C.leakHeap%28%20%7C%24%29\""))
            #expect(!svg.contains("target=\"_blank\""))
            // The search match is drawn with a double border.
            #expect(svg.contains("<polygon") )
        }
    }

    @Test func sourcePageAnnotatesFoundFiles() async throws {
        // A source tree with the sample's main.go under leaky/.
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("swprof-source-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root.appendingPathComponent("leaky"), withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: root) }
        let lines = (1...70).map { "line \($0) <code & \"quotes\">" }
        try lines.joined(separator: "\n").write(to: root.appendingPathComponent("leaky/main.go"), atomically: true, encoding: .utf8)
        var config = ReportConfig()
        config.sourcePath = root.path
        try await withServer(try WebServer.sampleInput(), config: config) { port in
            let page = try await HTTPTestClient.get(port: port, "/ui/source?f=%5Emain%5C.leakHeap%24").text
            #expect(page.contains("line 30 &lt;code &amp; &quot;quotes&quot;&gt;"))
            #expect(page.contains("class=\"hot4\""))
            #expect(page.contains("27.13MB"))
            let none = try await HTTPTestClient.get(port: port, "/ui/source").text
            #expect(none.contains("Pick a function"))
            #expect(none.contains("<a href=\"/ui/source?f=%5Emain%5C.leakHeap%28%20%7C%24%29\">main.leakHeap</a>"))
        }
    }

    /// The first `<svg …>…</svg>` element of a page.
    static func svgElement(in page: String, startingWith prefix: String) -> String? {
        guard let start = page.range(of: prefix), let end = page.range(of: "</svg>", range: start.upperBound..<page.endIndex)
        else { return nil }
        return String(page[start.lowerBound..<end.upperBound])
    }
}
