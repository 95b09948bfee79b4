import Foundation
import Testing

@testable import SwprofCore

/// The fleet merge (`SourceMerge`, `ProfileAccumulator`) against what pprof's fetch
/// does with the same sources: `Profile.combine` chunk by chunk (`Profile.merge` when
/// nothing needs converting), on synthetic pods that differ in mappings, functions,
/// locations, labels and headers.
@Suite struct ProfileAccumulatorTests {
    init() { ProtoFixtures.utc }

    static let heapTypes = [
        ValueType(type: "alloc_objects", unit: "count"), ValueType(type: "alloc_space", unit: "bytes"),
        ValueType(type: "inuse_objects", unit: "count"), ValueType(type: "inuse_space", unit: "bytes"),
    ]

    /// One pod of a service: functions and locations from a shared pool, listed in an
    /// order of the pod's own (often the same as the pod before), the binary mapped at
    /// an address of its own, a shared library in some pods, stacks from a shared pool
    /// (repeated within the pod), string and numeric labels (with and without units),
    /// some samples of zero, and header fields that vary (no time in some pods).
    static func pod(_ rng: inout SplitMix, samples: Int = 60, types: [ValueType] = heapTypes, negative: Bool = false)
        -> Profile
    {
        func pick(_ n: Int) -> Int { Int(rng.next() % UInt64(n)) }
        var p = Profile()
        p.sampleTypes = types
        p.defaultSampleType = pick(3) == 0 ? "" : "inuse_space"
        p.periodType = ValueType(type: "space", unit: "bytes")
        p.period = Int64(512 * (1 + pick(4)))
        p.timeNanos = pick(5) == 0 ? 0 : Int64(1_000 + pick(50))
        p.durationNanos = Int64(pick(1000))
        p.comments = pick(2) == 0 ? ["pod"] : ["pod", "c\(pick(3))"]
        let base = UInt64(0x40_0000 + 0x1000 * pick(4))
        p.mappings = [
            Mapping(id: 1, start: base, limit: base + 0x10_0000, file: "/bin/service", buildID: pick(4) == 0 ? "" : "b1",
                    hasFunctions: true)
        ]
        let withLibrary = pick(3) == 0
        if withLibrary {
            p.mappings.append(Mapping(id: 7, start: 0x7f00_0000, limit: 0x7f00_8000, file: "/lib/libc.so", hasFunctions: true))
        }
        // Functions: the pool's first 30 (as most pods list them), or shuffled; IDs of the pod's own.
        var order = Array(0..<30)
        if pick(3) == 0 {
            for i in order.indices.reversed() { order.swapAt(i, pick(i + 1)) }
        }
        let idBase = UInt64(1 + pick(3) * 100)
        for (n, f) in order.enumerated() {
            p.functions.append(
                Function(id: idBase + UInt64(n), name: "pkg.f\(f)", systemName: "pkg.f\(f)", filename: "f\(f % 4).go",
                         startLine: Int64(f % 7)))
        }
        func function(_ f: Int) -> Int { order.firstIndex(of: f)! }
        // Locations: two per pool function, some inlined or folded; the library's on its mapping.
        var locationOf: [Int] = []
        for f in 0..<30 {
            for site in 0..<2 {
                var lines = [Line(function: function(f), line: Int64(10 + site), column: Int64(site))]
                if (f + site) % 5 == 0 { lines.insert(Line(function: function((f * 7) % 30), line: 3, column: 2), at: 0) }
                let onLibrary = withLibrary && f >= 25
                let mapping = onLibrary ? 1 : 0
                let start = p.mappings[mapping].start
                locationOf.append(p.locations.count)
                p.locations.append(
                    Location(id: UInt64(500 + p.locations.count), mapping: mapping,
                             address: start + UInt64(0x100 * f + 0x10 * site), lines: lines, isFolded: f == 3 && site == 1))
            }
        }
        // An unmapped location, and one the pod does not use.
        p.locations.append(Location(id: 999, mapping: nil, address: 0x42, lines: [Line(function: function(0), line: 1)]))
        p.locations.append(Location(id: 998, mapping: 0, address: base + 0x9999, lines: []))
        let handlers = ["/a", "/b", "/c"]
        for _ in 0..<samples {
            let depth = 1 + pick(6)
            var stack: [Int] = []
            var f = pick(8)
            for _ in 0..<depth {
                stack.append(locationOf[f * 2 + pick(2)])
                f = (f * 3 + 1 + pick(2)) % 30
            }
            if pick(10) == 0 { stack.append(60) }
            let n = Int64(pick(4) == 0 ? 0 : 1 + pick(20))
            var values = types.indices.map { i in n * Int64(i + 1) }
            if negative && pick(3) == 0 { values = values.map { -$0 } }
            var s = Sample(locations: stack, values: values)
            switch pick(5) {
            case 0: s.labels = ["handler": [handlers[pick(3)]]]
            case 1: s.numLabels = ["bytes": [Int64(16 << pick(3))]]
            case 2: s.numLabels = ["bytes": [Int64(16 << pick(3))]]; s.numUnits = ["bytes": ["bytes"]]
            case 3: s.labels = ["handler": [handlers[pick(3)]]]; s.numLabels = ["n": [1, 2]]; s.numUnits = ["n": ["", "x"]]
            default: break
            }
            p.samples.append(s)
        }
        return p
    }

