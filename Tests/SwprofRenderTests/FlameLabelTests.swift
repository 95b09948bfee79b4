import Foundation
import SwprofCore
import Testing

@testable import SwprofRender

/// Flame graph labels keep the function's name: package path first, then
/// the package and receiver, then the name itself is truncated (pprof's
/// `shortNameList`); the picture is drawn for its width at a fixed text size.
@Suite struct FlameLabelTests {
    @Test func candidatesDropPackageThenReceiver() {
        #expect(FrameName.shortened("regexp.(*machine).add") == ["regexp.(*machine).add", "(*machine).add", "add"])
        #expect(FrameName.shortened("net/http.(*conn).serve") == ["http.(*conn).serve", "(*conn).serve", "serve"])
        #expect(FrameName.shortened("std::vector<int>::push_back") == ["std::vector<int>::push_back", "vector<int>::push_back", "push_back"])
        #expect(FrameName.shortened("main.f main.go:12") == ["main.f main.go:12", "f main.go:12"])
        #expect(FrameName.shortened("plain") == ["plain"])
    }

    /// The label text of each box in `svg`.
    static func labels(_ svg: String) -> [String] {
        svg.components(separatedBy: "<text ").dropFirst().map { $0.components(separatedBy: ">")[1].components(separatedBy: "<")[0] }
    }

    @Test func narrowBoxesKeepTheFunctionName() {
        let profile = stackProfile([("main;regexp.(*machine).add", 6), ("main;other", 94)])
        let tree = FlameGraph(profile: profile, sampleIndex: 0).callTree()
        var renderer = FlameGraphSVG(total: tree.total, formatter: ValueFormatter(sampleUnit: "nanoseconds", outputUnit: "minimum"), href: { _ in nil })
        renderer.width = 800
        renderer.pixelSized = true
        let svg = renderer.render(tree)
        // 6% of 800 units is 48: room for 5 characters at 7.25 units, so "add".
        #expect(Self.labels(svg).contains("add"))
        #expect(svg.contains("width=\"800\""))
        #expect(svg.contains("font-size=\"12\""))
        renderer.width = 2400
        // 144 units: "(*machine).add" (14 characters) fits, the package does not.
        #expect(Self.labels(renderer.render(tree)).contains("(*machine).add"))
        renderer.width = 300
        // 18 units: nothing fits, not even a truncated name.
        #expect(!Self.labels(renderer.render(tree)).contains { $0.contains("add") })
    }
}
