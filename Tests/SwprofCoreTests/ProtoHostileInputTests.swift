import Foundation
import Testing

@testable import SwprofCore

/// Bad and hostile inputs: each must give a `ProfileError` naming the source, never a crash.
@Suite struct ProtoHostileInputTests {
    func error(_ bytes: [UInt8], limit: Int = Gzip.defaultMaxInflatedBytes) -> ProfileError? {
        do {
            _ = try ProfileParser.parse(bytes: bytes, source: "bad.pb", maxInflatedBytes: limit)
            return nil
        } catch let e as ProfileError {
            return e
        } catch {
            Issue.record("not a ProfileError: \(error)")
            return nil
        }
    }

    func expectError(
        _ bytes: [UInt8], _ code: ProfileError.Code, _ fragment: String, limit: Int = Gzip.defaultMaxInflatedBytes,
        sourceLocation: SourceLocation = #_sourceLocation
    ) {
        guard let e = error(bytes, limit: limit) else {
            Issue.record("parsed without error", sourceLocation: sourceLocation)
            return
        }
        #expect(e.code == code, "\(e)", sourceLocation: sourceLocation)
        #expect(e.source == "bad.pb", sourceLocation: sourceLocation)
        #expect(e.description.hasPrefix("bad.pb: "), sourceLocation: sourceLocation)
        #expect(e.message.contains(fragment), "\(e.message)", sourceLocation: sourceLocation)
    }

    /// A damaged profile.proto: pprof's words ("unrecognized profile format", as its
    /// legacy parsers, tried next, see no profile either), while the decoder itself says
    /// what is wrong (`fragment`).
    func expectDiagnosis(_ bytes: [UInt8], _ fragment: String, sourceLocation: SourceLocation = #_sourceLocation) {
        expectError(bytes, .unrecognized, "unrecognized profile format", sourceLocation: sourceLocation)
        do {
            _ = try ProfileProtoDecoder.decode(bytes)
            Issue.record("decoded without error", sourceLocation: sourceLocation)
        } catch {
            #expect(error.message.contains(fragment), "\(error.message)", sourceLocation: sourceLocation)
        }
    }

    var heapProto: [UInt8] {
        get throws { try Gzip.decompress([UInt8](Fixtures.data("heap.1.pb.gz"))) }
    }

    /// A minimal valid profile with one sample type, to damage in the tests below.
    func profile(_ extra: (inout ProtoWriter) -> Void) -> [UInt8] {
        var w = ProtoWriter()
        w.message(1) { w in
            w.int64(1, 1)
            w.int64(2, 2)
        }
        extra(&w)
        for s in ["", "samples", "count"] { w.string(6, s) }
        return w.bytes
    }

    @Test func emptyInput() {
        expectError([], .empty, "empty input file")
        expectError(Gzip.compress([]), .empty, "empty input file")
    }

    @Test func textIsUnrecognized() {
        expectError(Array("hello, this is not a profile\n".utf8), .unrecognized, "unrecognized profile format")
        expectError(Array("Hello".utf8), .unrecognized, "unrecognized profile format")
        expectError([0xff, 0xff, 0x00, 0x13], .unrecognized, "unrecognized profile format")
        expectError(Gzip.compress(Array("gzipped text\n".utf8)), .unrecognized, "unrecognized profile format")
    }

    @Test func truncatedGzip() throws {
        let gz = [UInt8](try Fixtures.data("heap.1.pb.gz"))
        for cut in [2, 3, 10, 100, gz.count / 2, gz.count - 4, gz.count - 1] {
            expectError(Array(gz.prefix(cut)), .decompression, "decompressing profile: unexpected EOF")
        }
    }

    @Test func corruptGzip() throws {
        var gz = [UInt8](try Fixtures.data("heap.1.pb.gz"))
        // The CRC-32 is the 8th to 5th bytes from the end.
        gz[gz.count - 8] ^= 0xff
        expectError(gz, .decompression, "decompressing profile: gzip: invalid checksum")
        var badHeader = [UInt8](try Fixtures.data("heap.1.pb.gz"))
        badHeader[2] = 7  // compression method must be 8 (deflate)
        expectError(badHeader, .decompression, "decompressing profile: gzip: invalid header")
        var badLength = [UInt8](try Fixtures.data("heap.1.pb.gz"))
        badLength[badLength.count - 1] ^= 0x01
        expectError(badLength, .decompression, "decompressing profile: gzip: invalid checksum")
    }

