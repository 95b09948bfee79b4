import Foundation
import SwprofCore
import SwprofRender
import Testing

@testable import SwprofServer
@testable import SwprofViews

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// `-html=DIR`: the views as static pages that open from disk with no server
/// and no script; every link points at a file that was written.
@Suite(.serialized) struct StaticSiteTests {
    func temporaryDirectory() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("swprof-site-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }

    /// Every `href`/`src` value in `html`.
    func references(_ html: String) -> [String] {
        let pattern = try! NSRegularExpression(pattern: "(?:xlink:href|href|src|action)=\"([^\"]*)\"")
        return pattern.matches(in: html, range: NSRange(html.startIndex..., in: html)).compactMap {
            Range($0.range(at: 1), in: html).map { String(html[$0]) }
        }
    }

    func checkSite(_ input: WebServer.Input, sourceLocation: SourceLocation = #_sourceLocation) async throws -> (URL, [String]) {
        let dir = try temporaryDirectory()
        let files = try await StaticSite.export(input, config: ReportConfig(), to: dir.path, functions: 5).files
        #expect(files.first == "index.html", sourceLocation: sourceLocation)
        let onDisk = try FileManager.default.contentsOfDirectory(atPath: dir.path)
        #expect(Set(onDisk) == Set(files), sourceLocation: sourceLocation)
        for file in files where file.hasSuffix(".html") {
            #expect(!file.contains("/") && !file.hasPrefix(".") && file.count <= 80, "\(file)", sourceLocation: sourceLocation)
            let html = try String(contentsOf: dir.appendingPathComponent(file), encoding: .utf8)
            #expect(!html.contains("<script") && !html.contains("<form"), "\(file)", sourceLocation: sourceLocation)
            // `data:` URIs (the empty icon) load nothing.
            for reference in references(html) where !reference.hasPrefix("data:") {
                #expect(!reference.contains("/") && !reference.contains(":"), "\(file): \(reference)", sourceLocation: sourceLocation)
                let target = reference.split(separator: "#").first.map(String.init) ?? ""
                #expect(target.isEmpty || onDisk.contains(target), "\(file): \(reference) is not in the site", sourceLocation: sourceLocation)
            }
        }
        return (dir, files)
    }

    @Test func everyLinkResolvesAndTopMatchesTheReport() async throws {
        let profile = TestProfiles.heap()
        let (dir, files) = try await checkSite(WebServer.Input(profile: profile, name: "heap.test"))
        defer { try? FileManager.default.removeItem(at: dir) }
        for page in ["flamegraph.html", "top.html", "graph.html", "source.html", "style.css"] {
            #expect(files.contains(page))
        }
        #expect(files.filter { $0.hasPrefix("source-") }.count == 5)
        #expect(files.filter { $0.hasPrefix("peek-") }.count == 5)
        let top = try String(contentsOf: dir.appendingPathComponent("top.html"), encoding: .utf8)
        // The same rows as Core's report for the same options.
        let prepared = try ReportPreparation.prepare(profile, command: ReportCommand.named("top")!, argument: nil, config: ReportConfig())
        let rows = try Report(profile: prepared.profile, options: prepared.options).topReport().rows
        for row in rows.prefix(5) {
            #expect(top.contains("<td class=\"num\">\(row.flatText)</td>"), "\(row.name)")
        }
        #expect(top.contains("href=\"source-1-main.leakHeap.html\""))
        #expect(top.contains("href=\"peek-1-main.leakHeap.html\""))
        let source = try String(contentsOf: dir.appendingPathComponent("source-1-main.leakHeap.html"), encoding: .utf8)
        #expect(source.contains("main.leakHeap"))
        // The graph is there, drawn by Graphviz.
        let graph = try String(contentsOf: dir.appendingPathComponent("graph.html"), encoding: .utf8)
        #expect(graph.contains("<svg"))
    }

    @Test func hostileNamesGiveSafePagesAndFileNames() async throws {
        let bytes = HostileProfile.bytes()
        let profile = try ProfileParser.parse(bytes: bytes, source: "hostile.pb.gz")
        let (dir, files) = try await checkSite(WebServer.Input(profile: profile, name: "hostile<script>"))
        defer { try? FileManager.default.removeItem(at: dir) }
        for file in files where file.hasSuffix(".html") {
            let html = try String(contentsOf: dir.appendingPathComponent(file), encoding: .utf8)
            HostileInputServerTests.expectNoInjectedMarkup(html, file)
            HostileInputServerTests.expectWellFormedSVG(html, file)
        }
        #expect(files.allSatisfy { $0.unicodeScalars.allSatisfy { $0.isASCII && $0.value > 32 } })
    }

    @Test func comparisonTrendAndGoroutinesAreExported() async throws {
        let fixtures = FlameGraphPageTests.fixtures
        let snapshots = try TrendViewTests.snapshots(["heap.1.pb.gz", "heap.2.pb.gz", "heap.3.pb.gz"])
        let (dir, files) = try await checkSite(try WebServer.Input.trend(snapshots, name: "heap"))
        defer { try? FileManager.default.removeItem(at: dir) }
        #expect(files.contains("trend.html"))
        let trend = try String(contentsOf: dir.appendingPathComponent("trend.html"), encoding: .utf8)
        #expect(trend.contains("<tr class=\"leak\">"))
        #expect(files.contains("trend-stacks.html") && trend.contains("href=\"trend-stacks.html\""))
        let data = try Data(contentsOf: fixtures.appendingPathComponent("goroutine.debug2.txt"))
        let dump = try ProfileParser.parse(data, source: "goroutine.debug2.txt")
        let (dumpDir, dumpFiles) = try await checkSite(WebServer.Input(profile: dump, name: "dump"))
        defer { try? FileManager.default.removeItem(at: dumpDir) }
        #expect(dumpFiles.contains("goroutines.html"))
    }

    @Test func diffViewsDownloadAndGraphNodes() async throws {
        let (dir, files) = try await checkSite(try StandaloneFlameGraphTests.comparison())
        defer { try? FileManager.default.removeItem(at: dir) }
        for page in ["flamegraph-cb.html", "flamegraph-side.html", "profile.pb.gz"] {
            #expect(files.contains(page))
        }
        func read(_ file: String) throws -> String {
            try String(contentsOf: dir.appendingPathComponent(file), encoding: .utf8)
        }
        let index = try read("index.html")
        #expect(index.contains("<a href=\"flamegraph-cb.html\">Colour-blind safe colours</a>"))
        #expect(index.contains("href=\"flamegraph-side.html\">Base and new side by side"))
        #expect(index.contains("Stacks that vanished"))
        let safe = try read("flamegraph-cb.html")
        #expect(safe.contains("hsl(35,100%"))
        #expect(safe.contains("<a href=\"index.html\">Red/blue colours</a>"))
        #expect(safe.contains("<a href=\"top.html\">Top</a>"))  // the palette dropped for other views
        #expect(safe.contains("href=\"flamegraph-side.html\">Base and new side by side"))
        let side = try read("flamegraph-side.html")
        #expect(side.contains("href=\"index.html\">Show difference"))
        // Views without a side-by-side page show the toggle as text, never a link to themselves.
        let top = try read("top.html")
        #expect(top.contains("class=\"toggle\" data-no-link=\"\">Base and new side by side"))
        // Graph nodes of functions with a Source page open it.
        let graph = try read("graph.html")
        #expect(graph.contains("xlink:href=\"source-1-main.leakHeap.html\""))
        // The Download link is the profile itself.
        let download = try Data(contentsOf: dir.appendingPathComponent("profile.pb.gz"))
        let reread = try ProfileParser.parse(download, source: "profile.pb.gz")
        #expect(reread.samples.count > 0)
    }

    @Test func aFileInTheWayIsOneClearError() async throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("taken")
        try Data("x".utf8).write(to: file)
        await #expect(throws: ProfileError.self) {
            _ = try await StaticSite.export(WebServer.Input(profile: TestProfiles.heap(), name: "h"), config: ReportConfig(), to: file.path)
        }
        do {
            _ = try await StaticSite.export(WebServer.Input(profile: TestProfiles.heap(), name: "h"), config: ReportConfig(), to: file.path)
        } catch let error as ProfileError {
            #expect(error.description == "-html=\(file.path): it is a file, not a directory")
        }
    }
}
