import Foundation
import Testing
@testable import SwprofCore

/// Folded stacks: written by `-folded`, read back as a profile.
@Suite struct FoldedStacksTests {
    func folded(_ p: Profile, sampleIndex: String = "", config: ReportConfig = ReportConfig()) throws -> String {
        var cfg = config
        cfg.sampleIndex = sampleIndex
        let command = try #require(ReportCommand.named("folded"))
        let prepared = try ReportPreparation.prepare(p, command: command, argument: nil, config: cfg)
        return try Report(profile: prepared.profile, options: prepared.options).text()
    }

    @Test func readsFoldedText() throws {
        let text = """
            # comment
            main;handler;leakHeap 94
            main;handler;leakHeap 6
            main;busyWork 7

            main 1
            """
        let p = try ProfileParser.parse(bytes: Array(text.utf8), source: "x.folded")
        #expect(p.sampleTypes == [ValueType(type: "samples", unit: "count")])
        #expect(p.samples.map(\.values) == [[94], [6], [7], [1]])
        let names = p.samples[0].locations.map { p.functions[p.locations[$0].lines[0].function].name }
        #expect(names == ["leakHeap", "handler", "main"])
        #expect(p.functions.count == 4)
        // Written back, identical stacks are summed and sorted.
        #expect(try folded(p) == "main 1\nmain;busyWork 7\nmain;handler;leakHeap 100\n")
    }

    @Test func notFoldedOrBroken() {
        #expect(throws: ProfileError(.unrecognized, "unrecognized profile format")) {
            try parseLegacyProfile(Array("just some words\n".utf8))
        }
        #expect(throws: ProfileError(.malformed, #"malformed folded stack on line 2: want "frame;frame;… value", got "b;c x""#)) {
            try parseLegacyProfile(Array("a;b 1\nb;c x\n".utf8))
        }
        // Reading a format is not symbolization: -symbolize=none (no naming) still reads it.
        #expect((try? parseLegacyProfile(Array("a;b 1\n".utf8), extendedFormats: false))?.samples.count == 1)
    }

    /// -folded on a real profile: one line per distinct stack, values summing to the
    /// report's total for the chosen sample index, and it reads back to the same lines.
    @Test(arguments: ["inuse_space", "alloc_objects"])
    func heapProfileRoundTrip(_ index: String) throws {
        let p = try ProfileParser.parse(try Fixtures.data("heap.2.pb.gz"), source: "heap.2")
        let text = try folded(p, sampleIndex: index)
        let lines = text.split(separator: "\n")
        #expect(!lines.isEmpty)
        #expect(Set(lines.map { $0.split(separator: " ").dropLast() }).count == lines.count)
        let sum = lines.compactMap { Int64($0.split(separator: " ").last ?? "") }.reduce(0, +)
        let i = try p.sampleIndex(byName: index)
        #expect(sum == p.samples.reduce(0) { $0 + $1.values[i] })
        let again = try ProfileParser.parse(bytes: Array(text.utf8), source: "folded")
        #expect(try folded(again) == text)
    }

    @Test func filtersApply() throws {
        let p = try ProfileParser.parse(try Fixtures.data("heap.2.pb.gz"), source: "heap.2")
        var cfg = ReportConfig()
        cfg.focus = "main.leakHeap"
        let text = try folded(p, config: cfg)
        #expect(!text.isEmpty)
        #expect(text.split(separator: "\n").allSatisfy { $0.contains("main.leakHeap") })
    }
}
