import Foundation
import Testing
@testable import SwprofCore

/// `prune`, `pruneFrom` and `removeUninteresting` against pprof's `Prune`,
/// `PruneFrom` and `RemoveUninteresting` on the same parsed profiles
/// (Tests/Fixtures/golden/raw/prune, made by scripts/gen-raw-golden.sh).
struct PruneGoldenCase: CustomTestStringConvertible, Sendable {
    let name: String
    let mode: String
    let input: String
    let drop: String
    let keep: String
    var testDescription: String { name }

    static let directory = Fixtures.root.appendingPathComponent("golden/raw/prune")

    static func all() -> [PruneGoldenCase] {
        guard let text = try? String(contentsOf: directory.appendingPathComponent("cases.tsv"), encoding: .utf8)
        else { return [] }
        return text.split(separator: "\n").compactMap { line in
            let f = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            guard f.count >= 3 else { return nil }
            return PruneGoldenCase(
                name: f[0], mode: f[1], input: f[2], drop: f.count > 3 ? f[3] : "", keep: f.count > 4 ? f[4] : "")
        }
    }
}

@Test func pruneGoldenManifestIsComplete() {
    let modes = Set(PruneGoldenCase.all().map(\.mode))
    #expect(modes == ["uninteresting", "prune", "prunefrom"])
}

@Test(arguments: PruneGoldenCase.all())
func pruneMatchesPprof(_ c: PruneGoldenCase) throws {
    var p = try parseLegacyProfile([UInt8](try Fixtures.data(c.input)), extendedFormats: false)
    switch c.mode {
    case "uninteresting": try p.removeUninteresting()
    case "prune": p.prune(drop: try Pattern(c.drop), keep: c.keep.isEmpty ? nil : try Pattern(c.keep))
    case "prunefrom": p.pruneFrom(try Pattern(c.drop))
    default: Issue.record("unknown mode \(c.mode)")
    }
    let expected = try String(contentsOf: PruneGoldenCase.directory.appendingPathComponent(c.name + ".txt"), encoding: .utf8)
    #expect(legacyDump(p) == expected)
}

/// A profile with one sample whose stack (leaf first) is `names`, one location
/// per name, and optionally one location holding several inlined lines.
private func profile(stack names: [String], inlined: [String] = []) -> Profile {
    var p = Profile()
    p.sampleTypes = [ValueType(type: "samples", unit: "count")]
    var functionIndex: [String: Int] = [:]
    func function(_ n: String) -> Int {
        if let i = functionIndex[n] { return i }
        p.functions.append(Function(id: UInt64(p.functions.count + 1), name: n, systemName: n))
        functionIndex[n] = p.functions.count - 1
        return p.functions.count - 1
    }
    var stack: [Int] = []
    for n in names {
        let lines = n == "*" ? inlined.map { Line(function: function($0), line: 1) } : [Line(function: function(n), line: 1)]
        p.locations.append(Location(id: UInt64(p.locations.count + 1), address: UInt64(0x1000 + p.locations.count), lines: lines))
        stack.append(p.locations.count - 1)
    }
    p.samples = [Sample(locations: stack, values: [1])]
    return p
}

private func names(_ p: Profile) -> [[String]] {
    p.samples[0].locations.map { p.locations[$0].lines.map { p.functions[$0.function].name } }
}

@Test func pruneFromKeepsTheMatchAndItsCallers() throws {
    // Leaf first: D B C B A. PruneFrom(B) keeps from the B nearest the leaf.
    var p = profile(stack: ["D", "B", "C", "B", "A"])
    p.pruneFrom(try Pattern("^B$"))
    #expect(names(p) == [["B"], ["C"], ["B"], ["A"]])
    var q = profile(stack: ["D", "B", "C", "B", "A"])
    q.pruneFrom(try Pattern("^A$"))
    #expect(names(q) == [["A"]])
}

@Test func pruneDropsFromTheRootSide() throws {
    // Leaf first: D B C B A. Prune(B) removes the B nearest the root and all
    // its callees, keeping the callers.
    var p = profile(stack: ["D", "B", "C", "B", "A"])
    p.prune(drop: try Pattern("^B$"), keep: nil)
    #expect(names(p) == [["A"]])
    // Matching root frames are kept: nothing above them is a user frame.
    var q = profile(stack: ["D", "A"])
    q.prune(drop: try Pattern("^A$"), keep: nil)
    #expect(names(q) == [["D"], ["A"]])
    // keep overrides drop.
    var r = profile(stack: ["D", "B", "A"])
    r.prune(drop: try Pattern("^B$"), keep: try Pattern("B"))
    #expect(names(r) == [["D"], ["B"], ["A"]])
}

@Test func pruneTrimsInlinedLines() throws {
    // One location with inlined lines [x, malloc, y] (innermost first): the
    // matching line and the line inlined into it go, its caller y stays.
    var p = profile(stack: ["*", "main"], inlined: ["x", "malloc", "y"])
    p.prune(drop: try Pattern("^malloc$"), keep: nil)
    #expect(names(p) == [["y"], ["main"]])
    var q = profile(stack: ["leaf", "*", "main"], inlined: ["x", "target", "y"])
    q.pruneFrom(try Pattern("^target$"))
    #expect(names(q) == [["target", "y"], ["main"]])
}

@Test func simplifiedNamesDropArguments() {
    #expect(Profile.simplifiedFunctionName(".foo(int)") == "foo")
    #expect(Profile.simplifiedFunctionName("(anonymous namespace)::f(x)") == "(anonymous namespace)::f")
    #expect(Profile.simplifiedFunctionName("Foo::operator()(int)") == "Foo::operator()")
    #expect(Profile.simplifiedFunctionName("main.(*T).M") == "main.")
    #expect(Profile.simplifiedFunctionName("plain") == "plain")
}

@Test func removeUninterestingUsesWholeNames() throws {
    var p = profile(stack: ["leaf", "mallocX", "malloc", "main"])
    p.dropFrames = "malloc"
    try p.removeUninteresting()
    // Only the exact name "malloc" matches ("mallocX" does not); it goes with
    // its callees.
    #expect(names(p) == [["main"]])
    var partial = profile(stack: ["leaf", "mallocX", "main"])
    partial.dropFrames = "malloc"
    try partial.removeUninteresting()
    #expect(names(partial) == [["leaf"], ["mallocX"], ["main"]])
    var q = profile(stack: ["a", "b"])
    q.dropFrames = "("
    #expect(throws: ProfileError.self) { try q.removeUninteresting() }
}
