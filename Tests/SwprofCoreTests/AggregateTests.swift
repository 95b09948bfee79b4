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

@Suite struct BaseLabelTests {
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
