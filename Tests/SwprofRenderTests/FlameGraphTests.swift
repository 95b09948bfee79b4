import Foundation
@testable import SwprofCore
import Testing

@testable import SwprofRender

/// A profile from stacks written root first ("a;b;c") with one value each.
func stackProfile(_ stacks: [(String, Int64)]) -> Profile {
    var p = Profile()
    p.sampleTypes = [ValueType(type: "cpu", unit: "nanoseconds")]
    var ids: [String: Int] = [:]
    func location(_ name: String) -> Int {
        if let id = ids[name] { return id }
        let index = p.functions.count
        p.functions.append(Function(id: UInt64(index + 1), name: name, filename: "x.go"))
        p.locations.append(Location(id: UInt64(index + 1), lines: [Line(function: index, line: 1)]))
        ids[name] = index
        return index
    }
    for (stack, value) in stacks {
        let frames = stack.split(separator: ";").map { location(String($0)) }
        p.samples.append(Sample(locations: frames.reversed(), values: [value]))
    }
    return p
}

@Suite struct FlameGraphTests {
    static let profile = stackProfile([
        ("main;a;b", 50), ("main;a;c", 30), ("main;d", 15), ("main;a", 5), ("main;a;b;a;e", 7), ("tiny", 1),
    ])

    @Test func callTreeSumsAndSortsChildren() {
        let tree = FlameGraph(profile: Self.profile, sampleIndex: 0).callTree()
        #expect(tree.total == 108)
        #expect(tree.children.map(\.name) == ["main", "tiny"])
        let main = tree.children[0]
        #expect(main.total == 107)
        #expect(main.children.map(\.name) == ["a", "d"])
        let a = main.children[0]
        #expect(a.total == 92)
        #expect(a.selfValue == 5)
        #expect(a.children.map(\.name) == ["b", "c"])
        #expect(a.children[0].total == 57)
    }

    @Test func calleesCountRecursiveStacksOnce() {
        let graph = FlameGraph(profile: Self.profile, sampleIndex: 0)
        let callees = graph.callees(of: "a")
        #expect(callees.total == 92)
        #expect(callees.selfValue == 5)
        #expect(callees.children.map(\.name) == ["b", "c"])
        let callers = graph.callers(of: "a")
        #expect(callers.total == 92)
        #expect(callers.children.map(\.name) == ["main"])
        #expect(graph.callees(of: "nothing").total == 0)
    }

    @Test func matchedShareCountsNestedMatchesOnce() throws {
        let tree = FlameGraph(profile: Self.profile, sampleIndex: 0).callTree()
        let pattern = try Pattern("^a$")
        #expect(tree.children.reduce(0) { $0 + $1.matchedTotal(pattern) } == 92)
        #expect(tree.children.reduce(0) { $0 + $1.matchedTotal(try! Pattern("^(b|e)$")) } == 57)
    }

    @Test func smallBoxesArePrunedIntoOneGreyBox() {
        var stacks: [(String, Int64)] = [("main;big", 100_000)]
        for i in 0..<40 { stacks.append(("main;small\(i)", 10)) }
        let tree = FlameGraph(profile: stackProfile(stacks), sampleIndex: 0).callTree()
        let svg = FlameGraphSVG(total: tree.total, formatter: ValueFormatter(sampleUnit: "count", outputUnit: "minimum"), href: { _ in nil })
            .render(tree)
        #expect(!svg.contains("small0"))
        #expect(svg.contains("40 frames too small to show"))
        #expect(svg.contains("Total: 400 "))
        #expect(isWellFormedXML(svg))
    }

    @Test func treesBuiltWithoutTinyFramesDrawTheSame() {
        var stacks: [(String, Int64)] = [("main;big;leaf", 100_000), ("main;big", 3_000), ("other", 900)]
        for i in 0..<40 { stacks.append(("main;small\(i);x", 10 + Int64(i))) }
        for i in 0..<30 { stacks.append(("main;big;tiny\(i)", 7)) }
        let graph = FlameGraph(profile: stackProfile(stacks), sampleIndex: 0)
        let full = graph.callTree()
        let pruned = graph.callTree(minimumFraction: 1.5 / 1200 * 0.999)
        #expect(pruned.total == full.total)
        let main = pruned.children[0]
        #expect(main.omitted.count == 40)
        #expect(main.omitted.total == (0..<40).reduce(0) { $0 + 10 + Int64($1) })
        let renderer = FlameGraphSVG(
            total: full.total, formatter: ValueFormatter(sampleUnit: "count", outputUnit: "minimum"), href: { _ in nil })
        #expect(renderer.render(pruned) == renderer.render(full))
        #expect(graph.callees(of: "main", minimumFraction: 0.001).omitted.count == 40)
    }

