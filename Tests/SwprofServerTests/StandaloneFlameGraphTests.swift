import Foundation
import SwprofCore
import SwprofRender
import Testing

@testable import SwprofServer
@testable import SwprofViews

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// `swprof -flamegraph`: the Flame Graph page's picture as a standalone SVG,
/// drawn by the page's own code.
@Suite struct StandaloneFlameGraphTests {
    /// heap.3 against heap.1 with the new profile's `runtime.malg` stacks
    /// dropped, so that some base stacks vanish (as the page tests do).
    static func comparison() throws -> WebServer.Input {
        let fixtures = FlameGraphPageTests.fixtures
        let base = try ProfileParser.parse(Data(contentsOf: fixtures.appendingPathComponent("heap.1.pb.gz")), source: "heap.1")
        var new = try ProfileParser.parse(Data(contentsOf: fixtures.appendingPathComponent("heap.3.pb.gz")), source: "heap.3")
        new.samples.removeAll { sample in
            sample.locations.contains { location in
                new.locations[location].lines.contains { new.functions[$0.function].name.hasPrefix("runtime.malg") }
            }
        }
        var negated = base
        negated.samples = base.samples.map { var s = $0; s.values = s.values.map { -$0 }; return s }
        return WebServer.Input(profile: try Profile.merge([new, negated]), name: "heap.3", comparison: (base, new))
    }

    /// The `<title>` texts of the flame graph's boxes (`<g class="f">`).
    static func boxTitles(_ svg: String) -> [String] {
        let pattern = try! NSRegularExpression(pattern: "<g class=\"f[^\"]*\">(?:<a [^>]*>)?<title>([^<]*)</title>")
        return pattern.matches(in: svg, range: NSRange(svg.startIndex..., in: svg)).compactMap {
            Range($0.range(at: 1), in: svg).map { String(svg[$0]) }
        }
    }

    @Test func theSameBoxesAsTheWebPageWithoutLinks() async throws {
        let input = try Self.comparison()
        let svg = try StandaloneFlameGraph.svg(input, config: ReportConfig(), baseName: "heap.1")
        #expect(XMLParser(data: Data(svg.utf8)).parse(), "not well-formed XML")
        #expect(svg.hasPrefix("<?xml"))
        #expect(!svg.contains("<script") && !svg.contains("href="))
        let ui = try WebUI(input: input, config: ReportConfig())
        let page = String(decoding: try ui.render(view: .flamegraph, query: WebQuery()).body, as: UTF8.self)
        let titles = Self.boxTitles(svg)
        #expect(titles.count > 5)
        #expect(titles == Self.boxTitles(page))
        // base → new (±Δ%) in the profile's unit, new frames marked.
        #expect(titles.contains { $0.hasPrefix("main.leakHeap\n") && $0.contains("Change: 8.51MB → 48.93MB (+475%)") })
        #expect(svg.contains("Diff flame graph · heap.3 against heap.1 · inuse_space"))
        // Red for growth; the vanished stacks listed with their base values.
        #expect(svg.contains("fill=\"hsl(0,78%"))
        #expect(svg.contains("Stacks that vanished"))
        #expect(svg.contains("runtime.malg"))
    }

    @Test func widthsComeFromTheNewProfile() throws {
        let input = try Self.comparison()
        let svg = try StandaloneFlameGraph.svg(input, config: ReportConfig())
        let new = try #require(input.comparison?.new)
        let prepared = try ReportPreparation.prepare(new, command: ReportCommand.named("top")!, argument: nil, config: ReportConfig())
        let report = try Report(profile: prepared.profile, options: prepared.options)
        let leak = try #require(report.topReport().rows.first { $0.name == "main.leakHeap" })
        // The box of main.leakHeap is its share of the new profile's total, of 1200 units.
        let box = try #require(svg.range(of: "main.leakHeap\nTotal"))
        let rest = svg[box.upperBound...]
        let widthStart = try #require(rest.range(of: "width=\""))
        let widthText = rest[widthStart.upperBound...].prefix { $0 != "\"" }
        let width = try #require(Double(widthText))
        let expected = 1200 * Double(leak.cum) / Double(report.total)
        #expect(abs(width + 0.5 - expected) < 1, "width \(width), expected \(expected)")
    }

    @Test func colourBlindPaletteAndShrinkage() throws {
        let fixtures = FlameGraphPageTests.fixtures
        let heap1 = try ProfileParser.parse(Data(contentsOf: fixtures.appendingPathComponent("heap.1.pb.gz")), source: "heap.1")
        let heap3 = try ProfileParser.parse(Data(contentsOf: fixtures.appendingPathComponent("heap.3.pb.gz")), source: "heap.3")
        var negated = heap3
        negated.samples = heap3.samples.map { var s = $0; s.values = s.values.map { -$0 }; return s }
        // heap.1 against heap.3: main.leakHeap shrank.
        let input = WebServer.Input(profile: try Profile.merge([heap1, negated]), name: "heap.1", comparison: (heap3, heap1))
        let redBlue = try StandaloneFlameGraph.svg(input, config: ReportConfig())
        #expect(redBlue.contains("fill=\"hsl(215,78%"))
        #expect(redBlue.contains("Change: 48.93MB → 8.51MB (-83%)"))
        let safe = try StandaloneFlameGraph.svg(input, config: ReportConfig(), palette: .colourBlind)
        #expect(safe.contains("fill=\"hsl(205,100%"))
        #expect(!safe.contains("fill=\"hsl(215,78%"))
        #expect(safe.contains("grew (orange)"))
    }

    @Test func hostileNamesAreEscaped() throws {
        let svg = try StandaloneFlameGraph.svg(try HostileInputServerTests.input(), config: ReportConfig())
        #expect(XMLParser(data: Data(svg.utf8)).parse(), "not well-formed XML")
        HostileInputServerTests.expectNoInjectedMarkup(svg, "standalone SVG")
        #expect(svg.contains("Flame graph · hostile&lt;script&gt;.pb.gz"))
    }
}
