import SwprofViews
import Foundation
import SwprofCore
import SwprofRender
import Testing

@testable import SwprofServer

/// The Flame Graph view's parameters, on the bundled sample profile.
@Suite(.serialized) struct FlameGraphPageTests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/profiles")

    @Test func pivotShowsCalleesCallersAndBreadcrumb() async throws {
        try await withServer(try WebServer.sampleInput()) { port in
            let page = try await HTTPTestClient.get(port: port, "/ui/flamegraph?p=main.handler").text
            #expect(page.contains("Callees of main.handler"))
            #expect(page.contains("Callers of main.handler"))
            // The heaviest caller chain, each step a zoom-out link.
            #expect(page.contains("<a href=\"/ui/flamegraph?p=net%2Fhttp.HandlerFunc.ServeHTTP\">net/http.HandlerFunc.ServeHTTP</a>"))
            #expect(page.contains("<b>main.handler</b>"))
            // The pivot's callee is drawn, its caller's caller is in the icicle.
            #expect(page.contains(">main.leakHeap</text>"))
            #expect(page.contains(">http.(*conn).serve</text>"))
            let unknown = try await HTTPTestClient.get(port: port, "/ui/flamegraph?p=no.such.frame").text
            #expect(unknown.contains("No frame is called no.such.frame"))
        }
    }

    @Test func searchShowsTheMatchedShare() async throws {
        try await withServer(try WebServer.sampleInput()) { port in
            // main.leakHeap holds 27.13MB of 33.63MB, as pprof's top says (80.67%).
            let page = try await HTTPTestClient.get(port: port, "/ui/flamegraph?q=leakHeap").text
            #expect(page.contains("Matched: <b>80.67%</b> (27.13MB)"))
            #expect(page.contains("class=\"f m\""))
            let bad = try await HTTPTestClient.get(port: port, "/ui/flamegraph?q=%28").text
            #expect(bad.contains("class=\"error\""))
        }
    }

    @Test func filtersAndGranularityApply() async throws {
        try await withServer(try WebServer.sampleInput()) { port in
            let hidden = try await HTTPTestClient.get(port: port, "/ui/flamegraph?h=runtime").text
            #expect(!hidden.contains(">runtime."))
            #expect(hidden.contains("<span class=\"kind\">hide</span> <code>runtime</code>"))
            let lines = try await HTTPTestClient.get(port: port, "/ui/flamegraph?g=lines").text
            #expect(lines.contains("main.leakHeap leaky/main.go:30"))
            let alloc = try await HTTPTestClient.get(port: port, "/ui/flamegraph?si=alloc_space").text
            #expect(alloc.contains("<span>Type: alloc_space</span>"))
            let badNumber = try await HTTPTestClient.get(port: port, "/ui/top?nf=abc").text
            #expect(badNumber.contains("nf=abc: "))
        }
    }

    @Test func commandLineOptionsAreTheDefaults() async throws {
        var config = ReportConfig()
        config.sampleIndex = "alloc_space"
        try await withServer(try WebServer.sampleInput(), config: config) { port in
            let page = try await HTTPTestClient.get(port: port, "/ui/top").text
            #expect(page.contains("<span>Type: alloc_space</span>"))
            let overridden = try await HTTPTestClient.get(port: port, "/ui/top?si=inuse_objects").text
            #expect(overridden.contains("<span>Type: inuse_objects</span>"))
        }
    }

    @Test func comparisonColoursChangeAndListsVanishedStacks() async throws {
        let base = try ProfileParser.parse(Data(contentsOf: Self.fixtures.appendingPathComponent("heap.1.pb.gz")), source: "heap.1")
        var new = try ProfileParser.parse(Data(contentsOf: Self.fixtures.appendingPathComponent("heap.3.pb.gz")), source: "heap.3")
        // Drop the new profile's runtime stacks so that some base stacks vanish.
        new.samples.removeAll { sample in
            sample.locations.contains { location in
                new.locations[location].lines.contains { new.functions[$0.function].name.hasPrefix("runtime.malg") }
            }
        }
        var negated = base
        negated.samples = base.samples.map { var s = $0; s.values = s.values.map { -$0 }; return s }
        let combined = try Profile.merge([new, negated])
        let input = WebServer.Input(profile: combined, name: "heap.3", comparison: (base, new))
        try await withServer(input) { port in
            let page = try await HTTPTestClient.get(port: port, "/ui/flamegraph").text
            #expect(page.contains("swatch grew"))
            #expect(page.contains("Base and new side by side"))
            #expect(page.contains("Change: "))
            #expect(page.contains(" → "))
            #expect(page.contains("<a href=\"/ui/flamegraph?palette=cb\">Colour-blind safe colours</a>"))
            let safe = try await HTTPTestClient.get(port: port, "/ui/flamegraph?palette=cb").text
            #expect(safe.contains("<p class=\"key cb\">"))
            #expect(safe.contains("hsl(35,100%"))
            #expect(safe.contains("Red/blue colours"))
            #expect(page.contains("Stacks that vanished"))
            #expect(page.contains("runtime.malg"))
            let side = try await HTTPTestClient.get(port: port, "/ui/flamegraph?cmp=side").text
            #expect(side.contains("<h2>Base · "))
            #expect(side.contains("<h2>New · "))
            #expect(side.contains("Show difference"))
            let top = try await HTTPTestClient.get(port: port, "/ui/top").text
            #expect(top.contains("<table class=\"report top\">"))
        }
    }
}