    @Test func inflatedSizeIsBounded() throws {
        let bomb = Gzip.compress([UInt8](repeating: 0, count: 1 << 20))
        expectError(bomb, .decompression, "exceeds the limit of 1000 bytes", limit: 1000)
        // Exactly at the limit is fine (then the zeros are not a profile).
        let e = error(bomb, limit: 1 << 20)
        #expect(e?.code != .decompression)
        // Extreme limits are clamped, not trusted.
        #expect(error(bomb, limit: Int.max).map { $0.code != .decompression } == true)
        expectError(bomb, .decompression, "exceeds the limit of 0 bytes", limit: -5)
    }

    @Test func gzipTwice() throws {
        expectError(Gzip.compress(Gzip.compress(try heapProto)), .unrecognized, "parsing profile: unrecognized profile format")
    }

    @Test func concatenatedGzipMembers() throws {
        let proto = try heapProto
        let half = proto.count / 2
        let twoMembers = Gzip.compress(Array(proto[..<half])) + Gzip.compress(Array(proto[half...]))
        let a = try ProfileParser.parse(bytes: twoMembers, source: "two.pb.gz")
        let b = try ProfileParser.parse(bytes: proto, source: "one.pb")
        #expect(a == b)
        // Go reads a whole member header (10 bytes) after each member.
        expectError(Gzip.compress(proto) + [1, 2, 3], .decompression, "decompressing profile: unexpected EOF")
        expectError(Gzip.compress(proto) + Array(repeating: 0, count: 10), .decompression, "gzip: invalid header")
    }

    @Test func truncatedProtoAtEveryLength() throws {
        let proto = try heapProto
        var errors = 0
        for cut in stride(from: 1, to: proto.count, by: 3) {
            if let e = error(Array(proto.prefix(cut))) {
                errors += 1
                #expect(e.code == .malformed || e.code == .unrecognized)
            }
        }
        // A prefix ending between two top-level fields is a well-formed (smaller) message,
        // but most cuts land inside a field or lose the string table.
        #expect(errors > proto.count / 3 - 20)
        expectDiagnosis(Array(proto.prefix(1000)), "truncated file?")
    }

    @Test func badVarints() {
        // An 11-byte varint inside a sample.
        expectDiagnosis(
            profile { w in w.message(2) { w in w.tag(1, 0); w.bytes += Array(repeating: 0xff, count: 10) + [1] } }, "longer than 10 bytes")
        // A varint cut off by the end of its message.
        expectDiagnosis(
            profile { w in w.message(2) { w in w.tag(2, 0); w.bytes += [0x80, 0x80] } }, "runs past the end")
    }

    @Test func lengthsPastTheEnd() {
        var w = ProtoWriter()
        w.message(1) { w in w.int64(1, 1) }
        w.tag(2, WireType.lengthDelimited)
        w.varint(1 << 40)
        expectDiagnosis(w.bytes, "claims 1099511627776 bytes")
        // One byte is not the gzip magic: not a profile either.
        expectError([0x1f], .unrecognized, "unrecognized profile format")
        var huge = ProtoWriter()
        huge.message(1) { w in w.int64(1, 1) }
        huge.tag(2, WireType.lengthDelimited)
        huge.varint(UInt64.max)
        expectDiagnosis(huge.bytes, "claims")
    }

    @Test func wrongWireTypes() {
        expectDiagnosis(profile { w in w.uint64(2, 5) }, "sample (field 2) at byte")
        expectDiagnosis(profile { w in w.message(9) { _ in } }, "time_nanos (field 9)")
        expectDiagnosis(
            profile { w in w.message(2) { w in w.tag(2, WireType.fixed64); w.bytes += [1, 0, 0, 0, 0, 0, 0, 0] } }, "Sample.value")
        expectDiagnosis(profile { w in w.tag(40, 3) }, "unsupported wire type 3")
        expectDiagnosis(profile { w in w.tag(40, 7) }, "unsupported wire type 7")
    }

    @Test func stringTableProblems() {
        var first = ProtoWriter()
        first.message(1) { w in w.int64(1, 1) }
        first.string(6, "x")
        expectDiagnosis(first.bytes, "first entry must be the empty string")

        var none = ProtoWriter()
        none.message(1) { w in w.int64(1, 0) }
        expectDiagnosis(none.bytes, "string table is missing")

        expectDiagnosis(
            profile { w in w.message(5) { w in w.uint64(1, 1); w.int64(2, 99) } }, "the name of function 0 refers to string 99, but the string table has 3 entries")
        expectDiagnosis(
            profile { w in w.message(5) { w in w.uint64(1, 1); w.int64(2, -1) } }, "refers to string -1")
        expectDiagnosis(
            profile { w in
                w.message(4) { w in w.uint64(1, 1) }
                w.message(2) { w in w.uint64(1, 1); w.int64(2, 1); w.message(3) { w in w.int64(1, 1); w.int64(2, 50) } }
            }, "refers to string 50")
    }

