import Foundation
import Testing
@testable import SwprofCore

/// Legacy profiles through the steps `go tool pprof -raw` takes (read, give a
/// profile without mappings an empty main mapping, merge, drop the uninteresting
/// frames, copy through profile.proto, the name filter that drops samples without
/// locations) against pprof's output
/// (Tests/Fixtures/golden/raw/NAME.txt, made by scripts/gen-raw-golden.sh).
struct LegacyPipelineCase: CustomTestStringConvertible, Sendable {
    let name: String
    let input: String
    var testDescription: String { name }

    static let directory = Fixtures.root.appendingPathComponent("golden/raw")

    /// Every parse case whose input pprof accepts (it has a -raw output).
    static func all() -> [LegacyPipelineCase] {
        LegacyGoldenCase.all().compactMap { c in
            let file = directory.appendingPathComponent(c.name + ".txt")
            return FileManager.default.fileExists(atPath: file.path) ? LegacyPipelineCase(name: c.name, input: c.input) : nil
        }
    }
}

@Test func legacyPipelineCasesCoverTheFixtures() {
    let inputs = Set(LegacyPipelineCase.all().map(\.input))
    for name in ["cppbench.contention", "cppbench.cpu", "cppbench.growth", "cppbench.heap", "cppbench.thread",
        "go.crc32.cpu", "go.godoc.thread", "gobench.cpu", "gobench.heap", "java.contention", "java.cpu", "java.heap"]
    {
        #expect(inputs.contains("legacy/" + name))
    }
    #expect(inputs.contains("goroutine.debug1.txt"))
    #expect(inputs.contains("heap.debug1.txt"))
}

@Test(arguments: LegacyPipelineCase.all())
func legacyRawMatchesPprof(_ c: LegacyPipelineCase) throws {
    var p = try ProfileParser.parse(try Fixtures.data(c.input), source: c.input, extendedFormats: false)
    if p.mappings.isEmpty {
        p.mappings = [Mapping(id: 1)]
        for i in p.locations.indices { p.locations[i].mapping = 0 }
    }
    // pprof 1.27 keeps a single profile as read (no merge, no copy through profile.proto).
    var profiles = [p]
    try scaleProfiles(&profiles)
    p = profiles[0]
    try? p.removeUninteresting()
    _ = p.filterSamplesByName(focus: nil, ignore: nil, hide: nil, show: nil)
    let expected = try String(
        contentsOf: LegacyPipelineCase.directory.appendingPathComponent(c.name + ".txt"), encoding: .utf8)
    #expect(p.rawText == expected)
}