    /// Enough stacks that the large groups are grouped by counting frames
    /// (not sorting): the tree has every frame's sums and order that summing
    /// the stacks one by one gives.
    @Test func largeStackSetsGiveTheTreeOfTheirSums() {
        final class Reference {
            var total: Int64 = 0
            var selfValue: Int64 = 0
            var children: [String: Reference] = [:]
        }
        var rng = SplitMix(seed: 17)
        var stacks: [(String, Int64)] = []
        let root = Reference()
        for _ in 0..<30_000 {
            let depth = 1 + Int(rng.next() % 6)
            let frames = (0..<depth).map { _ in "f\(rng.next() % 9)" }
            let value = Int64(rng.next() % 1000) - 100
            stacks.append((frames.joined(separator: ";"), value))
            if value == 0 { continue }
            root.total &+= value
            var node = root
            for frame in frames {
                let child = node.children[frame] ?? Reference()
                node.children[frame] = child
                child.total &+= value
                node = child
            }
            node.selfValue &+= value
        }
        func check(_ frame: FlameFrame, _ expected: Reference, _ path: String) {
            #expect(frame.total == expected.total, "\(path)")
            #expect(frame.selfValue == expected.selfValue, "\(path)")
            let order = expected.children.sorted { l, r in
                l.value.total.magnitude != r.value.total.magnitude
                    ? l.value.total.magnitude > r.value.total.magnitude : l.key < r.key
            }
            #expect(frame.children.map(\.name) == order.map(\.key), "\(path)")
            for (child, (name, reference)) in zip(frame.children, order) { check(child, reference, path + ";" + name) }
        }
        check(FlameGraph(profile: stackProfile(stacks), sampleIndex: 0).callTree(), root, "root")
    }

    @Test func comparisonKeepsVanishedStacks() {
        let base = stackProfile([("main;old", 40), ("main;kept", 10)])
        let new = stackProfile([("main;kept", 30), ("main;fresh", 5)])
        let graph = FlameGraph(profile: new, base: base, sampleIndex: 0)
        let tree = graph.callTree()
        #expect(tree.total == 35)
        #expect(tree.baseTotal == 50)
        let vanished = graph.vanishedStacks(in: tree)
        #expect(vanished == [VanishedStack(path: ["root", "main", "old"], baseTotal: 40)])
        var renderer = FlameGraphSVG(
            total: tree.total, formatter: ValueFormatter(sampleUnit: "count", outputUnit: "minimum"), href: { _ in nil },
            isComparison: true)
        let svg = renderer.render(tree)
        #expect(svg.contains("hsl(0,78%"))  // kept grew: red
        #expect(svg.contains("hsl(215,78%"))  // the root shrank: blue
        #expect(svg.contains("Change: 10 → 30 (+200%)"))  // kept
        #expect(svg.contains("Change: 0 → 5 (new)"))  // fresh
        #expect(svg.contains("Change: 50 → 35 (-30%)"))  // the root
        renderer.palette = .colourBlind
        let safe = renderer.render(tree)
        #expect(safe.contains("hsl(35,100%") && safe.contains("hsl(205,100%"))  // orange and blue
        #expect(!safe.contains("hsl(0,78%") && !safe.contains("hsl(215,78%"))
    }

    @Test func tooDeepStacksAreCut() {
        let deep = (0..<3000).map { "f\($0)" }.joined(separator: ";")
        let tree = FlameGraph(profile: stackProfile([(deep, 1)]), sampleIndex: 0).callTree()
        #expect(tree.depth == FlameGraph.maximumDepth)
    }

    @Test func framesAreNamedByGranularity() {
        var p = Profile()
        p.sampleTypes = [ValueType(type: "cpu", unit: "nanoseconds")]
        p.mappings = [Mapping(id: 1, file: "/bin/app")]
        p.functions = [Function(id: 1, name: "pkg.F", filename: "/src/./pkg/f.go"), Function(id: 2, name: "pkg.inl", filename: "/src/pkg/g.go")]
        p.locations = [
            Location(id: 1, mapping: 0, address: 0x42, lines: [Line(function: 1, line: 7), Line(function: 0, line: 3)]),
            Location(id: 2, mapping: 0, address: 0x99),
        ]
        func names(_ g: Granularity, noInlines: Bool = false) -> [String] {
            FrameNamer(profile: p, granularity: g, noInlines: noInlines).frames(location: 0)
        }
        #expect(names(.functions) == ["pkg.F", "pkg.inl"])
        #expect(names(.lines) == ["pkg.F /src/pkg/f.go:3", "pkg.inl /src/pkg/g.go:7"])
        #expect(names(.files) == ["/src/pkg/f.go", "/src/pkg/g.go"])
        #expect(names(.functions, noInlines: true) == ["pkg.F"])
        #expect(names(.addresses)[0] == "0000000000000042 pkg.F /src/pkg/f.go:3")
        #expect(FrameNamer(profile: p, granularity: .functions, noInlines: false).frames(location: 1) == ["[app]"])
        #expect(FrameName.short("net/http.(*conn).serve") == "http.(*conn).serve")
        #expect(FrameName.package("net/http.(*conn).serve") == "net/http")
        #expect(FrameName.package("std::vector<int>::size") == "std")
    }
}
