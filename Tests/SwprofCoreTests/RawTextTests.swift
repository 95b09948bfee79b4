import Foundation
import Testing

@testable import SwprofCore

/// `rawText` against `go tool pprof -raw` output (Tests/Fixtures/raw/*.raw.txt).
@Suite struct RawTextTests {
    init() { ProtoFixtures.utc }

    @Test(arguments: ProtoFixtures.protoNames)
    func matchesPprofRaw(name: String) throws {
        let p = try ProtoFixtures.asPprofPrints([ProtoFixtures.parse(name)])
        let want = try ProtoFixtures.expectedText("\(name).raw.txt")
        #expect(p.rawText == want, "\(ProtoFixtures.firstDifference(p.rawText, want))")
    }

    /// A hand-made profile (Tests/Fixtures/raw/make-handmade.py): labels with units,
    /// duplicate stacks, locations and functions, unknown mapping IDs, large IDs.
    @Test func handMadeProfileMatchesPprofRaw() throws {
        let p = try ProfileParser.parse(ProtoFixtures.expected("handmade.pb"), source: "handmade.pb")
        let printed = try ProtoFixtures.asPprofPrints([p]).rawText
        let want = try ProtoFixtures.expectedText("handmade.raw.txt")
        #expect(printed == want, "\(ProtoFixtures.firstDifference(printed, want))")
        // pprof 1.27 writes a single profile as read, not merged.
        let theirs = [UInt8](try ProtoFixtures.expected("handmade.pprof.pb"))
        #expect(ProtoFixtures.firstMismatch(ProfileEncoder.encodeBytes(p), theirs) == nil)
    }

    /// The decoded profile itself (not merged) prints the samples pprof's name filter drops.
    @Test func samplesWithoutLocationsArePrinted() throws {
        let p = try ProtoFixtures.parse("goroutine.1")
        #expect(p.rawText.contains("\n          1: \n"))
    }

    @Test func goDurations() {
        #expect(goDurationString(0) == "0s")
        #expect(goDurationString(1) == "1ns")
        #expect(goDurationString(1500) == "1.5µs")
        #expect(goDurationString(1_500_000) == "1.5ms")
        #expect(goDurationString(4_123_456_789) == "4.123456789s")
        #expect(goDurationString(90 * 1_000_000_000) == "1m30s")
        #expect(goDurationString(3_723_000_000_000) == "1h2m3s")
        #expect(goDurationString(-2_000_000) == "-2ms")
        #expect(goDurationString(Int64.min) == "-2562047h47m16.854775808s")
        // pprof prints durations with %.4v, which keeps four characters.
        #expect(goTruncated(goDurationString(4_123_456_789), 4) == "4.12")
        #expect(goTruncated(goDurationString(1500), 4) == "1.5µ")
    }

    @Test func goTimes() {
        ProtoFixtures.utc
        #expect(goTimeString(unixNanos: 1_795_375_863_357_625_719) == "2026-11-22 19:31:03.357625719 +0000 UTC")
        #expect(goTimeString(unixNanos: 1_000_000_000) == "1970-01-01 00:00:01 +0000 UTC")
        #expect(goTimeString(unixNanos: 1_500_000_000) == "1970-01-01 00:00:01.5 +0000 UTC")
        #expect(goTimeString(unixNanos: -1) == "1969-12-31 23:59:59.999999999 +0000 UTC")
    }

    @Test func labelsAndUnitsAsPprofPrintsThem() {
        var p = Profile()
        p.sampleTypes = [ValueType(type: "samples", unit: "count")]
        p.defaultSampleType = "samples"
        p.functions = [Function(id: 1, name: "f", systemName: "f_sys", filename: "f.go", startLine: 3)]
        p.mappings = [Mapping(id: 1, start: 0x400000, limit: 0x500000, file: "/bin/a", buildID: "abc", hasFunctions: true, hasInlineFrames: true)]
        p.locations = [
            Location(id: 7, mapping: 0, address: 0x401000, lines: [Line(function: 0, line: 10, column: 4), Line(function: 0, line: 20)]),
            Location(id: 8, isFolded: true),
        ]
        p.samples = [
            Sample(
                locations: [0, 1], values: [-3], labels: ["b": ["x", "y"], "a": ["z"]],
                numLabels: ["n": [1, 2], "m": [5]], numUnits: ["n": ["bytes", "kb"]])
        ]
        p.comments = ["hello"]
        p.periodType = ValueType(type: "cpu", unit: "ns")
        let want = """
            Comment: hello
            PeriodType: cpu ns
            Period: 0
            Samples:
            samples/count[dflt]
                     -3: 7 8 
                            a:[z] b:[x y]
                            m:[5] n:[1 bytes 2 kb]
            Locations
                 7: 0x401000 M=1 f f.go:10:4 s=3(f_sys)
                         f f.go:20:0 s=3(f_sys)
                 8: 0x0 [F] 
            Mappings
            1: 0x400000/0x500000/0x0 /bin/a abc [FN][IN]

            """
        #expect(p.rawText == want, "\(ProtoFixtures.firstDifference(p.rawText, want))")
    }
}
