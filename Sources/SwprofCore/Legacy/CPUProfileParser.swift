/// gperftools' binary CPU profile ("profilez"), C++ or Java flavour.
///
/// The file is a sequence of machine words of one size (4 or 8 bytes) and one
/// byte order. A header of five words `0, 3, kind, period-µs, 0` (kind 0 for C++,
/// 1 for Java) is followed by records `count, depth, pc…`, ended by `0, 1, 0`,
/// then by a text memory map (C++) or symbol lines (Java). The word size and byte
/// order are found as pprof finds them: the first of 32-bit little-endian, 32-bit
/// big-endian, 64-bit little-endian, 64-bit big-endian whose header reads right.
enum CPUProfileParser {
    /// How words are read: size and byte order.
    struct WordFormat: Sendable {
        let size: Int
        let bigEndian: Bool

        static let all = [
            WordFormat(size: 4, bigEndian: false), WordFormat(size: 4, bigEndian: true),
            WordFormat(size: 8, bigEndian: false), WordFormat(size: 8, bigEndian: true),
        ]
    }

    /// A read position in the data. `position == nil` is the state pprof reaches
    /// when a word could not be read (its byte slice becomes nil): every later
    /// read yields 0 and the position stays nil.
    struct WordReader {
        let data: [UInt8]
        let format: WordFormat
        var position: Int?

        mutating func next() -> UInt64 {
            guard let p = position, data.count - p >= format.size else {
                position = nil
                return 0
            }
            var v: UInt64 = 0
            if format.bigEndian {
                for k in 0..<format.size { v = (v << 8) | UInt64(data[p + k]) }
            } else {
                for k in (0..<format.size).reversed() { v = (v << 8) | UInt64(data[p + k]) }
            }
            position = p + format.size
            return v
        }

        var remaining: Int { position.map { data.count - $0 } ?? 0 }
    }

    static func parse(_ data: [UInt8]) throws -> LegacyProfileBuilder {
        for format in WordFormat.all {
            var r = WordReader(data: data, format: format, position: 0)
            let n1 = r.next(), n2 = r.next(), n3 = r.next(), n4 = r.next(), n5 = r.next()
            guard r.position != nil, n1 == 0, n2 == 3, n4 > 0, n5 == 0 else { continue }
            let period = Int64(bitPattern: n4)
            if n3 == 0 { return try cppProfile(&r, period: period) }
            if n3 == 1 { return try javaProfile(&r, period: period) }
        }
        throw LegacyParseError.unrecognized
    }

    /// A C++ profile: samples, then the process memory map.
    static func cppProfile(_ r: inout WordReader, period: Int64) throws -> LegacyProfileBuilder {
        var b = LegacyProfileBuilder()
        b.period = period &* 1000
        b.periodType = ValueType(type: "cpu", unit: "nanoseconds")
        b.sampleTypes = [ValueType(type: "samples", unit: "count"), ValueType(type: "cpu", unit: "nanoseconds")]
        _ = try readSamples(&r, adjust: true, into: &b)
        removeSignalHandlerFrames(&b)
        var scanner = LineScanner(r.data, from: r.position ?? r.data.count)
        try b.parseMemoryMap(&scanner)
        b.cleanupDuplicateLocations()
        return b
    }

    /// A Java profile: samples, then `0xADDR name (file:line)` symbol lines.
    static func javaProfile(_ r: inout WordReader, period: Int64) throws -> LegacyProfileBuilder {
        var b = LegacyProfileBuilder()
        b.period = period &* 1000
        b.periodType = ValueType(type: "cpu", unit: "nanoseconds")
        b.sampleTypes = [ValueType(type: "samples", unit: "count"), ValueType(type: "cpu", unit: "nanoseconds")]
        let locations = try readSamples(&r, adjust: false, into: &b)
        let rest = r.position.map { r.data[$0...] } ?? []
        try JavaProfileParser.parseLocations(rest, locations: locations, into: &b)
        try JavaProfileParser.stripAddresses(&b)
        return b
    }

    /// Reads sample records up to the end marker or the end of the data, and
    /// returns the location made for each address. With `adjust`, every address
    /// but the leaf is moved back by one, onto the call instruction.
    static func readSamples(
        _ r: inout WordReader, adjust: Bool, into b: inout LegacyProfileBuilder
    ) throws -> [UInt64: Int] {
        var table: [UInt64: Int] = [:]
        while r.remaining > 0 {
            let count = r.next()
            let depth = r.next()
            // The depth is checked against 4-byte words whatever the word size.
            guard r.position != nil, depth <= UInt64(r.remaining / 4) else {
                throw LegacyParseError.unrecognized
            }
            var addresses: [UInt64] = []
            addresses.reserveCapacity(Int(depth))
            for _ in 0..<Int(depth) { addresses.append(r.next()) }
            if count == 0 && depth == 1 && addresses[0] == 0 { break }
            var stack: [Int] = []
            stack.reserveCapacity(addresses.count)
            for (i, a) in addresses.enumerated() {
                let address = adjust && i > 0 ? a &- 1 : a
                stack.append(b.location(for: address, in: &table))
            }
            let c = Int64(bitPattern: count)
            b.samples.append(.init(locations: stack, values: [c, c &* b.period]))
        }
        return table
    }

    /// When nearly every sample has the same second frame, that frame was pushed
    /// by the signal handler, not by the program: remove it (at most twice).
    /// "Nearly" allows one different sample per 32.
    static func removeSignalHandlerFrames(_ b: inout LegacyProfileBuilder) {
        let total = b.samples.count
        let margin = total / 32
        for _ in 0..<2 {
            var counts: [UInt64: Int] = [:]
            for s in b.samples where s.locations.count > 1 {
                counts[b.locationPool[s.locations[1]].address, default: 0] += 1
            }
            // At most one address can reach the threshold, so order does not matter.
            guard let address = counts.first(where: { $0.value >= total - margin })?.key else { continue }
            for i in b.samples.indices {
                let locs = b.samples[i].locations
                if locs.count > 1 && b.locationPool[locs[1]].address == address {
                    b.samples[i].locations.remove(at: 1)
                }
            }
        }
    }
}
