import Foundation
import Testing

@testable import SwprofCore

@Suite struct ProtoEncodeTests {
    init() { ProtoFixtures.utc }

    /// Decoding what we encode gives the same profile back.
    @Test(arguments: ProtoFixtures.protoNames)
    func roundTrip(name: String) throws {
        let p = try ProtoFixtures.parse(name)
        for compress in [true, false] {
            let data = ProfileEncoder.encode(p, compress: compress)
            #expect(Gzip.hasMagic(data) == compress)
            let back = try ProfileParser.parse(data, source: "ours")
            #expect(back == p, "round trip of \(name) changed the profile")
        }
    }

    /// pprof's -proto output of a fixture, uncompressed, is byte for byte what we write
    /// for the same profile (pprof 1.27 neither merges nor filters a single profile).
    @Test(arguments: ProtoFixtures.protoNames)
    func sameBytesAsPprof(name: String) throws {
        let ours = ProfileEncoder.encodeBytes(try ProtoFixtures.parse(name))
        let theirs = [UInt8](try ProtoFixtures.expected("\(name).pprof.pb"))
        #expect(ProtoFixtures.firstMismatch(ours, theirs) == nil)
    }

    /// `go tool pprof -raw` reads our file and prints what it prints for the original.
    @Test(.enabled(if: ProtoFixtures.goTool != nil), arguments: ["heap.2", "cpu", "goroutine.3", "allocs"])
    func pprofReadsOurOutput(name: String) throws {
        let p = try ProtoFixtures.parse(name)
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("swprof-encode-\(getpid())-\(name)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("ours.pb.gz")
        try ProfileEncoder.encode(p).write(to: file)
        let got = try ProtoFixtures.pprof(["-raw", file.path])
        let want = try ProtoFixtures.expectedText("\(name).raw.txt")
        #expect(got == want, "\(ProtoFixtures.firstDifference(got, want))")
    }

    @Test func gzipRoundTrip() throws {
        var rng = SplitMix(seed: 9)
        for size in [0, 1, 100, 70_000] {
            let bytes = (0..<size).map { _ in UInt8(truncatingIfNeeded: rng.next() % 7) }
            let gz = Gzip.compress(bytes)
            #expect(Gzip.hasMagic(gz))
            #expect(try Gzip.decompress(gz) == bytes)
        }
    }

    @Test func labelsSurviveEncoding() throws {
        var p = Profile()
        p.sampleTypes = [ValueType(type: "samples", unit: "count")]
        p.periodType = ValueType(type: "", unit: "")
        p.functions = [Function(id: 1, name: "é", systemName: "e\u{301}")]
        p.locations = [Location(id: 1, lines: [Line(function: 0, line: 1)])]
        p.samples = [
            Sample(
                locations: [0], values: [1], labels: ["k": ["v1", "v2"], "a": ["b"]],
                numLabels: ["n": [1, 2, 3]], numUnits: ["n": ["", "bytes", ""]]),
            Sample(locations: [0, 0, 0], values: [2], numLabels: ["z": [7]]),
        ]
        p.comments = ["c1", "c2", "c3"]
        let back = try ProfileParser.parse(ProfileEncoder.encode(p), source: "x")
        #expect(back == p)
        // Strings equal in Swift but different in bytes stay distinct.
        #expect(Array(back.functions[0].systemName.utf8) == Array("e\u{301}".utf8))
    }
}

@Suite struct ProtoCopyTests {
    @Test func copyDropsWhatProtoCannotHold() throws {
        var p = Profile()
        p.sampleTypes = [ValueType(type: "n", unit: "count")]
        p.functions = [Function(id: 1, name: "f")]
        p.locations = [Location(id: 1, lines: [Line(function: 0, line: 1)])]
        p.samples = [
            Sample(
                locations: [0], values: [1], labels: ["empty": [""], "k": ["v"]],
                numLabels: ["zero": [0], "n": [0, 5]], numUnits: ["n": ["bytes", "bytes"]])
        ]
        let copy = try p.protoCopy()
        #expect(copy.periodType == ValueType(type: "", unit: ""))
        #expect(copy.samples[0].labels == ["k": ["v"]])
        #expect(copy.samples[0].numLabels == ["n": [0, 5]])
        #expect(copy.samples[0].numUnits == ["n": ["bytes", "bytes"]])
        p.locations[0].lines[0].function = 3
        #expect(throws: ProfileError.self) { try p.protoCopy() }
    }
}
