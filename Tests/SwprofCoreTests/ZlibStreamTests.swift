import Testing

@testable import SwprofCore

/// Zlib streams of compressed ELF debug sections: the stated size read as
/// Go's io.ReadFull reads it, damage and oversized claims refused.
@Suite struct ZlibStreamTests {
    /// "abc" in one stored deflate block, with its zlib header and Adler-32.
    static let abc: [UInt8] = [0x78, 0x01, 0x01, 0x03, 0x00, 0xfc, 0xff, 0x61, 0x62, 0x63, 0x02, 0x4d, 0x01, 0x27]

    static func inflate(_ bytes: [UInt8], size: Int, max: Int = 1 << 20) -> [UInt8]? {
        bytes.withUnsafeBytes { input in
            guard let out = ZlibStream.inflate(input, size: size, maxBytes: max) else { return nil }
            defer { out.deallocate() }
            return Array(out)
        }
    }

    @Test func inflatesTheStatedSize() {
        #expect(Self.inflate(Self.abc, size: 3) == Array("abc".utf8))
        #expect(Self.inflate(Self.abc, size: 2) == Array("ab".utf8))
    }

    @Test func refusesShortDamagedAndOversized() {
        #expect(Self.inflate(Self.abc, size: 4) == nil)
        var damaged = Self.abc
        damaged[0] = 0x00
        #expect(Self.inflate(damaged, size: 3) == nil)
        #expect(Self.inflate(Array(Self.abc.prefix(8)), size: 3) == nil)
        #expect(Self.inflate(Self.abc, size: 3, max: 2) == nil)
        #expect(Self.inflate([], size: 3) == nil)
    }

    @Test func zstdRefusesWhatIsNotAFrame() {
        let garbage: [UInt8] = Self.abc
        let out = garbage.withUnsafeBytes { ZstdFrame.decompress($0, size: 3) }
        #expect(out == nil)
        let tooLarge = garbage.withUnsafeBytes { ZstdFrame.decompress($0, size: 3, maxBytes: 2) }
        #expect(tooLarge == nil)
    }
}
