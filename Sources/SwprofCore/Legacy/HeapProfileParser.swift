/// Text heap profiles: `heap profile: N: B [N: B] @ heap/RATE` (gperftools and Go's
/// `debug=1` heap output), the `heapz_v2`, `heap_v2` and `heapprofile` variants,
/// and the growth (`@ growthz`) and fragmentation (`@ fragmentationz`) profiles.
///
/// Each sample line is `inuse-count: inuse-bytes [alloc-count: alloc-bytes] @ pc…`.
/// Sampled (v2) profiles are unsampled: each count and size is divided by the
/// chance that an allocation of that average size was sampled.
enum HeapProfileParser {
    static let header = GoRegex(
        #"heap profile: *(\d+): *(\d+) *\[ *(\d+): *(\d+) *\] *@ *(heap[_a-z0-9]*)/?(\d*)"#)
    static let sampleLine = GoRegex(#"(-?\d+): *(-?\d+) *\[ *(\d+): *(\d+) *] @([ x0-9a-f]*)"#)
    static let growthHeader = GoRegex(#"heap profile: *(\d+): *(\d+) *\[ *(\d+): *(\d+) *\] @ growthz?"#)
    static let fragmentationHeader = GoRegex(
        #"heap profile: *(\d+): *(\d+) *\[ *(\d+): *(\d+) *\] @ fragmentationz?"#)

    /// How sample values relate to what was allocated.
    enum Sampling {
        /// Values are exact.
        case none
        /// Poisson sampling at an average rate: values are scaled up.
        case v2
    }

    static func parse(_ data: [UInt8]) throws -> LegacyProfileBuilder {
        try parseWithComments(data).builder
    }

    /// The parsed profile and, for each sample, the comment lines after its
    /// line (Go's `debug=1` heap text names the frames there).
    struct Result {
        var builder: LegacyProfileBuilder
        var stackComments: [[ArraySlice<UInt8>]]
    }

    static func parseWithComments(_ data: [UInt8]) throws -> Result {
        var comments: [[ArraySlice<UInt8>]] = []
        var s = LineScanner(data)
        guard s.scan() else {
            try s.check()
            throw LegacyParseError.unrecognized
        }
        var b = LegacyProfileBuilder()
        var sampling = Sampling.none
        var hasAlloc = false
        let first = s.text
        b.periodType = ValueType(type: "space", unit: "bytes")
        if let h = header.submatches(first) {
            (sampling, b.period, hasAlloc) = try parseHeader(h)
        } else if growthHeader.matches(first) || fragmentationHeader.matches(first) {
            b.period = 1
        } else {
            throw LegacyParseError.unrecognized
        }
        if hasAlloc {
            // Allocation values first, so the default sample type is inuse_space.
            b.sampleTypes = [
                ValueType(type: "alloc_objects", unit: "count"), ValueType(type: "alloc_space", unit: "bytes"),
                ValueType(type: "inuse_objects", unit: "count"), ValueType(type: "inuse_space", unit: "bytes"),
            ]
        } else {
            b.sampleTypes = [ValueType(type: "objects", unit: "count"), ValueType(type: "space", unit: "bytes")]
        }

        var table: [UInt64: Int] = [:]
        while s.scan() {
            let line = GoText.trimSpace(s.text)
            if GoText.isSpaceOrComment(line) {
                if !comments.isEmpty && !line.isEmpty { comments[comments.count - 1].append(line) }
                continue
            }
            if MemoryMapParser.isSentinel(line) { break }
            let (values, blockSize, addresses) = try parseSample(
                line, rate: b.period, sampling: sampling, includeAlloc: hasAlloc)
            // Each address is a return address: step back onto the call.
            let stack = addresses.map { b.location(for: $0 &- 1, in: &table) }
            b.samples.append(.init(locations: stack, values: values, numLabels: ["bytes": [blockSize]]))
            comments.append([])
        }
        try s.check()
        try b.parseAdditionalSections(&s)
        return Result(builder: b, stackComments: comments)
    }

    /// Sampling kind, rate and whether allocation totals differ from in-use ones.
    static func parseHeader(_ h: [String]) throws -> (Sampling, Int64, Bool) {
        var period: Int64 = 0
        if !h[6].isEmpty {
            guard case .success(let v) = GoText.parseInt(h[6], base: 10) else {
                throw LegacyParseError.unrecognized
            }
            period = v
        }
        let hasAlloc = (h[3] != h[1] && h[3] != "0") || (h[4] != h[2] && h[4] != "0")
        switch h[5] {
        case "heapz_v2", "heap_v2": return (.v2, period, hasAlloc)
        case "heapprofile": return (.none, 1, hasAlloc)
        // Go's runtime writes twice the sampling rate after "heap/".
        case "heap": return (.v2, period / 2, hasAlloc)
        default: throw LegacyParseError.unrecognized
        }
    }

    /// Values (alloc count and bytes if wanted, then in-use count and bytes), the
    /// average block size, and the stack addresses of one sample line.
    static func parseSample(
        _ line: ArraySlice<UInt8>, rate: Int64, sampling: Sampling, includeAlloc: Bool
    ) throws -> ([Int64], Int64, [UInt64]) {
        guard let m = sampleLine.firstMatch(in: line) else {
            throw LegacyParseError.malformed("unexpected number of sample values: got 0, want 6")
        }
        let text = GoText.string(line)
        var values: [Int64] = []
        var blockSize: Int64 = 0
        func add(_ countText: ArraySlice<UInt8>, _ sizeText: ArraySlice<UInt8>, _ label: String) throws {
            var count = try number(countText, line: text)
            var size = try number(sizeText, line: text)
            if count == 0 && size != 0 {
                throw LegacyParseError.malformed("\(label) count was 0 but \(label) bytes was \(size)")
            }
            if count != 0 {
                blockSize = GoText.divide(size, count)
                if sampling == .v2 { (count, size) = scale(count: count, size: size, rate: rate) }
            }
            values.append(count)
            values.append(size)
        }
        if includeAlloc { try add(m[3] ?? [], m[4] ?? [], "allocation") }
        try add(m[1] ?? [], m[2] ?? [], "inuse")
        let addresses = try LegacyAddresses.parse(m[5] ?? [], line: text)
        return (values, blockSize, addresses)
    }

    private static func number(_ s: ArraySlice<UInt8>, line: String) throws -> Int64 {
        switch GoText.parseInt(s, base: 10) {
        case .success(let v): return v
        case .failure(let e):
            throw LegacyParseError.malformed(
                "malformed sample: \(line): \(GoText.numberErrorText(function: "ParseInt", s, e))")
        }
    }

    /// Estimates the unsampled count and size: a sample of average size S taken
    /// by a Poisson process of mean R appears with probability 1 - exp(-S/R).
    /// A rate of 1 or less means every allocation was recorded.
    static func scale(count: Int64, size: Int64, rate: Int64) -> (Int64, Int64) {
        if count == 0 || size == 0 { return (0, 0) }
        if rate <= 1 { return (count, size) }
        let averageSize = Double(size) / Double(count)
        let factor = 1 / (1 - GoMath.exp(-averageSize / Double(rate)))
        return (GoText.int64(Double(count) * factor), GoText.int64(Double(size) * factor))
    }
}
