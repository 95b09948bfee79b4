import Foundation
import Testing

@testable import SwprofCore

@Suite struct MergeTests {
    init() { ProtoFixtures.utc }

    func expectRaw(_ names: [String], _ file: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let p = try ProtoFixtures.asPprofPrints(names.map(ProtoFixtures.parse))
        let want = try ProtoFixtures.expectedText(file)
        #expect(p.rawText == want, "\(ProtoFixtures.firstDifference(p.rawText, want))", sourceLocation: sourceLocation)
    }

    @Test func heapsMergeAsPprofMergesThem() throws {
        try expectRaw(["heap.1", "heap.2"], "heap.1+2.raw.txt")
        try expectRaw(["heap.1", "heap.2", "heap.3"], "heap.1+2+3.raw.txt")
    }

    @Test func goroutinesMergeAsPprofMergesThem() throws {
        try expectRaw(["goroutine.1", "goroutine.2", "goroutine.3"], "goroutine.1+2+3.raw.txt")
    }

    @Test func defaultSampleTypeComesFromTheFirstProfileThatHasOne() throws {
        try expectRaw(["heap.1", "allocs"], "heap.1+allocs.raw.txt")
    }

    @Test func mergingSumsValues() throws {
        let a = try ProtoFixtures.parse("heap.2")
        let b = try ProtoFixtures.parse("heap.3")
        let m = try Profile.merge([a, b])
        for i in a.sampleTypes.indices {
            let sum = { (p: Profile) in p.samples.reduce(Int64(0)) { $0 + $1.values[i] } }
            #expect(sum(m) == sum(a) + sum(b))
        }
        #expect(m.durationNanos == a.durationNanos + b.durationNanos)
        #expect(m.timeNanos == min(a.timeNanos, b.timeNanos))
        // Merging a profile with itself doubles every sample and keeps its shape.
        let twice = try Profile.merge([a, a])
        let once = a.compacted()
        #expect(twice.samples.count == once.samples.count)
        #expect(twice.samples.map(\.values) == once.samples.map { $0.values.map { $0 * 2 } })
        #expect(twice.locations == once.locations)
    }

    @Test func incompatibleProfilesAreRejected() throws {
        let heap = try ProtoFixtures.parse("heap.1")
        let cpu = try ProtoFixtures.parse("cpu")
        #expect(throws: ProfileError.self) { try Profile.merge([heap, cpu]) }
        do {
            _ = try Profile.merge([heap, cpu])
        } catch let e as ProfileError {
            #expect(e.code == .incompatible)
            #expect(e.message == "incompatible period types space/bytes and cpu/nanoseconds")
        }
        var other = heap
        other.sampleTypes[0].unit = "things"
        do {
            try heap.compatible(with: other)
            Issue.record("compatible")
        } catch let e as ProfileError {
            #expect(e.message.hasPrefix("incompatible sample types [alloc_objects/count alloc_space/bytes"))
        }
        #expect(throws: ProfileError.self) { try Profile.merge([]) }
    }

    @Test func samplesSummingToZeroAreDropped() throws {
        var a = Profile()
        a.sampleTypes = [ValueType(type: "n", unit: "count")]
        a.periodType = ValueType(type: "", unit: "")
        a.functions = [Function(id: 1, name: "f"), Function(id: 2, name: "g")]
        a.locations = [Location(id: 1, lines: [Line(function: 0, line: 1)]), Location(id: 2, lines: [Line(function: 1, line: 1)])]
        a.samples = [Sample(locations: [0], values: [5]), Sample(locations: [1], values: [3])]
        var b = a
        b.scale(by: -1)
        b.samples.removeLast()
        let m = try Profile.merge([a, b])
        #expect(m.samples.map(\.values) == [[3]])
        // g's location was only used by the cancelled sample: it is gone, and IDs are renumbered.
        #expect(m.locations.map(\.id) == [1])
        #expect(m.functions.map(\.name) == ["g"])
    }

    @Test func labelsSeparateSamples() throws {
        var a = Profile()
        a.sampleTypes = [ValueType(type: "n", unit: "count")]
        a.functions = [Function(id: 1, name: "f")]
        a.locations = [Location(id: 1, lines: [Line(function: 0, line: 1)])]
        a.samples = [
            Sample(locations: [0], values: [1], labels: ["k": ["a"]]),
            Sample(locations: [0], values: [2], labels: ["k": ["b"]]),
            Sample(locations: [0], values: [4], labels: ["k": ["a"]]),
            Sample(locations: [0], values: [8], numLabels: ["n": [1]]),
            Sample(locations: [0], values: [16], numLabels: ["n": [1]], numUnits: ["n": ["bytes"]]),
            Sample(locations: [0], values: [32], numLabels: ["n": [1]], numUnits: ["n": [""]]),
        ]
        let m = a.compacted()
        // pprof 1.27's sample key tells no units ([]) apart from one empty unit ([""]).
        #expect(m.samples.map(\.values) == [[5], [2], [8], [16], [32]])
    }

    @Test func mappingsMatchAcrossAddressSpaceLayouts() throws {
        func profile(base: UInt64) -> Profile {
            var p = Profile()
            p.sampleTypes = [ValueType(type: "n", unit: "count")]
            p.mappings = [Mapping(id: 1, start: base, limit: base + 0x1800, file: "/bin/x")]
            p.locations = [Location(id: 1, mapping: 0, address: base + 0x10)]
            p.samples = [Sample(locations: [0], values: [1])]
            return p
        }
        let m = try Profile.merge([profile(base: 0x1000), profile(base: 0x9000)])
        #expect(m.mappings.count == 1)
        #expect(m.locations == [Location(id: 1, mapping: 0, address: 0x1010)])
        #expect(m.samples.map(\.values) == [[2]])
    }
}
