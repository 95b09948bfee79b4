import Testing
@testable import SwprofCore

@Suite struct AggregateTests {
    func profile() -> Profile {
        var b = FilterTestProfile()
        b.sample("main;bar+foo", 10)
        b.profile.mappings[0].hasFilenames = true
        b.profile.mappings[0].hasLineNumbers = true
        b.profile.mappings[0].hasInlineFrames = true
        for i in b.profile.locations.indices {
            for j in b.profile.locations[i].lines.indices { b.profile.locations[i].lines[j].line = Int64(10 + j) }
        }
        return b.profile
    }

    @Test func functionsForgetFilesLinesAndAddresses() {
        var p = profile()
        p.aggregate(granularity: .functions, noInlines: false)
        #expect(p.functions.allSatisfy { $0.filename.isEmpty && !$0.name.isEmpty })
        #expect(p.locations.allSatisfy { $0.address == 0 })
        #expect(p.locations.flatMap(\.lines).allSatisfy { $0.line == 0 })
        #expect(p.locations[0].lines.count == 2)  // inlined frames kept
        #expect(!p.mappings[0].hasFilenames && !p.mappings[0].hasLineNumbers && p.mappings[0].hasInlineFrames)
    }

    @Test func filesForgetFunctionNames() {
        var p = profile()
        p.aggregate(granularity: .files, noInlines: false)
        #expect(p.functions.allSatisfy { $0.name.isEmpty && $0.systemName.isEmpty && !$0.filename.isEmpty })
        #expect(!p.mappings[0].hasFunctions)
    }

    @Test func linesKeepLineNumbers() {
        var p = profile()
        p.aggregate(granularity: .lines, noInlines: false)
        #expect(p.locations[0].lines.map(\.line) == [10, 11])
        #expect(p.locations.allSatisfy { $0.address == 0 })
        #expect(p.functions.allSatisfy { !$0.filename.isEmpty })
    }

    @Test func noInlinesKeepsTheOutermostLine() {
        var p = profile()
        p.aggregate(granularity: .functions, noInlines: true)
        #expect(p.stacks == ["main;foo 10"])
        #expect(!p.mappings[0].hasInlineFrames)
    }

    @Test func addressesWithInlinesChangeNothing() {
        let original = profile()
        var p = original
        p.aggregate(granularity: .addresses, noInlines: false)
        #expect(p == original)
        p.aggregate(granularity: .addresses, noInlines: true)
        #expect(p.locations[0].address != 0 && p.locations[0].lines.count == 1)
    }
}

@Suite struct SampleIndexTests {
    func heap() -> Profile {
        var p = Profile()
        p.sampleTypes = ["alloc_objects", "alloc_space", "inuse_objects", "inuse_space"].map {
            ValueType(type: $0, unit: $0.hasSuffix("space") ? "bytes" : "count")
        }
        return p
    }

    @Test func defaultIsDefaultSampleTypeElseLast() throws {
        var p = heap()
        #expect(try p.sampleIndex(named: "") == 3)
        p.defaultSampleType = "alloc_space"
        #expect(try p.sampleIndex(named: "") == 1)
    }

    @Test func byNumberAndName() throws {
        let p = heap()
        #expect(try p.sampleIndex(named: "0") == 0)
        #expect(try p.sampleIndex(named: "inuse_objects") == 2)
        var old = Profile()
        old.sampleTypes = [ValueType(type: "objects", unit: "count"), ValueType(type: "space", unit: "bytes")]
        #expect(try old.sampleIndex(named: "inuse_space") == 1)
    }

    @Test func errorsUsePprofWording() {
        let p = heap()
        #expect(throws: ProfileError(.invalidOption, "sample_index 4 is outside the range [0..3]")) {
            try p.sampleIndex(named: "4")
        }
        #expect(
            throws: ProfileError(
                .invalidOption, "sample_index \"zz\" must be one of: [alloc_objects alloc_space inuse_objects inuse_space]")
        ) { try p.sampleIndex(named: "zz") }
    }
}

@Suite struct ScaleAndBaseTests {
    @Test func scaleRoundsAndDropsZeroSamples() {
        var b = FilterTestProfile()
        b.sample("main;a", 3)
        b.sample("main;b", 1)
        var p = b.profile
        p.scale(by: 0.5)
        // values [1, 3] → [1 (0.5 rounds away from zero), 2]; [1, 1] → [1, 1]
        #expect(p.samples.map(\.values) == [[1, 2], [1, 1]])
        p.scale(by: 0.1)
        #expect(p.samples.isEmpty)
    }

    @Test func negativeScaleForSubtraction() {
        var b = FilterTestProfile()
        b.sample("main;a", 3)
        var p = b.profile
        p.scale(by: -1)
        #expect(p.samples.map(\.values) == [[-1, -3]])
    }

    @Test func normalizeMatchesBaseTotals() throws {
        var b = FilterTestProfile()
        b.sample("main;a", 30)
        b.sample("main;b", 10)
        var p = b.profile
        var baseBuilder = FilterTestProfile()
        baseBuilder.sample("main;a", 20)
        baseBuilder.sample("main;a", 0)
        try p.normalize(by: baseBuilder.profile)
        #expect(p.samples.map(\.values) == [[1, 15], [1, 5]])
    }

    @Test func normalizeRefusesDifferentSampleTypes() {
        var p = FilterTestProfile().profile
        var other = p
        other.sampleTypes = [ValueType(type: "x", unit: "count")]
        #expect(throws: ProfileError.self) { try p.normalize(by: other) }
    }

    @Test func diffBaseLabel() {
        var b = FilterTestProfile()
        b.sample("main", 1, labels: ["a": ["b"]])
        var p = b.profile
        p.setLabel(Sample.diffBaseLabel, ["true"])
        #expect(p.samples[0].isDiffBase)
        #expect(p.samples[0].labels["a"] == ["b"])
        p.removeLabel(Sample.diffBaseLabel)
        #expect(!p.samples[0].isDiffBase)
    }

    @Test func numLabelUnitsFirstSeenWinsAndGuesses() {
        var b = FilterTestProfile()
        b.sample("main", 1, numLabels: ["bytes": [1], "request": [2], "n": [3]], numUnits: ["bytes": ["kilobytes"]])
        b.sample("main", 1, numLabels: ["bytes": [1]], numUnits: ["bytes": ["bytes"]])
        let (units, ignored) = b.profile.numLabelUnits()
        #expect(units == ["bytes": "kilobytes", "request": "bytes", "n": "n"])
        #expect(ignored == ["bytes": ["bytes"]])
    }

    @Test func labelNodesAddRootAndLeafFrames() {
        var b = FilterTestProfile()
        b.sample("main;work", 5, labels: ["phase": ["load"]], numLabels: ["bytes": [2048]], numUnits: ["bytes": ["bytes"]])
        var p = b.profile
        let (root, leaf) = p.addLabelNodes(rootKeys: ["phase"], leafKeys: ["bytes", "missing"], outputUnit: "minimum")
        #expect(root && leaf)
        #expect(p.stacks == ["load;main;work;2kB; 5"])
    }
}