    static func fleet(_ count: Int, seed: UInt64, samples: Int = 60) -> [Profile] {
        var rng = SplitMix(seed: seed)
        return (0..<count).map { _ in pod(&rng, samples: samples) }
    }

    /// pprof's fetch: `Profile.combine` per chunk of 128, then with the chunks before.
    static func pprofMerge(_ profiles: [Profile]) throws -> Profile {
        var merged: Profile? = nil
        for start in stride(from: 0, to: profiles.count, by: 128) {
            let chunk = try Profile.combine(Array(profiles[start..<min(start + 128, profiles.count)]))
            merged = try merged.map { try Profile.combine([$0, chunk]) } ?? chunk
        }
        return merged!
    }

    /// `SourceMerge.merge` over `profiles`, with how many times each source was read
    /// and where chunks ended.
    static func sourceMerge(_ profiles: [Profile?], canReadAgain: Bool = true, labelSets: [[Int32]?]? = nil) throws
        -> (profile: Profile?, read: Int, reads: [Int], chunkEnds: [Int])
    {
        var reads = [Int](repeating: 0, count: profiles.count)
        var ends: [Int] = []
        let merged = try SourceMerge.merge(
            count: profiles.count, canReadAgain: canReadAgain,
            read: { i in
                reads[i] += 1
                return profiles[i].map { SourceMerge.Source(profile: $0, labelSetOf: labelSets?[i]) }
            },
            chunkRead: { end, _ in ends.append(end) })
        return (merged.profile, merged.read, reads, ends)
    }

    /// The message of the `ProfileError` `f` throws, nil when it throws none.
    static func failure(_ f: () throws -> Any) -> String? {
        do {
            _ = try f()
            return nil
        } catch {
            return (error as? ProfileError)?.message ?? "\(error)"
        }
    }

    @Test func aFleetFoldsIntoWhatOneMergeGives() throws {
        let pods = Self.fleet(40, seed: 1)
        let want = try Profile.merge(pods)
        var accumulator = ProfileAccumulator()
        for pod in pods {
            let added = accumulator.add(pod)
            #expect(added)
        }
        #expect(accumulator.finish() == want)
        let got = try Self.sourceMerge(pods)
        #expect(got.profile == want)
        #expect(got.profile?.rawText == want.rawText)
        #expect(got.read == 40)
        #expect(got.reads == [Int](repeating: 1, count: 40))
        #expect(got.chunkEnds == [40])
        // The pods really differ: the binary with and without a build ID, a library,
        // reordered functions, labels.
        #expect(want.mappings.count == 3)
        #expect(want.samples.contains { !$0.labels.isEmpty } && want.samples.contains { !$0.numUnits.isEmpty })
    }

