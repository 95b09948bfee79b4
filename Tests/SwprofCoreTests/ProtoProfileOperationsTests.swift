import Foundation
import Testing

@testable import SwprofCore

@Suite struct ProtoProfileOperationsTests {
    @Test func sampleIndexByName() throws {
        let p = try ProtoFixtures.parse("heap.1")
        #expect(try p.sampleIndex(byName: "") == 3)
        #expect(try p.sampleIndex(byName: "1") == 1)
        #expect(try p.sampleIndex(byName: "alloc_space") == 1)
        #expect(try p.sampleIndex(byName: "inuse_inuse_space") == 3)
        var spaceOnly = p
        spaceOnly.sampleTypes = [ValueType(type: "objects", unit: "count"), ValueType(type: "space", unit: "bytes")]
        #expect(try spaceOnly.sampleIndex(byName: "inuse_space") == 1)
        func message(_ name: String) -> String? {
            do {
                _ = try p.sampleIndex(byName: name)
                return nil
            } catch let e as ProfileError {
                #expect(e.code == .invalidOption)
                return e.message
            } catch { return "\(error)" }
        }
        #expect(message("4") == "sample_index 4 is outside the range [0..3]")
        #expect(message("-1") == "sample_index -1 is outside the range [0..3]")
        #expect(
            message("bogus\t\"x\"")
                == "sample_index \"bogus\\t\\\"x\\\"\" must be one of: [alloc_objects alloc_space inuse_objects inuse_space]")
    }

    @Test func scaleKeepsNonZeroSamples() throws {
        var p = Profile()
        p.sampleTypes = [ValueType(type: "a", unit: "count"), ValueType(type: "b", unit: "count")]
        p.samples = [
            Sample(locations: [], values: [1, 10]),
            Sample(locations: [], values: [3, 0]),
            Sample(locations: [], values: [0, 5]),
        ]
        var half = p
        half.scale(by: 0.5)
        // 0.5 rounds away from zero; 1.5 → 2.
        #expect(half.samples.map(\.values) == [[1, 5], [2, 0], [0, 3]])
        var q = p
        try q.scaleN([1, 0.1])
        // Only values with a ratio other than 1 keep a sample.
        #expect(q.samples.map(\.values) == [[1, 1], [0, 1]])
        #expect(throws: ProfileError.self) { try q.scaleN([1]) }
        var huge = p
        huge.scale(by: .infinity)
        #expect(huge.samples[0].values == [Int64.min, Int64.min])
    }

    @Test func normalize() throws {
        var p = Profile()
        p.sampleTypes = [ValueType(type: "a", unit: "count"), ValueType(type: "b", unit: "count")]
        p.samples = [Sample(locations: [], values: [1, 0]), Sample(locations: [], values: [3, 0])]
        var base = p
        base.samples = [Sample(locations: [], values: [8, 5])]
        try p.normalize(against: base)
        #expect(p.samples.map(\.values) == [[2, 0], [6, 0]])
        var other = base
        other.sampleTypes.removeLast()
        #expect(throws: ProfileError.self) { try p.normalize(against: other) }
    }

    @Test func labelsSetAndRemoved() throws {
        var p = try ProtoFixtures.parse("heap.1")
        p.setLabel("pprof::base", ["true"])
        #expect(p.samples.allSatisfy { $0.labels["pprof::base"] == ["true"] })
        p.removeLabel("pprof::base")
        #expect(p.samples.allSatisfy { $0.labels.isEmpty })
    }

    @Test func symbolization() throws {
        var p = Profile()
        p.mappings = [
            Mapping(id: 1, hasFunctions: true, hasFilenames: true, hasLineNumbers: true),
            Mapping(id: 2),
        ]
        p.locations = [Location(id: 1, mapping: 0), Location(id: 2)]
        #expect(p.hasFunctions)
        #expect(p.hasFileLines)
        p.locations.append(Location(id: 3, mapping: 1))
        #expect(!p.hasFunctions)
        p.locations.removeLast()
        var q = p
        q.mappings[0].hasLineNumbers = false
        #expect(q.hasFunctions)
        #expect(!q.hasFileLines)
        q.mappings[0].hasFunctions = false
        #expect(!q.hasFunctions)
    }

    @Test func checkValidCatchesBadIndices() {
        var p = Profile()
        p.sampleTypes = [ValueType(type: "a", unit: "count")]
        p.samples = [Sample(locations: [3], values: [1])]
        #expect(throws: ProfileError.self) { try p.checkValid() }
        p.samples = [Sample(locations: [], values: [1])]
        p.locations = [Location(id: 1, mapping: 2)]
        #expect(throws: ProfileError.self) { try p.checkValid() }
        p.locations = [Location(id: 1, lines: [Line(function: 0, line: 1)])]
        #expect(throws: ProfileError.self) { try p.checkValid() }
        p.functions = [Function(id: 1, name: "f")]
        #expect(throws: Never.self) { try p.checkValid() }
        // Invalid profiles are rejected by merge instead of crashing it.
        p.locations[0].lines[0].function = 9
        #expect(throws: ProfileError.self) { try Profile.merge([p]) }
    }
}
