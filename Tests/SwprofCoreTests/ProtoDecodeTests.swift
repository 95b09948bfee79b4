import Foundation
import Testing

@testable import SwprofCore

@Suite struct ProtoDecodeTests {
    @Test(arguments: ProtoFixtures.protoNames)
    func decodesEveryFixture(name: String) throws {
        let p = try ProtoFixtures.parse(name)
        #expect(!p.sampleTypes.isEmpty)
        #expect(!p.samples.isEmpty)
        #expect(!p.locations.isEmpty)
        #expect(p.periodType != nil)
        try p.checkValid()
        for s in p.samples {
            #expect(s.values.count == p.sampleTypes.count)
        }
    }

    @Test func heapProfileContent() throws {
        let p = try ProtoFixtures.parse("heap.1")
        #expect(
            p.sampleTypes.map(\.typeSlashUnit) == [
                "alloc_objects/count", "alloc_space/bytes", "inuse_objects/count", "inuse_space/bytes",
            ])
        #expect(p.periodType == ValueType(type: "space", unit: "bytes"))
        #expect(p.period == 524288)
        // The first sample of heap.1 (see Tests/Fixtures/raw/heap.1.raw.txt).
        let first = p.samples[0]
        #expect(first.values == [16384, 524304, 0, 0])
        #expect(first.locations.map { p.locations[$0].id } == Array(1...11))
        #expect(first.numLabels == ["bytes": [32]])
        let loc = p.locations[first.locations[0]]
        #expect(loc.address == 0x498084)
        #expect(loc.mapping.map { p.mappings[$0].id } == 1)
        let fn = p.functions[loc.lines[0].function]
        #expect(fn.name == "syscall.anyToSockaddr")
        #expect(fn.filename == "syscall/syscall_linux.go")
        #expect(loc.lines[0].line == 615)
    }

    @Test func defaultSampleTypeIsRead() throws {
        let p = try ProtoFixtures.parse("allocs")
        #expect(p.defaultSampleType == "alloc_space")
        #expect(try p.sampleIndex(byName: "") == 1)
    }

    @Test func plainProtoNeedsNoGzip() throws {
        let gz = try Fixtures.data("cpu.pb.gz")
        let raw = try Gzip.decompress([UInt8](gz))
        let a = try ProfileParser.parse(gz, source: "cpu.pb.gz")
        let b = try ProfileParser.parse(Data(raw), source: "cpu.pb")
        #expect(a == b)
    }

    /// A profile written by hand with unpacked repeated fields, unknown fields of every
    /// wire type, labels with units, comments and drop/keep frames.
    @Test func handWrittenProtoWithEveryFeature() throws {
        var w = ProtoWriter()
        // Strings: 0 "", 1 "samples", 2 "count", 3 "main", 4 "main.go", 5 "bytes", 6 "key", 7 "val",
        // 8 "comment", 9 "drop.*", 10 "keep", 11 "cpu", 12 "nanoseconds", 13 "sz", 14 "/bin/x"
        let strings = [
            "", "samples", "count", "main", "main.go", "bytes", "key", "val", "comment", "drop.*", "keep", "cpu",
            "nanoseconds", "sz", "/bin/x",
        ]
        w.uint64(99, 7)  // unknown varint field
        w.message(1) { w in
            w.int64(1, 1)
            w.int64(2, 2)
        }
        w.message(2) { w in
            w.uint64(1, 10)  // unpacked location IDs
            w.uint64(1, 20)
            w.int64(2, 5)  // one value, unpacked
            w.message(3) { w in
                w.int64(1, 6)
                w.int64(2, 7)
            }
            w.message(3) { w in  // numeric label with unit
                w.int64(1, 13)
                w.int64(3, 4096)
                w.int64(4, 5)
            }
            w.message(3) { w in  // numeric label without unit: units padded
                w.int64(1, 13)
                w.int64(3, 8)
            }
            w.message(3) { w in  // neither string nor number: dropped
                w.int64(1, 6)
            }
            w.tag(50, WireType.fixed32)  // unknown fixed32 inside a sample
            w.bytes += [1, 2, 3, 4]
        }
        w.message(3) { w in
            w.uint64(1, 1)
            w.uint64(2, 0x1000)
            w.uint64(3, 0x2000)
            w.int64(5, 14)
            w.uint64(7, 1)
        }
        w.message(4) { w in
            w.uint64(1, 10)
            w.uint64(2, 1)
            w.uint64(3, 0x1234)
            w.message(4) { w in
                w.uint64(1, 100)
                w.int64(2, 42)
            }
        }
        w.message(4) { w in
            w.uint64(1, 20)
            w.uint64(2, 77)  // unknown mapping: left unmapped, as pprof does
            w.uint64(5, 1)
        }
        w.message(5) { w in
            w.uint64(1, 100)
            w.int64(2, 3)
            w.int64(3, 3)
            w.int64(4, 4)
            w.int64(5, 40)
        }
        for s in strings { w.string(6, s) }
        w.tag(60, WireType.fixed64)  // unknown fixed64
        w.bytes += [0, 0, 0, 0, 0, 0, 0, 0]
        w.int64(7, 9)
        w.int64(8, 10)
        w.int64(9, 1_000_000_000)
        w.int64(10, 2_500_000_000)
        w.message(11) { w in
            w.int64(1, 11)
            w.int64(2, 12)
        }
        w.int64(12, 10_000_000)
        w.int64(13, 8)
        w.int64(14, 1)
        w.string(70, "unknown length-delimited field")

        let p = try ProfileParser.parse(bytes: w.bytes, source: "hand.pb")
        #expect(p.sampleTypes == [ValueType(type: "samples", unit: "count")])
        #expect(p.defaultSampleType == "samples")
        #expect(p.samples.count == 1)
        let s = p.samples[0]
        #expect(s.locations == [0, 1])
        #expect(s.values == [5])
        #expect(s.labels == ["key": ["val"]])
        #expect(s.numLabels == ["sz": [4096, 8]])
        #expect(s.numUnits == ["sz": ["bytes", ""]])
        #expect(p.mappings == [Mapping(id: 1, start: 0x1000, limit: 0x2000, file: "/bin/x", hasFunctions: true)])
        #expect(p.locations[0].mapping == 0)
        #expect(p.locations[0].lines == [Line(function: 0, line: 42)])
        #expect(p.locations[1].mapping == nil)
        #expect(p.locations[1].isFolded)
        #expect(p.functions == [Function(id: 100, name: "main", systemName: "main", filename: "main.go", startLine: 40)])
        #expect(p.comments == ["comment"])
        #expect(p.dropFrames == "drop.*")
        #expect(p.keepFrames == "keep")
        #expect(p.timeNanos == 1_000_000_000)
        #expect(p.durationNanos == 2_500_000_000)
        #expect(p.periodType == ValueType(type: "cpu", unit: "nanoseconds"))
        #expect(p.period == 10_000_000)
    }

    @Test func packedAndUnpackedDecodeAlike() throws {
        func profile(packed: Bool) -> [UInt8] {
            var w = ProtoWriter()
            w.message(1) { w in w.int64(1, 1) }
            w.message(1) { w in w.int64(1, 1) }
            w.message(2) { w in
                if packed {
                    w.message(1) { w in for id: UInt64 in [1, 2, 1] { w.varint(id) } }
                    w.message(2) { w in w.varint(3); w.varint(UInt64(bitPattern: -4)) }
                } else {
                    for id: UInt64 in [1, 2, 1] { w.uint64(1, id) }
                    w.int64(2, 3)
                    w.int64(2, -4)
                }
            }
            for id: UInt64 in [1, 2] {
                w.message(4) { w in w.uint64(1, id) }
            }
            w.string(6, "")
            w.string(6, "t")
            return w.bytes
        }
        let a = try ProfileParser.parse(bytes: profile(packed: true), source: "a")
        let b = try ProfileParser.parse(bytes: profile(packed: false), source: "b")
        #expect(a == b)
        #expect(a.samples[0].locations == [0, 1, 0])
        #expect(a.samples[0].values == [3, -4])
    }
}