    @Test func chunksOf128MergeAsPprofMergesThem() throws {
        // Times of zero in some pods make the header depend on the chunks.
        let pods = Self.fleet(300, seed: 2, samples: 8)
        let want = try Self.pprofMerge(pods)
        let got = try Self.sourceMerge(pods)
        #expect(got.profile == want)
        #expect(got.chunkEnds == [128, 256, 300])
        #expect(got.reads == [Int](repeating: 1, count: 300))
    }

    @Test func theDecodersLabelSetsGiveTheSameMerge() throws {
        let pods = Self.fleet(12, seed: 3)
        let parsed = try pods.map { pod in
            try ProfileParser.parseWithLabelSets(ProfileEncoder.encode(pod), source: "pod")
        }
        #expect(parsed.allSatisfy { $0.labelSetOf != nil })
        let decoded = parsed.map(\.profile)
        let with = try Self.sourceMerge(decoded, labelSets: parsed.map(\.labelSetOf))
        let without = try Self.sourceMerge(decoded)
        #expect(with.profile == without.profile)
        #expect(with.profile == (try Profile.merge(decoded)))
    }

    @Test func oneSourceIsKeptAsItWasRead() throws {
        var rng = SplitMix(seed: 4)
        let pod = Self.pod(&rng)
        let got = try Self.sourceMerge([nil, pod, nil])
        #expect(got.profile == pod)
        #expect(got.read == 1)
        #expect(try Self.sourceMerge([nil, nil]).profile == nil)
    }

    @Test func unreadableSourcesAreLeftOut() throws {
        let pods = Self.fleet(140, seed: 5, samples: 4)
        let some: [Profile?] = pods.enumerated().map { $0.offset % 3 == 1 ? nil : $0.element }
        let got = try Self.sourceMerge(some)
        // pprof's chunks are of sources, read or not.
        var want: Profile? = nil
        for start in stride(from: 0, to: some.count, by: 128) {
            let chunk = some[start..<min(start + 128, some.count)].compactMap { $0 }
            let combined = try Profile.combine(chunk)
            want = try want.map { try Profile.combine([$0, combined]) } ?? combined
        }
        #expect(got.profile == want)
        #expect(got.read == some.compactMap { $0 }.count)
        #expect(got.chunkEnds == [128, 140])
    }

    @Test func negativeValuesMergeByChunksAsPprof() throws {
        var rng = SplitMix(seed: 6)
        var pods = (0..<200).map { _ in Self.pod(&rng, samples: 6) }
        pods[150] = Self.pod(&rng, samples: 40, negative: true)
        pods[151] = Self.pod(&rng, samples: 40, negative: true)
        var accumulator = ProfileAccumulator()
        let added = pods.prefix(150).map { accumulator.add($0) }
        #expect(added.allSatisfy { $0 })
        let negative = accumulator.add(pods[150])
        #expect(!negative)
        #expect(!accumulator.isExact)
        let got = try Self.sourceMerge(pods)
        #expect(got.profile == (try Self.pprofMerge(pods)))
        // Read until the negative pod and the one read ahead of it, then all again by chunks.
        #expect(got.reads.prefix(152).allSatisfy { $0 == 2 } && got.reads.dropFirst(152).allSatisfy { $0 == 1 })
        // Sources that cannot be read twice are merged by chunks from the start.
        let once = try Self.sourceMerge(pods, canReadAgain: false)
        #expect(once.profile == got.profile)
        #expect(once.reads.allSatisfy { $0 == 1 })
    }

    @Test func readingAheadStopsAtTheEndOfAChunk() throws {
        var rng = SplitMix(seed: 10)
        var pods = (0..<140).map { _ in Self.pod(&rng, samples: 6) }
        pods[127] = Self.pod(&rng, samples: 40, negative: true)
        let got = try Self.sourceMerge(pods)
        #expect(got.profile == (try Self.pprofMerge(pods)))
        // The chunk's last pod does not fold; the next chunk's first was not read ahead.
        #expect(got.reads.prefix(128).allSatisfy { $0 == 2 } && got.reads.dropFirst(128).allSatisfy { $0 == 1 })
        #expect(got.chunkEnds == [128, 140])
    }