    @Test func missingAndReservedIDs() {
        expectError(
            profile { w in w.message(2) { w in w.uint64(1, 7); w.int64(2, 1) } }, .malformed,
            "malformed profile: sample has nil location")
        expectError(
            profile { w in w.message(4) { w in w.uint64(1, 1); w.message(4) { w in w.uint64(1, 3) } } }, .malformed,
            "malformed profile: location id: 1 has a line with nil function")
        expectError(
            profile { w in w.message(4) { w in w.uint64(1, 1); w.message(4) { w in w.int64(2, 3) } } }, .malformed,
            "malformed profile: location id: 1 has a line with nil function")
        expectError(profile { w in w.message(4) { w in w.uint64(3, 1) } }, .malformed, "malformed profile: found location with reserved id=0")
        expectError(profile { w in w.message(5) { w in w.int64(5, 1) } }, .malformed, "malformed profile: found function with reserved ID=0")
        expectError(profile { w in w.message(3) { w in w.uint64(2, 1) } }, .malformed, "malformed profile: found mapping with reserved ID=0")
        expectError(
            profile { w in
                w.message(4) { w in w.uint64(1, 5) }
                w.message(4) { w in w.uint64(1, 5) }
            }, .malformed, "malformed profile: multiple locations with same id: 5")
        expectError(
            profile { w in
                w.message(3) { w in w.uint64(1, 1 << 40) }
                w.message(3) { w in w.uint64(1, 1 << 40) }
            }, .malformed, "malformed profile: multiple mappings with same id: 1099511627776")
    }

    @Test func valueCountMismatch() {
        expectError(
            profile { w in w.message(2) { w in w.int64(2, 1); w.int64(2, 2) } }, .malformed,
            "malformed profile: mismatch: sample has 2 values vs. 1 types")
        var noTypes = ProtoWriter()
        noTypes.message(2) { w in w.int64(2, 1) }
        noTypes.string(6, "")
        expectError(noTypes.bytes, .malformed, "missing sample type information")
    }

    /// Millions of two-byte messages must be refused at the first bad one, not decoded first.
    @Test func floodsOfEmptyMessages() {
        let emptyLocations = profile { w in
            for _ in 0..<2_000_000 { w.bytes += [0x22, 0x00] }
        }
        expectError(emptyLocations, .malformed, "malformed profile: found location with reserved id=0")
        let emptySamples = profile { w in
            for _ in 0..<2_000_000 { w.bytes += [0x12, 0x00] }
        }
        expectError(emptySamples, .malformed, "malformed profile: mismatch: sample has 0 values vs. 1 types")
    }

    @Test func concatenatedProfiles() throws {
        let proto = try heapProto
        expectError(proto + proto, .malformed, "concatenated profiles detected")
    }

    /// Random byte flips, insertions and deletions in a real profile: any outcome but a crash.
    @Test func randomMutationsNeverCrash() throws {
        let proto = try heapProto
        var rng = SplitMix(seed: 0x5eed)
        var failures = 0
        for _ in 0..<3000 {
            var bytes = proto
            for _ in 0..<(1 + Int(rng.next() % 4)) {
                let i = Int(rng.next() % UInt64(bytes.count))
                switch rng.next() % 3 {
                case 0: bytes[i] = UInt8(truncatingIfNeeded: rng.next())
                case 1: bytes.insert(UInt8(truncatingIfNeeded: rng.next()), at: i)
                default: bytes.remove(at: i)
                }
            }
            do {
                let p = try ProfileParser.parse(bytes: bytes, source: "m")
                // Whatever decodes must be usable: valid, encodable, printable.
                try p.checkValid()
                _ = ProfileEncoder.encodeBytes(p)
                _ = p.rawText
            } catch let e as ProfileError {
                failures += 1
                #expect(e.source == "m")
            }
        }
        #expect(failures > 0)
    }

    @Test func randomGzipDamageNeverCrashes() throws {
        let gz = [UInt8](try Fixtures.data("heap.1.pb.gz"))
        var rng = SplitMix(seed: 7)
        for _ in 0..<500 {
            var bytes = gz
            let i = 2 + Int(rng.next() % UInt64(bytes.count - 2))  // keep the magic
            bytes[i] = UInt8(truncatingIfNeeded: rng.next())
            if let e = error(bytes) {
                #expect(e.source == "bad.pb")
            }
        }
    }

    @Test func randomBytesNeverCrash() {
        var rng = SplitMix(seed: 42)
        for n in 0..<2000 {
            let count = 1 + Int(rng.next() % 64)
            var bytes = (0..<count).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
            if n % 2 == 0 { bytes[0] = 0x0a }  // start like a sample_type field
            if let e = error(bytes) {
                #expect(e.source == "bad.pb")
            }
        }
    }
}