    @Test func aReadThatThrowsEndsTheMergeWhereItStands() throws {
        let pods = Self.fleet(10, seed: 11)
        var reads = [Int](repeating: 0, count: pods.count)
        var ends: [Int] = []
        #expect(throws: ProfileError.self) {
            _ = try SourceMerge.merge(
                count: pods.count, canReadAgain: true,
                read: { i in
                    reads[i] += 1
                    if i == 5 { throw ProfileError(.unreadable, "pod 5") }
                    return SourceMerge.Source(profile: pods[i])
                },
                chunkRead: { end, _ in ends.append(end) })
        }
        // Read ahead up to the failing pod, none after it, and no chunk ended.
        #expect(reads == [1, 1, 1, 1, 1, 1, 0, 0, 0, 0])
        #expect(ends.isEmpty)
    }

    @Test func sumsThatWrapMergeByChunks() throws {
        var rng = SplitMix(seed: 7)
        var pods = Self.fleet(3, seed: 8)
        var big = Self.pod(&rng, samples: 1)
        big.samples = [Sample(locations: [0], values: [1 << 62, 1 << 62, 1 << 62, 1 << 62])]
        pods += [big, big, big, big]
        let got = try Self.sourceMerge(pods)
        // The second big pod wraps: the pods up to it, and the one read ahead of it,
        // are read twice.
        #expect(got.reads == [2, 2, 2, 2, 2, 2, 1])
        #expect(got.profile == (try Self.pprofMerge(pods)))
    }

    @Test func differentSampleTypesMergeAsPprof() throws {
        var rng = SplitMix(seed: 9)
        var pods = (0..<5).map { _ in Self.pod(&rng) }
        // A pod with the types in another order and one more, another in kilobytes.
        pods.append(Self.pod(&rng, types: [Self.heapTypes[3], Self.heapTypes[1], Self.heapTypes[0], Self.heapTypes[2],
                                           ValueType(type: "extra", unit: "count")]))
        var kilo = Self.heapTypes
        kilo[1].unit = "kilobytes"
        pods.append(Self.pod(&rng, types: kilo))
        let got = try Self.sourceMerge(pods)
        let want = try Self.pprofMerge(pods)
        #expect(got.profile == want)
        #expect(want.sampleTypes.map(\.type) == Self.heapTypes.map(\.type))
        // A pod with repeated type names: dropped from the common types, as pprof drops them.
        let twice = Self.pod(&rng, types: [Self.heapTypes[0], Self.heapTypes[0]])
        var accumulator = ProfileAccumulator()
        let folded = accumulator.add(twice)
        #expect(!folded)
        let want2 = Self.failure { try Self.pprofMerge([twice, twice, pods[0]]) }
        #expect(want2 == "profiles have empty common sample type list")
        #expect(Self.failure { try Self.sourceMerge([twice, twice, pods[0]]) } == want2)
    }

    @Test func incompatibleSourcesFailAsPprofFails() throws {
        var rng = SplitMix(seed: 10)
        let heap = Self.pod(&rng)
        var cpu = Self.pod(&rng, types: [ValueType(type: "samples", unit: "count"), ValueType(type: "cpu", unit: "nanoseconds")])
        cpu.periodType = ValueType(type: "cpu", unit: "nanoseconds")
        let want = Self.failure { try Self.pprofMerge([heap, heap, cpu]) }
        #expect(want != nil)
        #expect(Self.failure { try Self.sourceMerge([heap, heap, cpu]) } == want)
        // In a later chunk, the error comes when that chunk is merged.
        let many = Array(repeating: heap, count: 130) + [cpu]
        #expect(Self.failure { try Self.sourceMerge(many) } == Self.failure { try Self.pprofMerge(many) })
    }

    @Test func pprofsMergeOfTheHeapFixtures() throws {
        let heaps = try ["heap.1", "heap.2", "heap.3"].map(ProtoFixtures.parse)
        let got = try Self.sourceMerge(heaps)
        #expect(got.profile?.rawText == (try ProtoFixtures.expectedText("heap.1+2+3.raw.txt")))
    }
}
